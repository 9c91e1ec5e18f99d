package org.resalign.core.search;

import java.util.List;
import java.util.Locale;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.opt.StopReason;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmSolution;

/**
 * A claim about the optima of the Unconstrained Jacobians Model (paper §3.3, Definition 3.2, and its generalisations)
 * that {@link CounterexampleSearch} tries to break: a box of instances, and a judge of one solved instance.
 */
public interface Conjecture extends java.io.Serializable {

    /** What the theory leads one to expect. */
    enum Expectation {
        /** Proven (Theorem 3.3): a counterexample would be a bug or a flaw in the proof. */
        PROVEN,
        /** Known to be false; the search's own negative control. */
        FALSE,
        /** Observed in trained networks or conjectured, not proven for the model. */
        OPEN
    }

    /**
     * What a conjecture says and where it is searched.
     *
     * @param name        the option spelling, e.g. {@code rank-le-classes}
     * @param statement   the claim, with its thresholds
     * @param source      where the claim comes from in the paper
     * @param expectation what the theory leads one to expect
     * @param space       the instances the search draws from
     */
    record About(String name, String statement, String source, Expectation expectation, ParameterSpace space)
            implements java.io.Serializable {
    }

    /** What this conjecture says and where it is searched. */
    About about();

    default String name() {
        return about().name();
    }

    default String statement() {
        return about().statement();
    }

    default String source() {
        return about().source();
    }

    default Expectation expectation() {
        return about().expectation();
    }

    default ParameterSpace space() {
        return about().space();
    }

    /** Judges the solver's optimum of one instance. */
    Judgement judge(UjmSolution solution);

    /** The shipped conjectures, in a fixed order. */
    static List<Conjecture> all() {
        return List.of(
                Theorem33Structure.paper(),
                new RankAtMostClasses(),
                new AlignedAcrossLayers(),
                new InverseDepth(),
                Theorem33Structure.otherLosses(),
                new ShortPaths(),
                new LesionRobust());
    }

    /** The conjecture of that name. */
    static Conjecture named(String name) {
        for (Conjecture c : all()) {
            if (c.name().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new InvalidInputException("conjecture", "unknown {conjecture} '%s' (expected one of "
                + String.join(", ", all().stream().map(Conjecture::name).toList()) + ")", name);
    }

    /**
     * Whether the solver reached a stationary point: it stopped on its gradient tolerance. The structural claims below
     * are statements about stationary points, so a run that ran out of iterations or stalled in its line search says
     * nothing about them.
     */
    static boolean stationary(UjmSolution solution) {
        return solution.result().reason() == StopReason.GRADIENT_TOLERANCE;
    }

    /** The sentence an inconclusive judgement gives for a solver that did not reach a stationary point. */
    static String notStationary(UjmSolution solution) {
        return String.format(Locale.ROOT, "the solver stopped on %s after %d iterations with ‖∇f‖ = %.2e, "
                        + "not at a stationary point",
                solution.result().reason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                solution.result().iterations(), solution.result().gradientNorm());
    }

    /** The losses whose multi-class gradient sums to zero over the classes (softmax-type). */
    static boolean gradientSumsToZero(Loss loss) {
        return loss != Loss.SQUARED;
    }
}
