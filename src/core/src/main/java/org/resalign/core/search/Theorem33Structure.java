package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.JacobianStructure;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;

/**
 * Theorem 3.3 (paper §3.3, Appendix B) as a searchable claim, for a set of losses: for one input and two classes,
 * no point of the model has an objective below the aligned family's minimum, and a global optimum has rank-one,
 * aligned Jacobians with equal top singular values and {@code w ∥ Δx} (DESIGN.md's verdict, default tolerances).
 *
 * <p>A counterexample is either a point below the aligned minimum by more than {@code 1e-10} relative (whether or not
 * the solver converged: any such point refutes a claim about the global minimum), or a stationary point at the
 * aligned minimum (within {@code 1e-8}) without the structure (a second global optimum). A solver that stops above
 * the aligned minimum is inconclusive. The slack is the relative gap plus the counterexample tolerance.
 *
 * @param name      the conjecture's name
 * @param losses    the losses searched
 * @param space     the box searched
 */
record Theorem33Structure(String name, List<Loss> losses, ParameterSpace space) implements Conjecture {

    private static final Theorem33Tolerances TOL = Theorem33Tolerances.DEFAULT;

    /** {@code thm33}: the paper's logistic loss. */
    static Theorem33Structure paper() {
        return new Theorem33Structure("thm33", List.of(Loss.LOGISTIC), box(List.of(Loss.LOGISTIC)));
    }

    /** {@code other-losses}: the exponential and squared losses, for which the paper does not state the theorem. */
    static Theorem33Structure otherLosses() {
        List<Loss> losses = List.of(Loss.EXPONENTIAL, Loss.SQUARED);
        return new Theorem33Structure("other-losses", losses, box(losses));
    }

    private static ParameterSpace box(List<Loss> losses) {
        return new ParameterSpace(new ParameterSpace.Range(1, 24), new ParameterSpace.Range(1, 16), 1e-4, 10,
                losses, new ParameterSpace.Range(1, 1), new ParameterSpace.Range(2, 2), 0.1, 10, false);
    }

    @Override
    public String statement() {
        return "For one input and two classes (" + String.join(", ", losses.stream().map(Loss::optionName).toList())
                + " loss), no point beats the aligned family's minimum by more than 1e-10 relative, and the optimum "
                + "has σ₂/σ₁ ≤ 1e-6 in every J_i, u₁ = v₁ = Δx/‖Δx‖ and w ∥ Δx to 1e-6, and equal σ₁ to 1e-6";
    }

    @Override
    public String source() {
        return name.equals("thm33") ? "Theorem 3.3 (§3.3, App. B)"
                : "Theorem 3.3 (§3.3, App. B) beyond the paper's loss; App. B's monotone-loss step does not cover the "
                + "squared loss";
    }

    @Override
    public Expectation expectation() {
        return name.equals("thm33") ? Expectation.PROVEN : Expectation.OPEN;
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        UjmProblem p = solution.problem();
        AlignedOptimum aligned = AlignedFamily.solve(p.loss(), p.depth(), p.lambda(), p.inputNorm(),
                p.data().labels()[0]);
        Theorem33Verdict v = Theorem33Verdict.judge(solution.model(), solution.theta(), solution.result().value(),
                aligned, TOL);
        JacobianStructure s = v.structure();
        Map<String, Double> figures = Map.of(
                "relativeGap", v.relativeGap(),
                "maxRankOneRatio", s.maxRankOneRatio(),
                "crossLayerDeficit", 1 - s.minCrossLayerAlignment(),
                "leftRightDeficit", 1 - s.minLeftRightAlignment(),
                "classifierDeficit", 1 - v.classifierInputCosine(),
                "singularValueSpread", s.singularValueSpread() - 1,
                "alignedS", aligned.s(),
                "iterations", (double) solution.result().iterations());
        String measure = "relative gap to the aligned minimum";
        double slack = v.relativeGap() + TOL.counterexample();
        if (v.counterexample()) {
            return new Judgement(Outcome.VIOLATED, measure, v.relativeGap(), -TOL.counterexample(), slack,
                    String.format(Locale.ROOT, "the solver's point lies %.3e below the aligned minimum",
                            -v.relativeGap()), figures);
        }
        if (v.holds()) {
            return new Judgement(Outcome.HOLDS, measure, v.relativeGap(), -TOL.counterexample(), slack,
                    "the optimum is the aligned family's, with its structure", figures);
        }
        boolean atMinimum = Math.abs(v.relativeGap()) <= TOL.objective();
        if (atMinimum && Conjecture.stationary(solution)) {
            return new Judgement(Outcome.VIOLATED, measure, v.relativeGap(), -TOL.counterexample(), slack,
                    "a stationary point at the aligned minimum without the structure: " + v.failures(), figures);
        }
        return new Judgement(Outcome.INCONCLUSIVE, measure, v.relativeGap(), -TOL.counterexample(), slack,
                !Conjecture.stationary(solution) ? Conjecture.notStationary(solution)
                        : String.format(Locale.ROOT, "a stationary point %.3e above the aligned minimum: a local "
                        + "optimum, and the claim is about the global one", v.relativeGap()), figures);
    }
}
