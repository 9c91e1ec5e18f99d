package org.resalign.core.opt;

/**
 * A line search for a step satisfying the strong Wolfe conditions, Nocedal &amp; Wright, <i>Numerical Optimization</i>,
 * 2nd ed., §3.5: Algorithm 3.5 (bracketing) followed by Algorithm 3.6 ("zoom"), with the trial steps chosen by
 * safeguarded cubic interpolation (N&amp;W eq. 3.59, in the overflow-safe form of Moré &amp; Thuente).
 *
 * <p>With {@code φ(α) = f(x + α d)} and a descent direction ({@code φ'(0) < 0}), an accepted step satisfies
 * <pre>
 *   φ(α) ≤ φ(0) + c1 α φ'(0)          (sufficient decrease, N&amp;W eq. 3.7a)
 *   |φ'(α)| ≤ c2 |φ'(0)|              (strong curvature condition, N&amp;W eq. 3.7b)
 * </pre>
 * with {@code 0 < c1 < c2 < 1}; the defaults {@code c1 = 1e-4}, {@code c2 = 0.9} suit quasi-Newton methods.
 *
 * <p>Rounding: near a minimiser, differences of objective values drown in rounding long before the gradient does,
 * and a textbook search then fails although the derivative still shows the way. Values are therefore compared with
 * an allowance {@code ε_f·max(|u|, |v|)} (default {@code ε_f = 1e-10}, 0 restores the textbook tests): the
 * sufficient-decrease test becomes {@code φ(α) ≤ φ(0) + c1 α φ'(0) + ε_f max(|φ(0)|, |φ(α)|)}, and values that tie
 * within the allowance are ordered by the derivative, as in the approximate Wolfe conditions of Hager &amp; Zhang
 * (SIAM J. Optim. 16, 2005). The curvature condition is never relaxed.
 *
 * <p>Robustness: a trial point where {@code f = +∞} is "too far" and the step is shrunk towards the last good step;
 * NaN from the objective raises {@link ArithmeticException}; and if no acceptable step is found within
 * {@code maxEvaluations} evaluations (or the bracket collapses to rounding level), the search reports failure and never
 * returns a NaN step. A direction that is not a descent direction is reported as failure without any evaluation.
 *
 * <p>The search allocates nothing of length {@code n}: the caller passes the output buffers for the trial point and
 * its gradient, which hold the accepted point on success. Instances are immutable and thread-safe.
 */
public final class StrongWolfeLineSearch {

    /** Default sufficient-decrease constant. */
    public static final double DEFAULT_C1 = 1e-4;
    /** Default curvature constant for quasi-Newton directions. */
    public static final double DEFAULT_C2 = 0.9;
    /** Default evaluation budget per search. */
    public static final int DEFAULT_MAX_EVALUATIONS = 40;
    /** Default relative rounding level of objective values (see the class comment). */
    public static final double DEFAULT_VALUE_NOISE = 1e-10;

    /** Extrapolation range of the bracketing phase: next step in [α + 1.1(α − α_prev), α + 4(α − α_prev)]. */
    private static final double EXTRAPOLATE_MIN = 1.1;
    private static final double EXTRAPOLATE_MAX = 4.0;
    /** Zoom trial steps keep this fraction of the bracket width away from its ends. */
    private static final double ZOOM_MARGIN = 0.1;
    /** Fraction of the way from α_lo to α_hi tried when φ(α_hi) = +∞. */
    private static final double SHRINK_TOWARDS_LO = 0.5;

    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private final double valueNoise;

    /**
     * The outcome of one search.
     *
     * @param success                true iff {@code step} satisfies both strong Wolfe conditions
     * @param step                   the accepted step (0 on failure; never NaN)
     * @param value                  {@code φ(step)} ({@code φ(0)} on failure)
     * @param directionalDerivative  {@code φ'(step)} ({@code φ'(0)} on failure)
     * @param evaluations            calls of {@link DifferentiableFunction#valueAndGradient} made
     * @param message                why the search failed, or {@code null} on success
     */
    public record Outcome(boolean success, double step, double value, double directionalDerivative, int evaluations,
                          String message) {
    }

    /** A search with {@code c1 = 1e-4}, {@code c2 = 0.9}, at most 40 evaluations and value noise {@code 1e-10}. */
    public StrongWolfeLineSearch() {
        this(DEFAULT_C1, DEFAULT_C2, DEFAULT_MAX_EVALUATIONS);
    }

    /** As {@link #StrongWolfeLineSearch(double, double, int, double)} with value noise {@code 1e-10}. */
    public StrongWolfeLineSearch(double c1, double c2, int maxEvaluations) {
        this(c1, c2, maxEvaluations, DEFAULT_VALUE_NOISE);
    }

    /**
     * @param c1             sufficient-decrease constant, {@code 0 < c1 < c2}
     * @param c2             curvature constant, {@code c1 < c2 < 1}
     * @param maxEvaluations evaluation budget per search, at least 1
     * @param valueNoise     relative rounding level {@code ε_f ≥ 0} of objective values; 0 gives the textbook
     *                       conditions exactly
     */
    public StrongWolfeLineSearch(double c1, double c2, int maxEvaluations, double valueNoise) {
        if (!(0 < c1 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException("need 0 < c1 < c2 < 1, got c1 = " + c1 + ", c2 = " + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        if (!(valueNoise >= 0 && valueNoise < 1)) {
            throw new IllegalArgumentException("valueNoise must be in [0, 1), got " + valueNoise);
        }
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.valueNoise = valueNoise;
    }

    public double c1() {
        return c1;
    }

    public double c2() {
        return c2;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    public double valueNoise() {
        return valueNoise;
    }

    /** The rounding allowance {@code ε_f · max(|u|, |v|)} when comparing objective values u and v. */
    private double noise(double u, double v) {
        final double scale = Math.max(Math.abs(u), Math.abs(v));
        return scale < Double.POSITIVE_INFINITY ? valueNoise * scale : 0; // no allowance next to ±∞
    }

    /** Sufficient decrease (N&W eq. 3.7a), relaxed by the rounding allowance. */
    private boolean sufficientDecrease(double f0, double slope0, double step, double value) {
        return value <= f0 + c1 * step * slope0 + noise(f0, value);
    }

    /** True if {@code u} is higher than {@code v} by more than the rounding allowance (ties go to the derivative). */
    private boolean notLower(double u, double v) {
        return u >= v + noise(u, v);
    }

    /**
     * Searches along {@code d} from {@code x}.
     *
     * @param f           the objective
     * @param x           the current point (not modified)
     * @param fx          {@code f(x)}, finite
     * @param slope       {@code ∇f(x)ᵀd}; must be negative
     * @param d           the search direction (not modified)
     * @param firstStep   the first trial step, {@code > 0}
     * @param xTrial      work buffer of length n; on success holds {@code x + step·d}
     * @param gTrial      work buffer of length n; on success holds {@code ∇f(x + step·d)}
     * @return the outcome; on failure the buffers hold an unspecified trial point
     * @throws ArithmeticException if the objective returns NaN at a finite trial point, or its gradient has NaN there
     */
    public Outcome search(DifferentiableFunction f, double[] x, double fx, double slope, double[] d, double firstStep,
                          double[] xTrial, double[] gTrial) {
        if (!Double.isFinite(fx)) {
            return failure(fx, slope, 0, "f(x) is not finite: " + fx);
        }
        if (!(slope < 0) || Double.isInfinite(slope)) {
            return failure(fx, slope, 0, "not a descent direction: ∇f(x)ᵀd = " + slope);
        }
        if (!(firstStep > 0) || Double.isInfinite(firstStep)) {
            throw new IllegalArgumentException("first step must be finite and > 0, got " + firstStep);
        }
        final Trial trial = new Trial(f, x, d, xTrial, gTrial);
        final double curvatureBound = -c2 * slope;

        // Algorithm 3.5: bracketing.
        double aPrev = 0;
        double fPrev = fx;
        double dPrev = slope;
        double a = firstStep;
        for (int i = 1; ; i++) {
            trial.evaluate(a);
            final double fa = trial.value;
            final double da = trial.slope;
            if (!sufficientDecrease(fx, slope, a, fa) || (i > 1 && notLower(fa, fPrev))) {
                return zoom(trial, fx, slope, aPrev, fPrev, dPrev, a, fa, da);
            }
            if (Math.abs(da) <= curvatureBound) {
                return success(a, fa, da, trial.evaluations);
            }
            if (da >= 0) {
                return zoom(trial, fx, slope, a, fa, da, aPrev, fPrev, dPrev);
            }
            if (trial.evaluations >= maxEvaluations) {
                return failure(fx, slope, trial.evaluations,
                        "no step with |φ'| ≤ c2|φ'(0)| found while extrapolating (unbounded below?)");
            }
            final double width = a - aPrev;
            final double lower = a + EXTRAPOLATE_MIN * width;
            final double upper = a + EXTRAPOLATE_MAX * width;
            // Still steepening (|φ'| not decreasing): the cubic has no minimiser ahead, so extrapolate as far as
            // allowed; otherwise take its minimiser within the range (as Moré & Thuente's dcstep does).
            final double cubic = da <= dPrev ? Double.NaN : cubicMinimizer(aPrev, fPrev, dPrev, a, fa, da);
            final double next = Double.isNaN(cubic) || cubic <= a ? upper : Math.min(Math.max(cubic, lower), upper);
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a = next;
        }
    }

    /**
     * Algorithm 3.6. Invariants: the bracket between {@code lo} and {@code hi} contains acceptable steps;
     * {@code lo} has the lowest value among the sufficient-decrease steps seen; {@code φ'(lo)(hi − lo) < 0}.
     */
    private Outcome zoom(Trial trial, double f0, double slope0, double lo, double fLo, double dLo,
                         double hi, double fHi, double dHi) {
        final double curvatureBound = -c2 * slope0;
        while (true) {
            if (trial.evaluations >= maxEvaluations) {
                return failure(f0, slope0, trial.evaluations,
                        "no strong Wolfe step within " + maxEvaluations + " evaluations");
            }
            final double left = Math.min(lo, hi);
            final double right = Math.max(lo, hi);
            final double width = right - left;
            if (width <= 2 * Math.ulp(right)) {
                return failure(f0, slope0, trial.evaluations,
                        "bracket collapsed to rounding level around step " + lo);
            }
            final double a;
            if (fHi == Double.POSITIVE_INFINITY) {
                a = lo + SHRINK_TOWARDS_LO * (hi - lo);
            } else {
                final double cubic = cubicMinimizer(lo, fLo, dLo, hi, fHi, dHi);
                a = Double.isNaN(cubic) ? 0.5 * (left + right)
                        : Math.min(Math.max(cubic, left + ZOOM_MARGIN * width), right - ZOOM_MARGIN * width);
            }
            trial.evaluate(a);
            final double fa = trial.value;
            final double da = trial.slope;
            if (!sufficientDecrease(f0, slope0, a, fa) || notLower(fa, fLo)) {
                hi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= curvatureBound) {
                    return success(a, fa, da, trial.evaluations);
                }
                if (da * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = a;
                fLo = fa;
                dLo = da;
            }
        }
    }

    /**
     * The minimiser of the cubic interpolating {@code φ} and {@code φ'} at {@code u} and {@code v} (N&amp;W eq. 3.59),
     * computed as in Moré &amp; Thuente's {@code dcstep} to avoid overflow; NaN when it cannot be computed (e.g. an
     * infinite value), so callers fall back to bisection. When the cubic has no local minimiser the discriminant is
     * clamped at 0, which yields its inflection-side extremum, a reasonable extrapolation.
     */
    static double cubicMinimizer(double u, double fu, double du, double v, double fv, double dv) {
        final double d = v - u;
        final double theta = 3 * (fu - fv) / d + du + dv;
        final double s = Math.max(Math.abs(theta), Math.max(Math.abs(du), Math.abs(dv)));
        if (!(s > 0) || Double.isInfinite(s)) {
            return Double.NaN;
        }
        final double ts = theta / s;
        double gamma = s * Math.sqrt(Math.max(0, ts * ts - (du / s) * (dv / s)));
        if (v < u) {
            gamma = -gamma;
        }
        final double p = (gamma - du) + theta;
        final double q = ((gamma - du) + gamma) + dv;
        final double r = p / q;
        final double a = u + r * d;
        return Double.isFinite(a) ? a : Double.NaN;
    }

    private static Outcome success(double step, double value, double slope, int evaluations) {
        return new Outcome(true, step, value, slope, evaluations, null);
    }

    private static Outcome failure(double f0, double slope0, int evaluations, String message) {
        return new Outcome(false, 0, f0, slope0, evaluations, message);
    }

    /** Evaluates {@code φ} and {@code φ'} at trial steps into the caller's buffers. */
    private static final class Trial {
        private final DifferentiableFunction f;
        private final double[] x;
        private final double[] d;
        private final double[] xTrial;
        private final double[] gTrial;
        int evaluations;
        double value;
        double slope;

        Trial(DifferentiableFunction f, double[] x, double[] d, double[] xTrial, double[] gTrial) {
            this.f = f;
            this.x = x;
            this.d = d;
            this.xTrial = xTrial;
            this.gTrial = gTrial;
        }

        void evaluate(double step) {
            Vectors.addScaled(x, step, d, xTrial);
            value = f.valueAndGradient(xTrial, gTrial);
            evaluations++;
            if (Double.isNaN(value)) {
                if (!Vectors.allFinite(xTrial)) {
                    value = Double.POSITIVE_INFINITY; // the step overflowed the point itself: far too long
                } else {
                    throw new ArithmeticException("objective returned NaN at a finite trial point (step " + step
                            + " along the search direction)");
                }
            }
            if (value == Double.POSITIVE_INFINITY) {
                slope = Double.NaN; // the gradient is meaningless there; never used (zoom shrinks instead)
                return;
            }
            slope = Vectors.dot(gTrial, d);
            if (Double.isNaN(slope)) {
                throw new ArithmeticException("gradient contains NaN (or overflows) at a trial point (step " + step
                        + ", f = " + value + ")");
            }
        }
    }
}
