package org.resalign.core.ujm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

/**
 * The aligned family of the binary Unconstrained Jacobians Model and its global minimum, to full double precision.
 *
 * <h2>The reduced problem</h2>
 * The binary UJM with one input {@code Δx} (norm {@code r = ‖Δx‖ > 0}), depth {@code L ≥ 1}, weight decay
 * {@code λ > 0} and label {@code y = ±1} (paper §3.3, Definition 3.2) minimises
 * {@code ℓ(y·wᵀ(I+J_L)…(I+J_1)Δx) + λ/2 Σ‖J_i‖_F² + λ/2 ‖w‖²}. Theorem 3.3 (proved in Appendix B with the
 * Miranda–Thompson trace inequality, AM–GM and Jensen) says a global optimum lies in the aligned family
 * {@code J_i = s·uuᵀ}, {@code w = ω·u}, {@code u = Δx/r}, on which the objective is
 * <pre>
 *   f(s, ω) = ℓ(m) + λ/2 (L s² + ω²),     m = y·ω·r·(1+s)^L.
 * </pre>
 * This class finds the global minimum of {@code f} over all of {@code R²}. Below {@code y = +1}; the label
 * {@code −1} is the mirror image {@code ω ↦ −ω}.
 *
 * <h2>Where the minimum can be</h2>
 * For all three {@link Loss losses} {@code ℓ(−x) > ℓ(x)} for {@code x > 0}, and {@code ℓ'(0) < 0}.
 * <ol>
 *   <li><b>{@code s ≥ 0}, {@code ω ≥ 0} suffice.</b> Given any {@code (s, ω)} with margin {@code m}, the point
 *       {@code (|s|, ν)}, {@code ν = |m| / (r(1+|s|)^L)}, has margin {@code |m|}, the same {@code s²}, and
 *       {@code ν ≤ |ω|} because {@code |1+s| ≤ 1+|s|}; so it is no worse, and strictly better when {@code m < 0}
 *       or {@code s < 0 ≠ ω}. In particular: for {@code −1 < s < 0} the stationarity relation below would need
 *       {@code ω² = s(1+s) < 0}, impossible, so there is no stationary point at all there; and a point with
 *       {@code s < −1} is beaten by its reflection {@code s' = −2−s}, which has the same {@code |1+s|} and
 *       {@code s'² − s² = 4(1+s) < 0} (and then by {@code |s'|}).</li>
 *   <li><b>Not on the boundary.</b> At {@code ω = 0}, {@code ∂f/∂ω = ℓ'(0)·r·(1+s)^L ≠ 0}; at {@code s = 0},
 *       {@code ω > 0}, {@code ∂f/∂s = ℓ'(m)·ω·r·L < 0} whenever {@code ℓ'(m) < 0}, which holds at the best
 *       {@code ω} of every loss. In particular the "trivial" point {@code (0, 0)} with {@code f = ℓ(0)} is
 *       <em>not</em> stationary, for any {@code λ}: the minimum is always strictly below {@code ℓ(0)}. Since
 *       {@code f} is continuous and coercive (for {@code λ > 0}) the minimum exists, and it is an interior stationary
 *       point with {@code s > 0}, {@code ω > 0}.</li>
 * </ol>
 *
 * <h2>Stationarity</h2>
 * With {@code A = r(1+s)^L} and {@code m = ωA}: {@code ∂f/∂ω = ℓ'(m)A + λω} and
 * {@code ∂f/∂s = ℓ'(m)·m·L/(1+s) + λLs}. Multiplying the first by {@code ω} and the second by {@code (1+s)/L}
 * (both nonzero at an interior point) gives {@code ℓ'(m)m + λω² = 0 = ℓ'(m)m + λs(1+s)}, hence
 * <pre>
 *   ω² = s(1+s),   φ(s) = ℓ'(m(s))·m(s) + λ s(1+s) = 0,   m(s) = r·√(s(1+s))·(1+s)^L.
 * </pre>
 * The curve {@code ω² = s(1+s)} is exactly the valley of {@code f}: at fixed margin {@code m},
 * {@code L s² + (m/r)²(1+s)^{−2L}} is strictly convex in {@code s > −1} with its minimum where
 * {@code s(1+s) = ω²}. Along the valley, parametrised by {@code ω} (the margin grows strictly with {@code ω}),
 * {@code d f(s(ω), ω) / dω = κ·ψ(ω)} with {@code κ = 1 + 2Ls/(1+2s) > 0} and
 * <pre>
 *   ψ(ω) = ∂f/∂ω = λω − r(1+s)^L·(−ℓ'(m)),   s = s(ω) = 2ω² / (1 + √(1+4ω²)),
 * </pre>
 * and {@code φ = ω·ψ}. So the global minimum of {@code f} is the lowest local minimum of this one-variable
 * profile. The code solves {@code ψ = 0} rather than {@code φ = 0}: same roots for {@code s > 0},
 * but {@code ψ(0) = ℓ'(0)·r < 0} has no spurious root at the origin, and roots far below {@code 10⁻³⁰⁰} in
 * {@code s} (huge {@code λ}) stay representable in {@code ω ≈ √s}. A root where {@code ψ} goes from negative to
 * positive is a local minimum of {@code f}, from positive to negative a saddle. There can be several: for small
 * {@code r} and large {@code L} (e.g. logistic, {@code L = 32}, {@code r = 0.01}, {@code 0.065 < λ < 1.25}) a
 * barely-moved minimum near the origin and an amplified one with a large margin coexist, separated by a saddle,
 * and the global minimum jumps from one to the other as {@code λ} crosses a critical value.
 *
 * <h2>Bracketing bound</h2>
 * Let {@code C = sup_{m>0} (−ℓ'(m)·m)}: {@code W(1/e) ≈ 0.27846} (logistic, attained at
 * {@code m = 1 + W(1/e)}), {@code 1/e} (exponential, at {@code m = 1}), {@code 1/4} (squared, at {@code m = 1/2}).
 * Since {@code φ(s) ≥ λω² − C}, every root has {@code ω ≤ ω_max = √(C/λ)} (so {@code s(1+s) ≤ C/λ}), and
 * {@code ψ > 0} beyond it. On {@code [0, ω_max]} roots are bracketed by the sign changes of {@code ψ} on a
 * grid starting at {@code 0}, {@code 10⁻³⁰⁰} and log-spaced with steps at most {@value #LOG_STEP} in
 * {@code ln ω} and, while {@code m ≤ }{@value #FINE_MARGIN_LIMIT}, at most {@value #LOG_MARGIN_STEP} in
 * {@code ln m} (using {@code d ln m / d ln ω = 1 + 2Ls/(1+2s) ≤ 1+L}); beyond that margin {@code −ℓ'(m)m} is
 * decreasing in {@code m}, so {@code φ} is increasing and has at most one more root. Local extrema of
 * {@code ψ} on the grid that do not cross zero are probed with a Brent minimiser in case a close pair of roots
 * hides between two grid points. Each bracket is then solved with Hipparchus'
 * {@link BracketingNthOrderBrentSolver} until it is one ulp wide, and the end with the smaller {@code |ψ|} is
 * kept (no Newton polish is needed at that point). All roots are evaluated (and, as a guard, the point
 * {@code (0, 0)}, which can never win); the lowest {@code f} is returned, with a scale-free check that its 2×2
 * Hessian is positive semidefinite.
 *
 * <h2>Numerics</h2>
 * {@code (1+s)^L} is {@code exp(L·log1p(s))}; products that could overflow or underflow ({@code r(1+s)^L},
 * {@code ωA}, {@code A·σ(−m)}, …) switch to the log domain, so {@code L = 1000}, {@code r = 100} or
 * {@code λ = 10⁻⁸} neither overflow nor lose digits. The root finder sees {@code ψ} normalised to
 * {@code (λω − g)/(λω + |g|) ∈ [−1, 1]} ({@code g = −ℓ'(m)·r(1+s)^L}), computed as {@code tanh(½ ln(λω/g))} when
 * the terms are tiny, so parameters from {@code 10⁻³⁰⁰} to {@code 10³⁰⁰} work. The grid size does not grow with
 * {@code L}; a solve takes a few milliseconds. When the optimal {@code ω} lies below the double range
 * ({@code ω ≈ r/(2λ) < 10⁻³⁰⁸} for logistic) it rounds to {@code 0} and {@code f} to {@code ℓ(0)}.
 */
public final class AlignedFamily {

    /** Largest grid step in {@code ln ω}. */
    static final double LOG_STEP = 0.25;
    /** Largest grid step in {@code ln m} while the margin is below {@link #FINE_MARGIN_LIMIT}. */
    static final double LOG_MARGIN_STEP = 0.03;
    /** Above this margin {@code −ℓ'(m)m} is decreasing for every loss, so the grid may be coarse. */
    static final double FINE_MARGIN_LIMIT = 8.0;
    /** First positive grid point in {@code ω}. */
    static final double SMALLEST_OMEGA = 1e-300;
    /** Relative tolerance of the numerical positive-semidefiniteness test of the Hessian. */
    static final double PSD_TOLERANCE = 1e-9;
    /** At most this many dips of {@code ψ} are probed for hidden pairs of roots. */
    private static final int MAX_PROBES = 200;
    /** Below this, the two terms of {@code ψ} are compared in the log domain. */
    private static final double NORMALISATION_FLOOR = 1e-250;

    private AlignedFamily() {
    }

    /**
     * The global minimum of the aligned objective {@code f(s, ω) = ℓ(y·ω·r·(1+s)^L) + λ/2 (L s² + ω²)} over
     * {@code (s, ω) ∈ R²} (see the class documentation for the method).
     *
     * @param loss      the binary loss
     * @param depth     {@code L ≥ 1}
     * @param lambda    {@code λ}, finite and {@code > 0}, not subnormal (for {@code λ = 0} the infimum is not
     *                  attained by the logistic and exponential losses, and not isolated for the squared loss)
     * @param inputNorm {@code r = ‖Δx‖}, finite and {@code > 0}
     * @param label     {@code y = +1} or {@code −1}
     * @throws IllegalArgumentException on any invalid argument
     */
    public static AlignedOptimum solve(Loss loss, int depth, double lambda, double inputNorm, int label) {
        validate(loss, depth, lambda, inputNorm, label, true);
        Valley valley = new Valley(loss, depth, lambda, inputNorm);
        List<Double> roots = valley.stationaryOmegas();

        if (roots.isEmpty()) {
            throw new IllegalStateException("no stationary point found for " + loss.optionName() + ", depth "
                    + depth + ", lambda " + lambda + ", input norm " + inputNorm);
        }
        double bestS = Double.NaN;
        double bestOmega = Double.NaN;
        double bestF = Double.POSITIVE_INFINITY;
        for (double omega : roots) {
            double s = Valley.sOf(omega);
            double f = objective(loss, depth, lambda, inputNorm, 1, s, omega);
            if (f < bestF) {
                bestF = f;
                bestS = s;
                bestOmega = omega;
            }
        }
        // The point (0, 0), f = ℓ(0), as a guard: it is never stationary and (see above) never the minimum, so it
        // only wins if every root was missed. (When the optimum's ω is below ~1e-300, f rounds to ℓ(0) and ties.)
        if (loss.value(0.0) < bestF) {
            bestF = loss.value(0.0);
            bestS = 0.0;
            bestOmega = 0.0;
        }
        double m = margin(depth, inputNorm, 1, bestS, bestOmega);
        boolean psd = isLocalMinimum(loss, depth, lambda, inputNorm, bestS, bestOmega);
        return new AlignedOptimum(bestS, label * bestOmega, bestF, m, loss.value(m), roots.size(), psd);
    }

    /**
     * The aligned objective {@code f(s, ω) = ℓ(y·ω·r·(1+s)^L) + λ/2 (L s² + ω²)} at any finite {@code (s, ω)},
     * evaluated without overflow in intermediate quantities ({@code +∞} only when {@code f} itself overflows).
     * Here {@code λ = 0} is accepted (the function is defined; only its minimum is not).
     *
     * @throws IllegalArgumentException on invalid parameters or a non-finite {@code s} or {@code ω}
     */
    public static double objective(Loss loss, int depth, double lambda, double inputNorm, int label,
                                   double s, double omega) {
        validate(loss, depth, lambda, inputNorm, label, false);
        if (!Double.isFinite(s) || !Double.isFinite(omega)) {
            throw new IllegalArgumentException("s and omega must be finite, got s=" + s + ", omega=" + omega);
        }
        double m = margin(depth, inputNorm, label, s, omega);
        double penalty = 0.5 * lambda * (depth * s * s + omega * omega);
        return loss.value(m) + penalty;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Derivatives (package-private: used by the tests)

    /** The margin {@code m = y·ω·r·(1+s)^L} for any finite {@code s}, {@code ω}; {@code ±∞} on overflow. */
    static double margin(int depth, double r, int label, double s, double omega) {
        if (omega == 0.0 || s == -1.0) {
            return 0.0;
        }
        double lnBase;
        double sign = label * Math.signum(omega);
        if (s > -1.0) {
            lnBase = Math.log1p(s);
        } else {
            lnBase = Math.log(-1.0 - s);
            if ((depth & 1) == 1) {
                sign = -sign;
            }
        }
        double lnGrowth = depth * lnBase;
        double lnR = Math.log(r);
        double a = product(r, lnR, Math.exp(lnGrowth), lnGrowth);
        double absOmega = Math.abs(omega);
        return sign * product(absOmega, Math.log(absOmega), a, lnR + lnGrowth);
    }

    /**
     * The gradient {@code (∂f/∂s, ∂f/∂ω)} at {@code s > −1}, analytically:
     * {@code ∂f/∂s = ℓ'(m)·m·L/(1+s) + λLs}, {@code ∂f/∂ω = y·ℓ'(m)·r(1+s)^L + λω}.
     */
    static double[] gradient(Loss loss, int depth, double lambda, double r, int label, double s, double omega) {
        Point p = new Point(loss, depth, r, s, label * omega);
        double dS = p.dLossTimesM() * depth / (1.0 + s) + lambda * depth * s;
        double dOmega = label * p.dLossTimesA() + lambda * omega;
        return new double[] {dS, dOmega};
    }

    /**
     * The Hessian {@code [[f_ss, f_sω], [f_sω, f_ωω]]} (row-major, 4 entries) at {@code s > −1}:
     * {@code f_ωω = ℓ''A² + λ}, {@code f_sω = y·(L/(1+s))·A·(ℓ''m + ℓ')},
     * {@code f_ss = (L/(1+s))²·(ℓ''m² + ℓ'm(L−1)/L) + λL}, with {@code A = r(1+s)^L}.
     */
    static double[] hessian(Loss loss, int depth, double lambda, double r, int label, double s, double omega) {
        Point p = new Point(loss, depth, r, s, label * omega);
        double k = depth / (1.0 + s);
        double fOO = p.d2LossTimesAA() + lambda;
        double fSO = label * k * (p.d2LossTimesAM() + p.dLossTimesA());
        double fSS = k * k * (p.d2LossTimesMM() + p.dLossTimesM() * (depth - 1) / depth) + lambda * depth;
        return new double[] {fSS, fSO, fSO, fOO};
    }

    /**
     * Whether the Hessian of {@code f} (label {@code +1}) at {@code (s, ω)}, {@code s > −1}, is numerically positive
     * semidefinite, tested scale-free so that it holds up when {@code A = r(1+s)^L} over- or underflows:
     * {@code f_ss > 0} and {@code ρ² = f_sω² / (f_ss·f_ωω) ≤ 1 + }{@value #PSD_TOLERANCE}, with {@code f_ωω} and
     * {@code f_sω} (the entries carrying powers of {@code A}) in the log domain ({@code f_ωω > 0} always).
     */
    static boolean isLocalMinimum(Loss loss, int depth, double lambda, double r, double s, double omega) {
        Point p = new Point(loss, depth, r, s, omega);
        double k = depth / (1.0 + s);
        double fSS = k * k * (p.d2LossTimesMM() + p.dLossTimesM() * (depth - 1) / depth) + lambda * depth;
        if (!(fSS > 0)) {
            return false;
        }
        // f_ss overflows only through λL (its other terms are bounded by L²·max(ℓ''m², |ℓ'm|)), which then dominates
        double lnFSS = Double.isInfinite(fSS) ? Math.log(lambda) + Math.log(depth) : Math.log(fSS);
        double lnA2Q = 2 * p.lnA + p.lnSecond();
        double lnLambda = Math.log(lambda);
        double hi = Math.max(lnA2Q, lnLambda);
        double lnFOO = hi + Math.log(Math.exp(lnA2Q - hi) + Math.exp(lnLambda - hi)); // ln(ℓ''A² + λ)
        double b = loss.secondDerivative(p.m) * p.m + loss.derivative(p.m);          // f_sω = k·A·b
        if (b == 0.0) {
            return true;
        }
        double lnRho2 = 2 * (Math.log(k) + p.lnA + Math.log(Math.abs(b))) - lnFSS - lnFOO;
        return lnRho2 <= Math.log1p(PSD_TOLERANCE);
    }

    /** Whether the symmetric 2×2 matrix (row-major) is positive semidefinite up to {@link #PSD_TOLERANCE}. */
    static boolean isPositiveSemidefinite(double[] h) {
        double a = h[0];
        double b = h[1];
        double c = h[3];
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c))) {
            return false;
        }
        double scale = Math.max(Math.abs(a), Math.abs(c));
        if (a < -PSD_TOLERANCE * scale || c < -PSD_TOLERANCE * scale) {
            return false;
        }
        // smallest eigenvalue of [[a, b], [b, c]] relative to the largest, without forming a·c − b²
        double mean = 0.5 * (a + c);
        double radius = Math.hypot(0.5 * (a - c), b);
        double lmin = mean - radius;
        return lmin >= -PSD_TOLERANCE * (Math.abs(mean) + radius);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals

    /** {@code x·y} for {@code x, y ≥ 0} given also their logarithms, in the log domain when the plain product
     * (or a factor) overflows or is subnormal. */
    static double product(double x, double lnX, double y, double lnY) {
        if (x == 0.0 && lnX == Double.NEGATIVE_INFINITY || y == 0.0 && lnY == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        if (x >= Double.MIN_NORMAL && y >= Double.MIN_NORMAL && x < Double.POSITIVE_INFINITY
                && y < Double.POSITIVE_INFINITY) {
            double v = x * y;
            if (v >= Double.MIN_NORMAL && v < Double.POSITIVE_INFINITY) {
                return v;
            }
        }
        return Math.exp(lnX + lnY);
    }

    /** Loss derivatives at a point {@code (s, ν)}, {@code ν = yω}, {@code s > −1}, with robust products. */
    private static final class Point {
        final Loss loss;
        final double a;   // A = r(1+s)^L
        final double lnA;
        final double m;   // ν·A
        final double lnAbsM;

        Point(Loss loss, int depth, double r, double s, double nu) {
            if (!(s > -1.0)) {
                throw new IllegalArgumentException("derivatives are implemented for s > -1, got " + s);
            }
            this.loss = loss;
            double lnGrowth = depth * Math.log1p(s);
            double lnR = Math.log(r);
            this.lnA = lnR + lnGrowth;
            this.a = product(r, lnR, Math.exp(lnGrowth), lnGrowth);
            double absNu = Math.abs(nu);
            double lnAbsNu = Math.log(absNu);
            this.m = Math.signum(nu) * product(absNu, lnAbsNu, a, lnA);
            this.lnAbsM = lnAbsNu + lnA;
        }

        /** {@code −ℓ'(m)} and its logarithm (logistic, exponential only). */
        private double negDeriv() {
            return -loss.derivative(m);
        }

        double lnNegDeriv() {
            return switch (loss) {
                case LOGISTIC -> -Loss.softplus(m);
                case EXPONENTIAL -> -m;
                case SQUARED -> throw new AssertionError();
            };
        }

        double lnSecond() {
            return switch (loss) {
                case LOGISTIC -> -Loss.softplus(m) - Loss.softplus(-m);
                case EXPONENTIAL -> -m;
                case SQUARED -> 0.0;
            };
        }

        /** {@code ℓ'(m)·A}. */
        double dLossTimesA() {
            if (loss == Loss.SQUARED) {
                double d = m - 1.0;
                return d == 0.0 ? 0.0 : d * a;
            }
            return -product(a, lnA, negDeriv(), lnNegDeriv());
        }

        /** {@code ℓ'(m)·m}. */
        double dLossTimesM() {
            if (loss == Loss.SQUARED) {
                return (m - 1.0) * m;
            }
            return -Math.signum(m) * product(Math.abs(m), lnAbsM, negDeriv(), lnNegDeriv());
        }

        /** {@code ℓ''(m)·A²}. */
        double d2LossTimesAA() {
            double q = loss.secondDerivative(m);
            double lnQ = lnSecond();
            return product(product(a, lnA, q, lnQ), lnA + lnQ, a, lnA);
        }

        /** {@code ℓ''(m)·A·m}. */
        double d2LossTimesAM() {
            double q = loss.secondDerivative(m);
            double lnQ = lnSecond();
            return Math.signum(m) * product(product(a, lnA, q, lnQ), lnA + lnQ, Math.abs(m), lnAbsM);
        }

        /** {@code ℓ''(m)·m²}. */
        double d2LossTimesMM() {
            double q = loss.secondDerivative(m);
            double lnQ = lnSecond();
            double absM = Math.abs(m);
            return product(product(absM, lnAbsM, q, lnQ), lnAbsM + lnQ, absM, lnAbsM);
        }
    }

    /** The valley {@code ω² = s(1+s)}, {@code ω ≥ 0}, of one problem with {@code y = +1}, and {@code ψ} on it. */
    static final class Valley implements UnivariateFunction {
        final Loss loss;
        final int depth;
        final double lambda;
        final double r;

        Valley(Loss loss, int depth, double lambda, double r) {
            this.loss = loss;
            this.depth = depth;
            this.lambda = lambda;
            this.r = r;
        }

        /** {@code s(ω)}, the nonnegative root of {@code s(1+s) = ω²}, without cancellation or overflow. */
        static double sOf(double omega) {
            if (omega == 0.0) {
                return 0.0;
            }
            return omega * (2.0 * omega / (1.0 + Math.hypot(1.0, 2.0 * omega)));
        }

        /** {@code sup_{m>0} (−ℓ'(m)·m)}, rounded up. */
        static double supNegDerivTimesMargin(Loss loss) {
            return switch (loss) {
                case LOGISTIC -> 0.2785;     // W(1/e) = 0.27846454276…, at m = 1 + W(1/e)
                case EXPONENTIAL -> 0.3679;  // 1/e = 0.36787944…, at m = 1
                case SQUARED -> 0.2501;      // 1/4, at m = 1/2
            };
        }

        /** The bracketing bound {@code ω_max = √(C/λ)}: {@code ψ > 0} for every {@code ω ≥ ω_max}. */
        double omegaMax() {
            return Math.sqrt(supNegDerivTimesMargin(loss)) / Math.sqrt(lambda);
        }

        /** The margin on the valley. */
        double marginAt(double omega) {
            return margin(depth, r, 1, sOf(omega), omega);
        }

        /**
         * {@code ψ} normalised: {@code ψ̂(ω) = (λω − g)/(λω + |g|) ∈ [−1, 1]}, {@code g = −ℓ'(m)·r(1+s)^L}, so
         * {@code ψ = λω − g}. Same sign and roots as {@code ψ}, but free of scale: when {@code λω} or {@code g}
         * would underflow (or the products the root finder forms of two values would), it is evaluated as
         * {@code tanh(½(ln λω − ln g))}, which is the same function.
         */
        @Override
        public double value(double omega) {
            if (omega == 0.0) {
                return -1.0; // ψ(0) = ℓ'(0)·r < 0
            }
            Point p = new Point(loss, depth, r, sOf(omega), omega);
            double lnLw = Math.log(lambda) + Math.log(omega);
            double lw = product(lambda, Math.log(lambda), omega, Math.log(omega));
            double g;
            double lnG;
            if (loss == Loss.SQUARED) {
                if (p.m >= 1.0) {
                    return 1.0; // ℓ'(m) ≥ 0: ψ ≥ λω > 0
                }
                g = -p.dLossTimesA();
                lnG = p.lnA + Math.log1p(-p.m);
            } else {
                g = -p.dLossTimesA();
                lnG = p.lnA + p.lnNegDeriv();
            }
            double v;
            if (lw >= NORMALISATION_FLOOR && g >= NORMALISATION_FLOOR && lw < Double.POSITIVE_INFINITY
                    && g < Double.POSITIVE_INFINITY) {
                v = (lw - g) / (lw + g);
            } else {
                v = Math.tanh(0.5 * (lnLw - lnG));
            }
            if (Double.isNaN(v)) {
                throw new IllegalStateException("psi is NaN at omega=" + omega);
            }
            return v;
        }

        /** The next grid point after {@code omega > 0}. */
        private double next(double omega) {
            double step = LOG_STEP;
            if (marginAt(omega) <= FINE_MARGIN_LIMIT) {
                double s = sOf(omega * Math.exp(LOG_STEP));
                double slope = 1.0 + 2.0 * depth * s / (1.0 + 2.0 * s); // d ln m / d ln ω, increasing in ω
                step = Math.min(LOG_STEP, LOG_MARGIN_STEP / slope);
            }
            return omega * Math.exp(step);
        }

        /** All roots {@code ω > 0} of {@code ψ} found, ascending. */
        List<Double> stationaryOmegas() {
            double omegaMax = omegaMax();
            double[] xs = new double[1024];
            double[] ys = new double[1024];
            int n = 0;
            xs[n] = 0.0;
            ys[n++] = value(0.0);
            double omega = Math.min(SMALLEST_OMEGA, 0.5 * omegaMax);
            while (omega < omegaMax) {
                if (n == xs.length) {
                    xs = Arrays.copyOf(xs, 2 * n);
                    ys = Arrays.copyOf(ys, 2 * n);
                }
                xs[n] = omega;
                ys[n++] = value(omega);
                omega = next(omega);
            }
            if (n == xs.length) {
                xs = Arrays.copyOf(xs, n + 1);
                ys = Arrays.copyOf(ys, n + 1);
            }
            xs[n] = omegaMax;
            ys[n++] = value(omegaMax);
            if (!(ys[0] < 0 && ys[n - 1] > 0)) {
                throw new IllegalStateException("bracketing bound violated: psi(0)=" + ys[0]
                        + ", psi(omegaMax=" + omegaMax + ")=" + ys[n - 1]);
            }

            List<double[]> brackets = new ArrayList<>();
            List<Double> roots = new ArrayList<>();
            int probes = 0;
            for (int i = 0; i + 1 < n; i++) {
                if (ys[i] == 0.0) {
                    roots.add(xs[i]);
                } else if (ys[i + 1] != 0.0 && (ys[i] < 0) != (ys[i + 1] < 0)) {
                    brackets.add(new double[] {xs[i], xs[i + 1]});
                }
                if (i >= 2 && xs[i - 1] > 0 && probes < MAX_PROBES && isDip(ys[i - 1], ys[i], ys[i + 1])) {
                    // a local extremum of ψ at xs[i] that did not cross zero: look for a hidden pair of roots
                    probes++;
                    double hidden = probe(xs[i - 1], xs[i], xs[i + 1], Math.signum(ys[i]));
                    if (!Double.isNaN(hidden)) {
                        brackets.add(new double[] {xs[i - 1], hidden});
                        brackets.add(new double[] {hidden, xs[i + 1]});
                    }
                }
            }
            BracketingNthOrderBrentSolver solver =
                    new BracketingNthOrderBrentSolver(1e-16, Double.MIN_VALUE, 0.0, 5);
            for (double[] b : brackets) {
                BracketedUnivariateSolver.Interval iv =
                        solver.solveInterval(100_000, this, b[0], b[1], b[0] + 0.5 * (b[1] - b[0]));
                double left = iv.getLeftAbscissa();
                double right = iv.getRightAbscissa();
                roots.add(Math.abs(iv.getLeftValue()) <= Math.abs(iv.getRightValue()) ? left : right);
            }
            roots.sort(null);
            return roots;
        }

        /** {@code ψ} has a strict local extremum at the middle point, towards zero, without crossing zero. */
        private static boolean isDip(double y0, double y1, double y2) {
            if (y0 == 0.0 || y1 == 0.0 || y2 == 0.0 || Math.signum(y0) != Math.signum(y1)
                    || Math.signum(y1) != Math.signum(y2)) {
                return false;
            }
            double a1 = Math.abs(y1);
            double tol = 1e-10 * a1;
            return Math.abs(y0) - a1 > tol && Math.abs(y2) - a1 > tol;
        }

        /** Minimises {@code sign·ψ} on {@code [a, c]} (in {@code ln ω}); returns where it crosses zero, or NaN. */
        private double probe(double a, double b, double c, double sign) {
            UnivariateFunction g = t -> sign * value(Math.exp(t));
            BrentOptimizer optimizer = new BrentOptimizer(1e-12, 1e-14);
            UnivariatePointValuePair best = optimizer.optimize(new MaxEval(10_000),
                    new UnivariateObjectiveFunction(g), GoalType.MINIMIZE,
                    new SearchInterval(Math.log(a), Math.log(c), Math.log(b)));
            if (best.getValue() < 0) {
                double x = Math.exp(best.getPoint());
                if (x > a && x < c && sign * value(x) < 0) {
                    return x;
                }
            }
            return Double.NaN;
        }
    }

    private static void validate(Loss loss, int depth, double lambda, double inputNorm, int label,
                                 boolean forSolve) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        if (Double.isNaN(lambda) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number, got " + lambda);
        }
        if (lambda < 0) {
            throw new IllegalArgumentException("lambda must not be negative (the objective is then unbounded"
                    + " below), got " + lambda);
        }
        if (lambda > 0 && lambda < Double.MIN_NORMAL) {
            throw new IllegalArgumentException("lambda must be at least " + Double.MIN_NORMAL
                    + " (a subnormal lambda has too few significant bits to define the objective), got " + lambda);
        }
        if (forSolve && lambda == 0) {
            throw new IllegalArgumentException("lambda must be > 0: with lambda = 0 the " + loss.optionName()
                    + " objective has no isolated minimiser (logistic/exponential: the infimum 0 is not"
                    + " attained, only approached as omega -> infinity; squared: every point with margin 1"
                    + " is optimal)");
        }
        if (!(inputNorm > 0) || Double.isInfinite(inputNorm)) {
            throw new IllegalArgumentException("input norm must be finite and > 0, got " + inputNorm);
        }
        if (label != 1 && label != -1) {
            throw new IllegalArgumentException("label must be +1 or -1, got " + label);
        }
    }
}
