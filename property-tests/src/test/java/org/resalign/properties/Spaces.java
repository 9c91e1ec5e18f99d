package org.resalign.properties;

import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

import org.resalign.core.search.ParameterSpace;
import org.resalign.core.search.ParameterSpace.Range;
import org.resalign.core.ujm.UjmProblem;

/**
 * Generators of Unconstrained Jacobians Model instances (paper Definition 3.2 and its N-input, C-class
 * generalisation) drawn from a {@link ParameterSpace}, the same description of "which problems" the counterexample
 * search samples from, so that a property and the search speak of the same box.
 *
 * <p>The distributions follow {@link ParameterSpace#sample}: {@code D, L, N, C} uniform on their ranges (jqwik
 * shrinks them towards the minimum), {@code λ} and {@code ‖Δx‖} log-uniform (an exponent, shrunk towards
 * {@code 10⁰ = 1} when the range contains it and towards the nearer end otherwise, with three decimals so that a
 * shrunk case reads e.g. {@code λ = 10^-2.5}), the loss uniform over the space's list (shrunk towards its first
 * entry), the seed uniform on {@code [0, 2³¹)} (shrunk towards 0). {@code dimAboveClasses} is honoured by drawing
 * {@code C} first and {@code D} from {@link ParameterSpace#dimFor(int)}.
 */
final class Spaces {

    /**
     * jqwik's default distribution of numbers leans towards the shrinking target; the space's distributions are
     * uniform (on the exponent for λ and ‖Δx‖), so generation uses this one. Shrinking is unaffected.
     */
    static final RandomDistribution UNIFORM = RandomDistribution.uniform();

    private Spaces() {
    }

    /** Problems from {@code space}; every one satisfies {@code space.contains(p)}. */
    static Arbitrary<UjmProblem> problems(ParameterSpace space) {
        Range classes = space.classRange();
        return integers(classes).flatMap(c -> Combinators.combine(
                        integers(space.dimFor(c)),
                        integers(space.depth()),
                        logUniform(space.lambdaMin(), space.lambdaMax()),
                        Arbitraries.of(space.losses()),
                        integers(space.samples()),
                        logUniform(space.normMin(), space.normMax()),
                        Arbitraries.longs().between(0, ParameterSpace.SEED_BOUND - 1).withDistribution(UNIFORM))
                .as((d, l, lambda, loss, n, norm, seed) -> new UjmProblem(d, l, lambda, loss, n, c, norm, seed)));
    }

    /** Uniform integers on an inclusive range, shrinking towards its minimum. */
    static Arbitrary<Integer> integers(Range range) {
        return Arbitraries.integers().between(range.min(), range.max()).withDistribution(UNIFORM);
    }

    /**
     * Log-uniform doubles on {@code [min, max]} ({@code 0 < min ≤ max}): {@code 10^e} with {@code e} uniform on
     * {@code [log₁₀ min, log₁₀ max]} at three decimals, clamped into the range against rounding of the power.
     */
    static Arbitrary<Double> logUniform(double min, double max) {
        if (!(min > 0 && min <= max && Double.isFinite(max))) {
            throw new IllegalArgumentException("need 0 < min <= max < ∞, got " + min + ", " + max);
        }
        double lo = Math.ceil(Math.log10(min) * 1000) / 1000;
        double hi = Math.floor(Math.log10(max) * 1000) / 1000;
        if (lo > hi) {
            return Arbitraries.just(min);
        }
        return Arbitraries.doubles().between(lo, hi).ofScale(3).withDistribution(UNIFORM)
                .map(e -> Math.max(min, Math.min(max, Math.pow(10, e))));
    }

    /** Fails the property with {@code message} unless {@code condition} holds. */
    static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }
}
