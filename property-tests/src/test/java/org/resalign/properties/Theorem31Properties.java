package org.resalign.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.resalign.core.thm31.Theorem31Check;
import org.resalign.core.thm31.Theorem31Construction;
import org.resalign.core.thm31.Theorem31Result;
import org.resalign.core.thm31.Violation;

/**
 * Theorem 3.1 (paper §3.2, proof in Appendix A) is exact under its assumptions: with exact Jacobian linearisations
 * satisfying RA2+3+4, the representations lie equispaced on a line (RA1) to rounding; breaking one assumption breaks
 * RA1 measurably.
 */
class Theorem31Properties {

    /**
     * The bound on {@code max_k ‖h_k − ĥ_k‖/‖ĥ_k‖}, on the distance from the line {@code √(1 − lineFraction)} and on
     * the spacing CV. The trajectory is {@code L ≤ 256} rank-one updates of a unit vector whose entries grow at most
     * to {@code L+1}; each update adds a relative rounding error of a few ulps, so every figure stays below about
     * {@code L·1e-16 ≤ 3e-14}: 1e-10 is tight, and a violation of size {@code ε ≥ 0.01} is many orders above it.
     */
    static final double TOLERANCE = 1e-10;

    /**
     * Paper §3.2, Theorem 3.1: for {@code J_i = (1/i)·uuᵀ} (RA2: one shared direction; RA3: rank one; RA4:
     * {@code σ₁ = 1/i}) the propagated {@code h_{k} = (I + J_{k−1})h_{k−1}} equals the theorem's closed form
     * {@code (k−1)uuᵀh_1 + h_1} and satisfies RA1 (points on a line, equal spacing) to {@link #TOLERANCE}, for random
     * {@code D}, {@code L} and seed.
     */
    @Property(seed = "3101")
    void ra1HoldsExactlyUnderRa2Ra3Ra4(@ForAll("dims") int dim, @ForAll("depths") int depth,
                                       @ForAll("seeds") long seed) {
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(dim, depth, Violation.NONE, 0, seed),
                TOLERANCE, null, null);
        Spaces.check(r.ra1Holds(), () -> "RA1 fails: distance from the line " + Math.sqrt(r.ra1().lineDeficit())
                + ", spacing CV " + r.ra1().spacingCV());
        Spaces.check(r.formulaHolds(), () -> "the closed form fails: prediction error " + r.predictionError());
    }

    /** {@code D} uniform on {@code [2, 256]}. */
    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.integers().between(2, 256).withDistribution(Spaces.UNIFORM);
    }

    /** {@code L} uniform on {@code [1, 256]}. */
    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 256).withDistribution(Spaces.UNIFORM);
    }

    /** {@code L} uniform on {@code [2, 256]}. */
    @Provide
    Arbitrary<Integer> depthsFromTwo() {
        return Arbitraries.integers().between(2, 256).withDistribution(Spaces.UNIFORM);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs().between(0, Integer.MAX_VALUE).withDistribution(Spaces.UNIFORM);
    }

    @Provide
    Arbitrary<Violation> violations() {
        return Arbitraries.of(Violation.RA2, Violation.RA3, Violation.RA4);
    }

    /**
     * Paper §3.2, Theorem 3.1, negative control: when one of RA2, RA3 or RA4 is broken by {@code ε ∈ [0.01, 0.49]}
     * (the aligned direction turns by {@code ε} per block, a second rank of relative size {@code ε}, or {@code σ₁}
     * decaying as {@code i^{−(1+ε)}}), the same check at the same {@link #TOLERANCE} reports that RA1 fails, for
     * every {@code D}, {@code L ≥ 2} (two points always lie on a line) and seed: the check can fail.
     */
    @Property(seed = "3102")
    void aViolatedAssumptionIsDetected(@ForAll("violations") Violation violation,
                                       @ForAll("epsilons") double epsilon,
                                       @ForAll("dims") int dim,
                                       @ForAll("depthsFromTwo") int depth,
                                       @ForAll("seeds") long seed) {
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(dim, depth, violation, epsilon, seed),
                TOLERANCE, null, null);
        Spaces.check(!r.ra1Holds(), () -> violation + " by " + epsilon + " went undetected: distance from the line "
                + Math.sqrt(r.ra1().lineDeficit()) + ", spacing CV " + r.ra1().spacingCV());
        Spaces.check(!r.holds(), () -> "the check holds although " + violation + " is broken by " + epsilon);
    }

    /** {@code ε = 10^e}, {@code e} uniform on {@code [−2, −0.31]} ({@code ε} from 0.01 to 0.49), shrinking towards 0.1. */
    @Provide
    Arbitrary<Double> epsilons() {
        return Arbitraries.doubles().between(-2, -0.31).ofScale(2).shrinkTowards(-1).withDistribution(Spaces.UNIFORM)
                .map(e -> Math.pow(10, e));
    }
}
