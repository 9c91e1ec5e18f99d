package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.solvers.LaguerreSolver;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.dfp.Dfp;
import org.hipparchus.dfp.DfpField;
import org.hipparchus.dfp.DfpMath;
import org.junit.jupiter.api.Test;

class AlignedFamilyTest {

    private static final int[] DEPTHS = {1, 4, 8, 16, 32};
    private static final double[] LAMBDAS = {1e-3, 1e-2, 1e-1, 1};
    private static final double[] NORMS = {1, 3};

    // ---------------------------------------------------------------------------------------------------------
    // An independent implementation of f (plain Math.pow, no shared code with AlignedFamily or Loss)

    static double referenceObjective(Loss loss, int depth, double lambda, double r, int label, double s, double w) {
        double m = label * w * r * Math.pow(1 + s, depth);
        double l = switch (loss) {
            case LOGISTIC -> m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
            case EXPONENTIAL -> Math.exp(-m);
            case SQUARED -> 0.5 * (1 - m) * (1 - m);
        };
        return l + 0.5 * lambda * (depth * s * s + w * w);
    }

    /** Multistart Nelder–Mead (commons-math3) with restarts, on the reference objective; returns {f, s, ω}. */
    static double[] nelderMead(Loss loss, int depth, double lambda, double r, int label) {
        double[] best = {Double.POSITIVE_INFINITY, 0, 0};
        MultivariateFunction fn = x -> {
            double v = referenceObjective(loss, depth, lambda, r, label, x[0], x[1]);
            if (v < best[0]) {
                best[0] = v;
                best[1] = x[0];
                best[2] = x[1];
            }
            return v;
        };
        double[] starts = {-2.5, 0.01, 0.3, 1.5};
        double[] omegas = {-1, 0.3, 2};
        List<double[]> results = new ArrayList<>();
        for (double s0 : starts) {
            for (double w0 : omegas) {
                double[] x = {s0, w0};
                double fx = Double.POSITIVE_INFINITY;
                for (int round = 0; round < 40; round++) {
                    double[] step = {Math.max(1e-7, 0.05 * Math.abs(x[0])), Math.max(1e-7, 0.05 * Math.abs(x[1]))};
                    SimplexOptimizer opt = new SimplexOptimizer(new SimpleValueChecker(1e-15, 1e-300));
                    double[] localBest = {Double.POSITIVE_INFINITY, x[0], x[1]};
                    MultivariateFunction tracked = y -> {
                        double v = fn.value(y);
                        if (v < localBest[0]) {
                            localBest[0] = v;
                            localBest[1] = y[0];
                            localBest[2] = y[1];
                        }
                        return v;
                    };
                    try {
                        opt.optimize(new MaxEval(4000), new ObjectiveFunction(tracked), GoalType.MINIMIZE,
                                new InitialGuess(x), new NelderMeadSimplex(step));
                    } catch (TooManyEvaluationsException e) {
                        // keep the best point seen
                    }
                    boolean improved = localBest[0] < fx - 1e-16 * Math.abs(fx);
                    if (localBest[0] < fx) {
                        fx = localBest[0];
                        x = new double[] {localBest[1], localBest[2]};
                    }
                    if (!improved && round > 2) {
                        break;
                    }
                }
                results.add(new double[] {fx, x[0], x[1]});
            }
        }
        return best;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void agreesWithIndependentMultistartNelderMead() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Loss loss : Loss.values()) {
            for (int depth : DEPTHS) {
                for (double lambda : LAMBDAS) {
                    for (double r : NORMS) {
                        cases++;
                        AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
                        double f = o.objective();
                        double[] nm = nelderMead(loss, depth, lambda, r, 1);
                        String tag = loss + " L=" + depth + " λ=" + lambda + " r=" + r + ": ours=" + f
                                + " (s=" + o.s() + ", ω=" + o.omega() + ") NM=" + nm[0] + " (s=" + nm[1]
                                + ", ω=" + nm[2] + ")";
                        if (Math.abs(nm[0] - f) > 1e-9 * Math.abs(f)) {
                            failures.add("disagree " + tag);
                        }
                        if (nm[0] < f - 1e-12 * Math.abs(f)) {
                            failures.add("NM lower " + tag);
                        }
                        double ref = referenceObjective(loss, depth, lambda, r, 1, o.s(), o.omega());
                        if (Math.abs(ref - f) > 1e-13 * Math.abs(f)) {
                            failures.add("objective differs from reference formula " + tag + " ref=" + ref);
                        }
                        if (!(o.s() > 0 && o.omega() > 0 && o.margin() > 0 && o.localMinimum())) {
                            failures.add("not an interior local minimum " + tag);
                        }
                    }
                }
            }
        }
        assertEquals(120, cases);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void coarseTwoDimensionalScanFindsNothingLower() {
        // Covers s < −1 (both parities of L), −1 < s < 0, negative ω, and cases with three stationary points.
        Object[][] cases = {
            {Loss.LOGISTIC, 1, 0.1, 1.0}, {Loss.LOGISTIC, 2, 0.5, 1.0}, {Loss.LOGISTIC, 3, 0.05, 0.5},
            {Loss.LOGISTIC, 8, 0.1, 0.01}, {Loss.EXPONENTIAL, 3, 0.2, 1.0}, {Loss.EXPONENTIAL, 16, 1.0, 0.1},
            {Loss.SQUARED, 1, 0.3, 2.0}, {Loss.SQUARED, 2, 0.05, 0.7}, {Loss.SQUARED, 8, 0.1, 0.01},
        };
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            int depth = (Integer) c[1];
            double lambda = (Double) c[2];
            double r = (Double) c[3];
            AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
            double f = o.objective();
            double scanMin = Double.POSITIVE_INFINITY;
            double negativeSMin = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= 700; i++) {
                double s = -4.0 + 0.01 * i;
                for (int j = 0; j <= 1200; j++) {
                    double w = -6.0 + 0.01 * j;
                    double v = referenceObjective(loss, depth, lambda, r, 1, s, w);
                    scanMin = Math.min(scanMin, v);
                    if (s < -1e-9) {
                        negativeSMin = Math.min(negativeSMin, v);
                    }
                }
            }
            String tag = loss + " L=" + depth + " λ=" + lambda + " r=" + r + " f*=" + f;
            assertTrue(scanMin >= f - 1e-12 * Math.abs(f), tag + " scan found " + scanMin);
            assertTrue(scanMin <= f + 0.05 * Math.abs(f) + 1e-3, tag + " scan too coarse to mean anything: " + scanMin);
            assertTrue(negativeSMin > f, tag + " a point with s < 0 is as good: " + negativeSMin);
        }
    }

    @Test
    void returnedPointIsStationaryAnalyticallyAndByFiniteDifferences() {
        for (Loss loss : Loss.values()) {
            for (int depth : new int[] {1, 4, 32, 1000}) {
                for (double lambda : new double[] {1e-8, 1e-3, 1e-1, 1}) {
                    for (double r : new double[] {0.01, 1, 3, 100}) {
                        AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
                        assertStationary(loss, depth, lambda, r, 1, o.s(), o.omega(), 1e-11, 1e-6, true);
                        AlignedOptimum n = AlignedFamily.solve(loss, depth, lambda, r, -1);
                        assertStationary(loss, depth, lambda, r, -1, n.s(), n.omega(), 1e-11, 1e-6, true);
                    }
                }
            }
        }
    }

    /**
     * Checks (or, with {@code expectStationary = false}, refutes) stationarity: the analytic partials relative to
     * the size of the terms that cancel in them, and central differences relative to the same scale.
     */
    private static void assertStationary(Loss loss, int depth, double lambda, double r, int label, double s,
                                         double w, double analyticTol, double fdTol, boolean expectStationary) {
        String tag = loss + " L=" + depth + " λ=" + lambda + " r=" + r + " y=" + label + " s=" + s + " ω=" + w;
        double[] g = AlignedFamily.gradient(loss, depth, lambda, r, label, s, w);
        double scaleS = lambda * depth * Math.abs(s);   // = |ℓ'(m) m L/(1+s)| at a stationary point
        double scaleW = lambda * Math.abs(w);           // = |ℓ'(m) r (1+s)^L| at a stationary point
        // Richardson-extrapolated central differences, steps scaled to the curvature of (1+s)^L and of ℓ(m)
        double m = Math.abs(AlignedFamily.margin(depth, r, label, s, w));
        double hs = 1e-3 * (1 + s) / (depth * (1 + m));
        double hw = 1e-3 * Math.abs(w) / (1 + m);
        double fdS = richardson(h -> AlignedFamily.objective(loss, depth, lambda, r, label, s + h, w), hs);
        double fdW = richardson(h -> AlignedFamily.objective(loss, depth, lambda, r, label, s, w + h), hw);
        double f = AlignedFamily.objective(loss, depth, lambda, r, label, s, w);
        // the rounding floor of the difference quotients: ε·f, plus the rounding of m propagated through ℓ at the
        // displaced points, where |ℓ'| may be much larger than at the centre (squared loss: ℓ'(m) = m − 1 ≈ 0)
        double dm = loss.secondDerivative(m) * m;
        double floorS = 1e-14 * (f + m * (Math.abs(loss.derivative(m)) + dm * depth * hs / (1 + s))) / hs;
        double floorW = 1e-14 * (f + m * (Math.abs(loss.derivative(m)) + dm * hw / Math.abs(w))) / hw;
        // The analytic partials are sums of terms that cancel; their rounding floor is ε times the largest term.
        // For the squared loss ℓ'(m) = m − 1 itself cancels (m ≈ 1 for small λ), so its terms are m and 1.
        double a = r * Math.exp(depth * Math.log1p(s));
        double dl = loss == Loss.SQUARED ? m + 1 : Math.abs(loss.derivative(m));
        double termsW = scaleW + a * dl;
        double termsS = scaleS + depth / (1 + s) * m * dl;
        boolean analyticOk = Math.abs(g[0]) <= analyticTol * termsS && Math.abs(g[1]) <= analyticTol * termsW;
        boolean fdOk = Math.abs(fdS) <= fdTol * scaleS + floorS && Math.abs(fdW) <= fdTol * scaleW + floorW;
        assertTrue(Double.isFinite(g[0]) && Double.isFinite(g[1]) && Double.isFinite(fdS) && Double.isFinite(fdW),
                tag);
        if (expectStationary) {
            assertTrue(analyticOk, tag + " analytic gradient " + g[0] + ", " + g[1] + " vs scales " + termsS + ", "
                    + termsW);
            assertTrue(fdOk, tag + " finite-difference gradient " + fdS + ", " + fdW + " vs scales " + scaleS
                    + ", " + scaleW);
            // the analytic and numerical derivatives agree with each other, too
            assertEquals(g[0], fdS, fdTol * scaleS + floorS, tag);
            assertEquals(g[1], fdW, fdTol * scaleW + floorW, tag);
        } else {
            assertFalse(analyticOk, tag + " analytic gradient unexpectedly ~0");
            assertFalse(fdOk, tag + " finite-difference gradient unexpectedly ~0");
        }
    }

    /** {@code (4 D(h/2) − D(h)) / 3} with {@code D(h)} the central difference of {@code f} at 0. */
    private static double richardson(java.util.function.DoubleUnaryOperator f, double h) {
        double d1 = (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
        double d2 = (f.applyAsDouble(h / 2) - f.applyAsDouble(-h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    @Test
    void analyticGradientAndHessianMatchFiniteDifferencesAwayFromTheOptimum() {
        double[][] points = {{0.3, 0.7}, {0.05, -1.2}, {1.2, 0.4}};
        for (Loss loss : Loss.values()) {
            for (int depth : new int[] {1, 3, 8}) {
                for (int label : new int[] {1, -1}) {
                    for (double[] p : points) {
                        double lambda = 0.2;
                        double r = 0.8;
                        double[] g = AlignedFamily.gradient(loss, depth, lambda, r, label, p[0], p[1]);
                        double[] h = AlignedFamily.hessian(loss, depth, lambda, r, label, p[0], p[1]);
                        double e = 1e-6;
                        double[] gs1 = AlignedFamily.gradient(loss, depth, lambda, r, label, p[0] + e, p[1]);
                        double[] gs0 = AlignedFamily.gradient(loss, depth, lambda, r, label, p[0] - e, p[1]);
                        double[] gw1 = AlignedFamily.gradient(loss, depth, lambda, r, label, p[0], p[1] + e);
                        double[] gw0 = AlignedFamily.gradient(loss, depth, lambda, r, label, p[0], p[1] - e);
                        double fs = (referenceObjective(loss, depth, lambda, r, label, p[0] + e, p[1])
                                - referenceObjective(loss, depth, lambda, r, label, p[0] - e, p[1])) / (2 * e);
                        double fw = (referenceObjective(loss, depth, lambda, r, label, p[0], p[1] + e)
                                - referenceObjective(loss, depth, lambda, r, label, p[0], p[1] - e)) / (2 * e);
                        String tag = loss + " L=" + depth + " y=" + label + " at " + p[0] + "," + p[1];
                        double tol = 1e-6 * (1 + Math.abs(h[0]) + Math.abs(h[3]));
                        assertAll(tag,
                                () -> assertEquals(fs, g[0], tol),
                                () -> assertEquals(fw, g[1], tol),
                                () -> assertEquals((gs1[0] - gs0[0]) / (2 * e), h[0], tol),
                                () -> assertEquals((gs1[1] - gs0[1]) / (2 * e), h[2], tol),
                                () -> assertEquals((gw1[0] - gw0[0]) / (2 * e), h[1], tol),
                                () -> assertEquals((gw1[1] - gw0[1]) / (2 * e), h[3], tol));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closed forms

    /**
     * L = 1, squared loss. With t = 1+s, ∂f/∂ω = 0 gives ω = r t / (λ + r² t²) and ω² = s(1+s) = t(t−1) then gives
     * the quintic r² t = (t−1)(λ + r² t²)². Choosing t = 2 (s = 1, ω = √2) and r = 1/4 forces
     * λ = √2·r − 4r² = (√2 − 1)/4, with f = ½(1 − √2/2)² + 3λ/2.
     */
    @Test
    void closedFormDepthOneSquaredLoss() {
        double r = 0.25;
        double lambda = (Math.sqrt(2) - 1) / 4;
        AlignedOptimum o = AlignedFamily.solve(Loss.SQUARED, 1, lambda, r, 1);
        double expectedF = 0.5 * Math.pow(1 - Math.sqrt(2) / 2, 2) + 1.5 * lambda;
        assertEquals(1.0, o.s(), 1e-13);
        assertEquals(Math.sqrt(2), o.omega(), 1e-13 * Math.sqrt(2));
        assertEquals(expectedF, o.objective(), 1e-15 * expectedF);
        assertEquals(Math.sqrt(2) / 2, o.margin(), 1e-13);
        assertEquals(1, o.stationaryPointsFound());
    }

    /** L = 1, squared loss, general (λ, r): all real roots t > 1 of the quintic, by commons-math3 Laguerre. */
    @Test
    void depthOneSquaredLossMatchesQuinticRoots() {
        LaguerreSolver laguerre = new LaguerreSolver();
        for (double lambda : new double[] {1e-3, 1e-2, 0.1, 0.5, 1, 4}) {
            for (double r : new double[] {0.1, 0.5, 1, 3}) {
                double r2 = r * r;
                double[] c = {-lambda * lambda, lambda * lambda - r2, -2 * lambda * r2, 2 * lambda * r2, -r2 * r2,
                    r2 * r2};
                Complex[] roots = laguerre.solveAllComplex(c, 1.5);
                double bestF = Double.POSITIVE_INFINITY;
                double bestS = Double.NaN;
                int realAboveOne = 0;
                for (Complex z : roots) {
                    if (Math.abs(z.getImaginary()) < 1e-5 * z.abs() && z.getReal() > 1) {
                        double t = z.getReal();
                        // polish the simple root with Newton on the quintic
                        for (int k = 0; k < 8; k++) {
                            double p = 0;
                            double dp = 0;
                            for (int j = c.length - 1; j >= 0; j--) {
                                dp = dp * t + p;
                                p = p * t + c[j];
                            }
                            t -= p / dp;
                        }
                        realAboveOne++;
                        double w = r * t / (lambda + r2 * t * t);
                        double f = 0.5 * Math.pow(1 - w * r * t, 2) + 0.5 * lambda * ((t - 1) * (t - 1) + w * w);
                        if (f < bestF) {
                            bestF = f;
                            bestS = t - 1;
                        }
                    }
                }
                AlignedOptimum o = AlignedFamily.solve(Loss.SQUARED, 1, lambda, r, 1);
                String tag = "λ=" + lambda + " r=" + r;
                assertEquals(realAboveOne, o.stationaryPointsFound(), tag);
                assertEquals(bestS, o.s(), 1e-12 * bestS, tag);
                assertEquals(bestF, o.objective(), 1e-14 * bestF, tag);
            }
        }
    }

    /**
     * Inverse design for any loss: pick s₀, put ω₀ = √(s₀(1+s₀)), m₀ = r ω₀ (1+s₀)^L, and choose
     * λ = −ℓ'(m₀) m₀ / (s₀(1+s₀)); then (s₀, ω₀) is a stationary point by construction.
     */
    @Test
    void inverseDesignedStationaryPointIsRecovered() {
        for (Loss loss : Loss.values()) {
            for (int depth : new int[] {1, 2, 5}) {
                for (double s0 : new double[] {0.05, 0.4, 1.5}) {
                    double r = 1.0;
                    double w0 = Math.sqrt(s0 * (1 + s0));
                    double m0 = r * w0 * Math.pow(1 + s0, depth);
                    if (loss == Loss.SQUARED && m0 >= 1) {
                        continue; // λ would not be positive
                    }
                    double lambda = -loss.derivative(m0) * m0 / (s0 * (1 + s0));
                    AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
                    String tag = loss + " L=" + depth + " s0=" + s0 + " λ=" + lambda + " -> " + o;
                    if (o.stationaryPointsFound() == 1) {
                        assertEquals(s0, o.s(), 1e-12 * s0, tag);
                        assertEquals(w0, o.omega(), 1e-12 * w0, tag);
                    } else {
                        // (s0, ω0) is one of several stationary points; the returned one is not worse
                        assertTrue(o.objective() <= AlignedFamily.objective(loss, depth, lambda, r, 1, s0, w0), tag);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The "trivial point" and the large-λ limit

    /**
     * (0, 0) is never stationary: ∂f/∂ω(0, 0) = y ℓ'(0) r = −r/2 for the logistic loss. Near ω = 0 on the valley
     * (s ≈ ω²), f ≈ log 2 − rω/2 + (λ + r²/4) ω²/2, so the minimum is at ω ≈ r / (2λ + r²/2) with
     * f* ≈ log 2 − r² / (8λ + 2r²) for every λ > 0 — there is no threshold above which the optimum is trivial.
     * Checked on both sides of the candidate thresholds λ = r/2 and λ = r²/4.
     */
    @Test
    void logisticOptimumIsNeverTrivialAndMatchesTheLargeLambdaExpansion() {
        double log2 = Math.log(2);
        for (double r : new double[] {0.5, 1, 3}) {
            double[] g0 = AlignedFamily.gradient(Loss.LOGISTIC, 4, 1.0, r, 1, 0.0, 0.0);
            assertEquals(0.0, g0[0], 0.0);
            assertEquals(-r / 2, g0[1], 1e-15 * r);
            for (double lambda : new double[] {0.999 * r / 2, 1.001 * r / 2, 0.999 * r * r / 4, 1.001 * r * r / 4,
                10 * r, 1e3, 1e6, 1e12}) {
                for (int depth : new int[] {1, 4, 32}) {
                    AlignedOptimum o = AlignedFamily.solve(Loss.LOGISTIC, depth, lambda, r, 1);
                    String tag = "L=" + depth + " λ=" + lambda + " r=" + r + " -> " + o;
                    assertTrue(o.s() > 0 && o.omega() > 0, tag);
                    assertTrue(o.objective() < log2, tag);
                    assertTrue(o.localMinimum(), tag);
                    if (lambda >= 1e3) {
                        double w = r / (2 * lambda + r * r / 2);
                        double fAsym = log2 - r * r / (8 * lambda + 2 * r * r);
                        // next corrections: (r/2)·L·ω³ from (1+s)^L and O(λω⁴)
                        double err = r * depth * w * w * w + lambda * w * w * w * w + 1e-16;
                        assertEquals(fAsym, o.objective(), 4 * err + 2e-16, tag);
                        assertEquals(w, o.omega(), 10 * depth * w * w + 1e-15 * w, tag);
                        assertEquals(o.omega() * o.omega(), o.s(), 1e-9 * o.s() + 2 * Math.pow(o.omega(), 4), tag);
                        // and the leading correction is really resolved
                        assertTrue(log2 - o.objective() > 0.9 * r * r / (8 * lambda), tag);
                    }
                }
            }
        }
    }

    /**
     * For small r and large L the valley has two local minima (a barely-moved one near the origin and an
     * amplified one with a large margin) and a saddle between them; as λ decreases the global minimum jumps from
     * the first to the second. Bisect for the jump and check, on both sides, that the solver returns the lower
     * of the two local minima, each located independently with Nelder–Mead.
     */
    @Test
    void firstOrderJumpBetweenTwoLocalMinimaPicksTheLowerOne() {
        Loss loss = Loss.LOGISTIC;
        int depth = 32;
        double r = 0.01;
        double lo = 0.1; // large branch wins
        double hi = 1.0; // small branch wins
        assertTrue(AlignedFamily.solve(loss, depth, lo, r, 1).s() > 0.1);
        assertTrue(AlignedFamily.solve(loss, depth, hi, r, 1).s() < 1e-3);
        for (int k = 0; k < 60; k++) {
            double mid = Math.sqrt(lo * hi);
            if (AlignedFamily.solve(loss, depth, mid, r, 1).s() > 0.01) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        for (double lambda : new double[] {lo * (1 - 1e-6), hi * (1 + 1e-6)}) {
            AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
            assertEquals(3, o.stationaryPointsFound(), "λ=" + lambda);
            double small = localNelderMead(loss, depth, lambda, r, 1e-6, 1e-3);
            double large = localNelderMead(loss, depth, lambda, r, 0.2, 0.5);
            assertTrue(Math.abs(small - large) < 1e-5 * small, "near the jump the two minima are nearly equal");
            assertEquals(Math.min(small, large), o.objective(), 1e-12 * o.objective(), "λ=" + lambda);
            assertTrue(o.objective() <= Math.min(small, large) + 1e-15 * o.objective());
            // the three stationary points, independently: the solutions of Λ(s) = λ (commons-math3 Brent), which
            // must be a minimum, a saddle and a minimum, as the Hessian test must tell
            List<double[]> ext = lambdaExtrema(loss, depth, r);
            assertEquals(2, ext.size());
            java.util.function.DoubleUnaryOperator cl = capitalLambda(loss, depth, r);
            double[] ends = {Math.log(1e-10), ext.get(0)[0], ext.get(1)[0], Math.log(10)};
            boolean[] expectedMinimum = {true, false, true};
            double lowest = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double u = new org.apache.commons.math3.analysis.solvers.BrentSolver(1e-15).solve(1000,
                        x -> cl.applyAsDouble(x) - lambda, ends[k], ends[k + 1]);
                double s = Math.exp(u);
                double w = Math.sqrt(s * (1 + s));
                double[] h = AlignedFamily.hessian(loss, depth, lambda, r, 1, s, w);
                assertEquals(expectedMinimum[k], AlignedFamily.isPositiveSemidefinite(h),
                        "λ=" + lambda + " stationary point " + k + " at s=" + s);
                assertEquals(expectedMinimum[k], AlignedFamily.isLocalMinimum(loss, depth, lambda, r, s, w),
                        "λ=" + lambda + " stationary point " + k + " at s=" + s + " (scale-free test)");
                if (expectedMinimum[k]) {
                    lowest = Math.min(lowest, referenceObjective(loss, depth, lambda, r, 1, s, w));
                }
            }
            assertEquals(lowest, o.objective(), 1e-13 * lowest, "λ=" + lambda);
        }
        assertTrue(AlignedFamily.solve(loss, depth, lo * (1 - 1e-6), r, 1).s() > 0.01);
        assertTrue(AlignedFamily.solve(loss, depth, hi * (1 + 1e-6), r, 1).s() < 0.01);
    }

    /**
     * Every stationary point is counted, even a nearly coincident pair. Independently of the solver: (s, ω) with
     * ω² = s(1+s) is stationary exactly when λ = Λ(s) = −ℓ'(m) m / (s(1+s)), m = r ω (1+s)^L; so the number of
     * stationary points for a given λ is the number of solutions of Λ(s) = λ, and it changes by two at the local
     * extrema of Λ (folds, where a local minimum and a saddle merge). Just inside a fold the two merging roots are
     * ~1e-4 apart in relative terms, far below the grid spacing of the bracket search.
     */
    @Test
    void countsEveryStationaryPointNextToAFold() {
        Object[][] cases = {{Loss.LOGISTIC, 32, 0.01}, {Loss.EXPONENTIAL, 16, 0.1}, {Loss.SQUARED, 16, 0.01}};
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            int depth = (Integer) c[1];
            double r = (Double) c[2];
            List<double[]> extrema = lambdaExtrema(loss, depth, r);
            assertEquals(2, extrema.size(), loss + ": expected one local max and one local min of Λ");
            for (double[] e : extrema) {
                double fold = e[1];
                double inside = fold * (1 - e[2] * 1e-8);  // between the local min and the local max of Λ
                double outside = fold * (1 + e[2] * 1e-8);
                String tag = loss + " L=" + depth + " r=" + r + " fold λ=" + fold;
                assertEquals(3, AlignedFamily.solve(loss, depth, inside, r, 1).stationaryPointsFound(), tag);
                assertEquals(1, AlignedFamily.solve(loss, depth, outside, r, 1).stationaryPointsFound(), tag);
            }
        }
    }

    /** Λ(u), u = ln s: the λ for which the valley point at s is stationary (see the fold test). */
    private static java.util.function.DoubleUnaryOperator capitalLambda(Loss loss, int depth, double r) {
        return u -> {
            double s = Math.exp(u);
            double w = Math.sqrt(s * (1 + s));
            double m = r * w * Math.pow(1 + s, depth);
            double negDerivTimesM = switch (loss) {
                case LOGISTIC -> m / (1 + Math.exp(m));
                case EXPONENTIAL -> m * Math.exp(-m);
                case SQUARED -> m * (1 - m);
            };
            return negDerivTimesM / (s * (1 + s));
        };
    }

    /** Local extrema of Λ for s in [1e-10, 10], ascending in s: {u, Λ(u), +1 for a max or −1 for a min}. */
    private static List<double[]> lambdaExtrema(Loss loss, int depth, double r) {
        java.util.function.DoubleUnaryOperator capitalLambda = capitalLambda(loss, depth, r);
        List<double[]> extrema = new ArrayList<>();
        double du = 1e-3;
        for (double u = Math.log(1e-10); u < Math.log(10); u += du) {
            double y0 = capitalLambda.applyAsDouble(u - du);
            double y1 = capitalLambda.applyAsDouble(u);
            double y2 = capitalLambda.applyAsDouble(u + du);
            if (y1 > 0 && (y1 - y0) * (y2 - y1) < 0) {
                GoalType goal = y1 > y0 ? GoalType.MAXIMIZE : GoalType.MINIMIZE;
                var opt = new org.apache.commons.math3.optim.univariate.BrentOptimizer(1e-14, 1e-16);
                var best = opt.optimize(new MaxEval(1000), goal,
                        new org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction(
                                capitalLambda::applyAsDouble),
                        new org.apache.commons.math3.optim.univariate.SearchInterval(u - du, u + du, u));
                extrema.add(new double[] {best.getPoint(), best.getValue(), goal == GoalType.MAXIMIZE ? 1 : -1});
            }
        }
        return extrema;
    }

    private static double localNelderMead(Loss loss, int depth, double lambda, double r, double s0, double w0) {
        double[] x = {s0, w0};
        double fx = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 40; round++) {
            SimplexOptimizer opt = new SimplexOptimizer(new SimpleValueChecker(1e-16, 1e-300));
            var p = opt.optimize(new MaxEval(20000),
                    new ObjectiveFunction(y -> referenceObjective(loss, depth, lambda, r, 1, y[0], y[1])),
                    GoalType.MINIMIZE, new InitialGuess(x),
                    new NelderMeadSimplex(new double[] {0.1 * Math.abs(x[0]), 0.1 * Math.abs(x[1])}));
            if (!(p.getValue() < fx)) {
                break;
            }
            fx = p.getValue();
            x = p.getPoint();
        }
        return fx;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void labelMinusOneIsTheMirrorImage() {
        for (Loss loss : Loss.values()) {
            for (int depth : new int[] {1, 3, 16}) {
                for (double lambda : new double[] {1e-3, 0.1, 2}) {
                    AlignedOptimum p = AlignedFamily.solve(loss, depth, lambda, 1.5, 1);
                    AlignedOptimum n = AlignedFamily.solve(loss, depth, lambda, 1.5, -1);
                    assertEquals(p.s(), n.s(), 0.0);
                    assertEquals(-p.omega(), n.omega(), 0.0);
                    assertTrue(n.omega() < 0);
                    assertEquals(p.objective(), n.objective(), 0.0);
                    assertEquals(p.margin(), n.margin(), 0.0);
                    assertEquals(p.loss(), n.loss(), 0.0);
                    assertEquals(p.objective(),
                            AlignedFamily.objective(loss, depth, lambda, 1.5, -1, n.s(), n.omega()), 0.0);
                    // with the wrong sign of ω the label −1 objective is worse
                    assertTrue(AlignedFamily.objective(loss, depth, lambda, 1.5, -1, p.s(), p.omega())
                            > p.objective());
                }
            }
        }
    }

    @Test
    void deepNetworksLargeInputsAndTinyLambdaStayFiniteAndStationary() {
        for (Loss loss : Loss.values()) {
            for (double lambda : new double[] {1e-2, 1e-8}) {
                for (int label : new int[] {1, -1}) {
                    AlignedOptimum o = AlignedFamily.solve(loss, 1000, lambda, 100, label);
                    String tag = loss + " λ=" + lambda + " -> " + o;
                    assertTrue(Double.isFinite(o.s()) && Double.isFinite(o.omega()) && Double.isFinite(o.objective())
                            && Double.isFinite(o.margin()) && Double.isFinite(o.loss()), tag);
                    assertTrue(o.s() > 0 && label * o.omega() > 0 && o.margin() > 0 && o.localMinimum(), tag);
                    assertTrue(o.objective() < loss.value(0), tag);
                    assertEquals(o.objective(), AlignedFamily.objective(loss, 1000, lambda, 100, label, o.s(),
                            o.omega()), 0.0, tag);
                    assertStationary(loss, 1000, lambda, 100, label, o.s(), o.omega(), 1e-11, 1e-6, true);
                    // ω² = s(1+s) on the valley
                    assertEquals(o.s() * (1 + o.s()), o.omega() * o.omega(), 1e-14 * o.omega() * o.omega(), tag);
                }
            }
        }
    }

    /**
     * Extreme but valid parameters: nothing throws, nothing is NaN, a stationary point is always found (an odd
     * number of them), and the result is never worse than the trivial value ℓ(0). (Where the optimal ω lies
     * below the double range the optimum rounds to f = ℓ(0).)
     */
    @Test
    void extremeParametersNeverFailSilently() {
        double[] lambdas = {Double.MIN_NORMAL, 1e-300, 1e-12, 1e6, 1e300, Double.MAX_VALUE};
        double[] norms = {1e-300, 1e-6, 1, 1e6, 1e300};
        for (Loss loss : Loss.values()) {
            for (double lambda : lambdas) {
                for (double r : norms) {
                    for (int depth : new int[] {1, 5, 1000}) {
                        AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
                        String tag = loss + " L=" + depth + " λ=" + lambda + " r=" + r + " -> " + o;
                        assertTrue(Double.isFinite(o.s()) && Double.isFinite(o.omega())
                                && Double.isFinite(o.objective()) && Double.isFinite(o.margin())
                                && Double.isFinite(o.loss()), tag);
                        assertTrue(o.s() >= 0 && o.omega() >= 0 && o.margin() >= 0, tag);
                        assertEquals(1, o.stationaryPointsFound() % 2, tag);
                        assertTrue(o.objective() <= loss.value(0), tag);
                        assertTrue(o.localMinimum(), tag);
                        assertEquals(o.objective(), AlignedFamily.objective(loss, depth, lambda, r, 1, o.s(),
                                o.omega()), 0.0, tag);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Full double precision, against a 40-digit reference computed with Hipparchus Dfp

    @Test
    void matchesFortyDigitReference() {
        Object[][] cases = {
            {Loss.LOGISTIC, 1, 0.1, 1.0}, {Loss.LOGISTIC, 8, 1e-3, 3.0}, {Loss.LOGISTIC, 32, 0.1, 0.01},
            {Loss.LOGISTIC, 1000, 1e-8, 100.0}, {Loss.LOGISTIC, 1000, 1e-2, 100.0}, {Loss.LOGISTIC, 4, 1e4, 1.0},
            {Loss.EXPONENTIAL, 16, 1e-2, 1.0}, {Loss.EXPONENTIAL, 1000, 1e-8, 100.0},
            {Loss.SQUARED, 1, 0.5, 3.0}, {Loss.SQUARED, 32, 1e-3, 1.0}, {Loss.SQUARED, 1000, 1e-8, 100.0},
        };
        DfpField field = new DfpField(40);
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            int depth = (Integer) c[1];
            double lambda = (Double) c[2];
            double r = (Double) c[3];
            AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
            Dfp[] ref = dfpStationaryPoint(field, loss, depth, lambda, r, o.omega());
            String tag = loss + " L=" + depth + " λ=" + lambda + " r=" + r + " -> " + o;
            double s = ref[0].toDouble();
            double w = ref[1].toDouble();
            double f = ref[2].toDouble();
            assertEquals(s, o.s(), 1e-13 * s, tag + " s_ref=" + s);
            assertEquals(w, o.omega(), 1e-13 * w, tag + " ω_ref=" + w);
            assertEquals(f, o.objective(), 2e-15 * f, tag + " f_ref=" + f);
        }
    }

    /** Secant iteration in 40 digits on ψ(ω) = λω + ℓ'(m)·r(1+s)^L along ω² = s(1+s); returns {s, ω, f}. */
    private static Dfp[] dfpStationaryPoint(DfpField field, Loss loss, int depth, double lambda, double r,
                                            double omega0) {
        Dfp x0 = field.newDfp(omega0);
        Dfp x1 = field.newDfp(omega0 * (1 + 1e-9));
        Dfp y0 = dfpPsi(field, loss, depth, lambda, r, x0);
        Dfp y1 = dfpPsi(field, loss, depth, lambda, r, x1);
        for (int k = 0; k < 60 && !y1.isZero(); k++) {
            Dfp dx = x1.subtract(x0);
            Dfp x2 = x1.subtract(y1.multiply(dx).divide(y1.subtract(y0)));
            x0 = x1;
            y0 = y1;
            x1 = x2;
            y1 = dfpPsi(field, loss, depth, lambda, r, x1);
            if (x1.subtract(x0).abs().lessThan(x1.multiply(field.newDfp("1e-36")))) {
                break;
            }
        }
        Dfp w = x1;
        Dfp s = dfpS(field, w);
        Dfp m = dfpMargin(field, depth, r, s, w);
        Dfp lambdaD = field.newDfp(lambda);
        Dfp penalty = lambdaD.divide(2).multiply(s.multiply(s).multiply(depth).add(w.multiply(w)));
        return new Dfp[] {s, w, dfpLoss(field, loss, m).add(penalty)};
    }

    private static Dfp dfpS(DfpField field, Dfp w) {
        Dfp one = field.getOne();
        Dfp w2 = w.multiply(w);
        return w2.multiply(2).divide(one.add(one.add(w2.multiply(4)).sqrt()));
    }

    private static Dfp dfpMargin(DfpField field, int depth, double r, Dfp s, Dfp w) {
        Dfp growth = DfpMath.exp(DfpMath.log(field.getOne().add(s)).multiply(depth));
        return w.multiply(field.newDfp(r)).multiply(growth);
    }

    private static Dfp dfpLoss(DfpField field, Loss loss, Dfp m) {
        Dfp one = field.getOne();
        return switch (loss) {
            case LOGISTIC -> DfpMath.log(one.add(DfpMath.exp(m.negate())));
            case EXPONENTIAL -> DfpMath.exp(m.negate());
            case SQUARED -> one.subtract(m).multiply(one.subtract(m)).divide(2);
        };
    }

    private static Dfp dfpPsi(DfpField field, Loss loss, int depth, double lambda, double r, Dfp w) {
        Dfp one = field.getOne();
        Dfp s = dfpS(field, w);
        Dfp a = field.newDfp(r).multiply(DfpMath.exp(DfpMath.log(one.add(s)).multiply(depth)));
        Dfp m = w.multiply(a);
        Dfp dLoss = switch (loss) {
            case LOGISTIC -> one.divide(one.add(DfpMath.exp(m))).negate();
            case EXPONENTIAL -> DfpMath.exp(m.negate()).negate();
            case SQUARED -> m.subtract(one);
        };
        return field.newDfp(lambda).multiply(w).add(dLoss.multiply(a));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Negative controls

    @Test
    void perturbedCandidatesAreStrictlyWorseAndNotStationary() {
        for (Loss loss : Loss.values()) {
            for (int depth : new int[] {1, 8, 1000}) {
                for (double lambda : new double[] {1e-8, 1e-2, 1}) {
                    double r = 3;
                    AlignedOptimum o = AlignedFamily.solve(loss, depth, lambda, r, 1);
                    double f = o.objective();
                    for (double ds : new double[] {1e-3, -1e-3}) {
                        double s = o.s() + ds * Math.max(o.s(), 1e-3);
                        // the perturbed s with the original ω, and with ω moved onto the valley ω² = s(1+s)
                        double f1 = AlignedFamily.objective(loss, depth, lambda, r, 1, s, o.omega());
                        double f2 = AlignedFamily.objective(loss, depth, lambda, r, 1, s, Math.sqrt(s * (1 + s)));
                        String tag = loss + " L=" + depth + " λ=" + lambda + " ds=" + ds + " f*=" + f;
                        assertTrue(f1 > f, tag + " f1=" + f1);
                        assertTrue(f2 > f, tag + " f2=" + f2);
                        assertStationary(loss, depth, lambda, r, 1, s, o.omega(), 1e-11, 1e-6, false);
                    }
                }
            }
        }
        // and a deliberately wrong stationarity relation (ω² = s instead of s(1+s)) gives a worse point
        AlignedOptimum o = AlignedFamily.solve(Loss.LOGISTIC, 4, 0.01, 1, 1);
        double wrong = AlignedFamily.objective(Loss.LOGISTIC, 4, 0.01, 1, 1, o.s(), Math.sqrt(o.s()));
        assertTrue(wrong > o.objective());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.0, 1, 1));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.solve(Loss.EXPONENTIAL, 4, 0.0, 1, 1));
        assertTrue(zero.getMessage().contains("not") && zero.getMessage().contains("attained"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.SQUARED, 4, 0.0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 0, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, -3, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, -0.1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.solve(Loss.LOGISTIC, 4, Double.MIN_VALUE, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.solve(Loss.LOGISTIC, 4, Double.POSITIVE_INFINITY, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(Loss.LOGISTIC, 4, 0.1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> AlignedFamily.solve(null, 4, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.objective(Loss.LOGISTIC, 4, 0.1, 1, 1, Double.NaN, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.objective(Loss.LOGISTIC, 4, 0.1, 1, 1, 0.5, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> AlignedFamily.objective(Loss.LOGISTIC, 4, 0.1, Double.NaN, 1, 0.5, 0.5));
        // λ = 0 is fine for evaluating f, just not for minimising it
        assertEquals(Math.log1p(Math.exp(-2.0)), AlignedFamily.objective(Loss.LOGISTIC, 1, 0.0, 1, 1, 1.0, 1.0),
                1e-16);
    }

    @Test
    void objectiveHandlesExtremeArgumentsWithoutNaN() {
        for (Loss loss : Loss.values()) {
            for (int label : new int[] {1, -1}) {
                for (double s : new double[] {-1e6, -2.5, -1, -0.5, 0, 1e-300, 0.5, 3, 1e6}) {
                    for (double w : new double[] {-1e6, -1, 0, 1e-300, 1, 1e6}) {
                        double v = AlignedFamily.objective(loss, 1000, 1e-8, 100, label, s, w);
                        assertFalse(Double.isNaN(v), loss + " s=" + s + " ω=" + w);
                        assertTrue(v >= 0, loss + " s=" + s + " ω=" + w);
                    }
                }
            }
        }
        // a moderate margin whose intermediate (1+s)^L = 2.5^800 ≈ e^733 overflows a double (r = 1e-20 brings
        // r(1+s)^L back into range, and ω = 1e-298 brings m to ≈ 2.2)
        double v = AlignedFamily.objective(Loss.LOGISTIC, 800, 1e-10, 1e-20, 1, 1.5, 1e-298);
        double m = Math.exp(800 * Math.log(2.5) + Math.log(1e-20) + Math.log(1e-298));
        assertTrue(m > 1 && m < 5, "m=" + m);
        double expected = Math.log1p(Math.exp(-m)) + 0.5e-10 * (800 * 2.25 + 1e-298 * 1e-298);
        assertEquals(expected, v, 1e-12 * expected);
    }
}
