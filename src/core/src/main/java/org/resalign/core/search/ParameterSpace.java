package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmProblem;

/**
 * A box of Unconstrained Jacobians Model instances (paper Definition 3.2 and its N-input, C-class generalisation):
 * the one description of "which problems" that both the counterexample search and the property tests draw from.
 *
 * <p>Distributions: {@code D, L, N, C} uniform on their integer ranges; {@code λ} and {@code ‖Δx‖} log-uniform; the
 * loss uniform over {@code losses}; the seed of the data and of the solver's start uniform on {@code [0, 2³¹)}. When
 * {@code dimAboveClasses} holds, {@code D} is drawn from {@code [max(dim.min, C+1), dim.max]} so that a Jacobian can
 * have more than {@code C} non-zero singular values at all.
 *
 * @param dim             range of {@code D}
 * @param depth           range of {@code L}
 * @param lambdaMin       smallest {@code λ > 0}
 * @param lambdaMax       largest {@code λ}
 * @param losses          the losses drawn from
 * @param samples         range of {@code N}
 * @param classes         range of {@code C}
 * @param normMin         smallest {@code ‖Δx‖}
 * @param normMax         largest {@code ‖Δx‖}
 * @param dimAboveClasses require {@code D > C}
 */
public record ParameterSpace(Range dim, Range depth, double lambdaMin, double lambdaMax, List<Loss> losses,
                             Range samples, Range classes, double normMin, double normMax, boolean dimAboveClasses)
        implements java.io.Serializable {

    /** Seeds are drawn below this bound, so that a counterexample's seed is short enough to type. */
    public static final long SEED_BOUND = 1L << 31;

    /** An inclusive integer range. */
    public record Range(int min, int max) implements java.io.Serializable {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("empty range " + min + ".." + max);
            }
        }

        public boolean contains(int v) {
            return v >= min && v <= max;
        }

        int draw(RandomGenerator rng) {
            return min + rng.nextInt(max - min + 1);
        }

        int clamp(int v) {
            return Math.max(min, Math.min(max, v));
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "–" + max;
        }
    }

    public ParameterSpace {
        losses = List.copyOf(losses);
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("need at least one loss");
        }
        if (!(lambdaMin > 0 && lambdaMin <= lambdaMax && Double.isFinite(lambdaMax))) {
            throw new IllegalArgumentException("need 0 < lambdaMin <= lambdaMax < ∞");
        }
        if (!(normMin > 0 && normMin <= normMax && Double.isFinite(normMax))) {
            throw new IllegalArgumentException("need 0 < normMin <= normMax < ∞");
        }
        if (dim.min() < 1 || depth.min() < 1 || samples.min() < 1 || classes.min() < 2) {
            throw new IllegalArgumentException("need D, L, N >= 1 and C >= 2");
        }
        if (dimAboveClasses && dim.max() <= classes.min()) {
            throw new IllegalArgumentException("D > C is impossible with D <= " + dim.max());
        }
    }

    /** The range of {@code D} for a given {@code C}. */
    public Range dimFor(int c) {
        return dimAboveClasses ? new Range(Math.max(dim.min(), Math.min(c + 1, dim.max())), dim.max()) : dim;
    }

    /** The range of {@code C} that leaves room for {@code D > C}. */
    public Range classRange() {
        return dimAboveClasses ? new Range(classes.min(), Math.min(classes.max(), dim.max() - 1)) : classes;
    }

    /** One instance drawn from the box. */
    public UjmProblem sample(RandomGenerator rng) {
        int c = classRange().draw(rng);
        int d = dimFor(c).draw(rng);
        int l = depth.draw(rng);
        int n = samples.draw(rng);
        double lambda = logUniform(rng, lambdaMin, lambdaMax);
        double norm = logUniform(rng, normMin, normMax);
        Loss loss = losses.get(rng.nextInt(losses.size()));
        long seed = rng.nextLong(SEED_BOUND);
        return new UjmProblem(d, l, lambda, loss, n, c, norm, seed);
    }

    /**
     * A neighbour of {@code p} inside the box, for the adaptive phase of the search: each integer moves by at most one
     * with probability ½, {@code λ} and {@code ‖Δx‖} are multiplied by {@code e^{0.5·z}} ({@code z} standard normal,
     * clamped to the box), the loss is redrawn with probability ¼, and the seed is redrawn with probability ½.
     */
    public UjmProblem neighbour(UjmProblem p, RandomGenerator rng) {
        int c = classRange().clamp(step(p.classes(), rng));
        int d = dimFor(c).clamp(step(p.dim(), rng));
        int l = depth.clamp(step(p.depth(), rng));
        int n = samples.clamp(step(p.samples(), rng));
        double lambda = clamp(p.lambda() * Math.exp(0.5 * rng.nextGaussian()), lambdaMin, lambdaMax);
        double norm = clamp(p.inputNorm() * Math.exp(0.5 * rng.nextGaussian()), normMin, normMax);
        Loss loss = rng.nextInt(4) == 0 ? losses.get(rng.nextInt(losses.size())) : p.loss();
        long seed = rng.nextBoolean() ? rng.nextLong(SEED_BOUND) : p.seed();
        return new UjmProblem(d, l, lambda, loss, n, c, norm, seed);
    }

    /** Whether {@code p} lies in the box. */
    public boolean contains(UjmProblem p) {
        return classRange().contains(p.classes()) && dimFor(p.classes()).contains(p.dim())
                && depth.contains(p.depth()) && samples.contains(p.samples()) && losses.contains(p.loss())
                && p.lambda() >= lambdaMin && p.lambda() <= lambdaMax && p.inputNorm() >= normMin
                && p.inputNorm() <= normMax;
    }

    /** A one-line description, e.g. {@code D 2–16, L 1–12, λ 1e-03–1e+00 (log), …}. */
    public String describe() {
        return String.format(Locale.ROOT, "D %s, L %s, λ %.0e–%.0e (log-uniform), ‖Δx‖ %s–%s (log-uniform), "
                        + "N %s, C %s, loss %s%s", dim, depth, lambdaMin, lambdaMax, compact(normMin), compact(normMax),
                samples, classes, String.join("|", losses.stream().map(Loss::optionName).toList()),
                dimAboveClasses ? ", D > C" : "");
    }

    private static String compact(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static int step(int v, RandomGenerator rng) {
        return rng.nextBoolean() ? v : v + (rng.nextBoolean() ? 1 : -1);
    }

    private static double logUniform(RandomGenerator rng, double lo, double hi) {
        return lo == hi ? lo : Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
