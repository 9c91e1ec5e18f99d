package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector-free L-BFGS directions against the fused two-loop recursion ({@link LbfgsMinimizer#twoLoop}) run on
 * explicitly stored {@code s = α d} and {@code y = g_{k+1} − g_k} vectors that this test forms itself from what the
 * minimiser reports (the accepted step, the direction, the gradients), applying the skip rule itself.
 */
class LbfgsVectorFreeTest {

    private static final double TOLERANCE = 1e-10;

    /** Keeps its own ring of explicit pairs and checks every direction against the two-loop recursion. */
    static final class Reference implements LbfgsMinimizer.DirectionProbe {
        private final int m;
        private final double skipEpsilon;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private int count;
        private int newest = -1;
        private double gamma;
        private double[] gPrev;
        private double[] dPrev;
        int checked;
        int steepest;
        int skipped;
        double worst;

        Reference(int m, int n, double skipEpsilon) {
            this.m = m;
            this.skipEpsilon = skipEpsilon;
            s = new double[m][n];
            y = new double[m][n];
            rho = new double[m];
        }

        @Override
        public void direction(double[] g, double[] d, int pairs) {
            if (pairs == 0) {
                count = 0;
                newest = -1;
                steepest++;
                for (int i = 0; i < g.length; i++) {
                    assertEquals(-g[i], d[i], 0, "steepest descent");
                }
            } else {
                assertEquals(count, pairs, "stored pairs");
                final double[] ref = new double[g.length];
                final double sg = dot(s[newest], g);
                LbfgsMinimizer.twoLoop(g, sg, ref, s, y, rho, new double[m], newest, count, gamma);
                final double error = distance(d, ref) / norm(ref);
                worst = Math.max(worst, error);
                assertTrue(error <= TOLERANCE, "direction " + (checked + steepest) + ": relative error " + error);
                checked++;
            }
            gPrev = g.clone();
            dPrev = d.clone();
        }

        @Override
        public void accepted(double step, double[] gNew) {
            final int n = gNew.length;
            final double[] sv = new double[n];
            final double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                sv[i] = step * dPrev[i];
                yv[i] = gNew[i] - gPrev[i];
            }
            final double sy = dot(sv, yv);
            if (sy > skipEpsilon * norm(sv) * norm(yv)) {
                newest = (newest + 1) % m;
                s[newest] = sv;
                y[newest] = yv;
                rho[newest] = 1 / sy;
                gamma = sy / dot(yv, yv);
                count = Math.min(count + 1, m);
            } else {
                skipped++;
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i] * b[i];
        }
        return t;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double distance(double[] a, double[] b) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(t);
    }

    @ParameterizedTest(name = "m = {0}")
    @ValueSource(ints = {1, 3, LbfgsMinimizer.DEFAULT_HISTORY, 8, 12})
    void rosenbrockDirectionsMatchTheTwoLoopRecursion(int m) {
        final int n = 10;
        final Reference ref = new Reference(m, n, LbfgsMinimizer.SKIP_EPSILON);
        final OptimizationResult r = new LbfgsMinimizer(m, new StrongWolfeLineSearch(), ref)
                .minimize(TestFunctions.rosenbrock(n), TestFunctions.rosenbrockStart(n),
                        new StoppingCriteria(10_000, 1e-12, 0));
        assertTrue(ref.checked >= 30, "checked " + ref.checked + " directions: " + r);
        assertTrue(TestFunctions.maxAbsDifference(r.point(), 1.0) <= 1e-9, r::toString);
    }

    @ParameterizedTest(name = "m = {0}")
    @ValueSource(ints = {1, 3, LbfgsMinimizer.DEFAULT_HISTORY, 8, 12})
    void illConditionedQuadraticDirectionsMatchTheTwoLoopRecursion(int m) {
        final int n = 200;
        final Random random = new Random(7L);
        final double[][] a = TestFunctions.randomSpd(n, 1e4, random);
        final double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextGaussian();
        }
        final Reference ref = new Reference(m, n, LbfgsMinimizer.SKIP_EPSILON);
        final OptimizationResult r = new LbfgsMinimizer(m, new StrongWolfeLineSearch(), ref)
                .minimize(TestFunctions.quadratic(a, b), new double[n], new StoppingCriteria(10_000, 1e-10, 0));
        assertTrue(ref.checked >= 30, "checked " + ref.checked + " directions: " + r);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason(), r::toString);
        final double[] expected = TestFunctions.solve(a, b);
        assertTrue(TestFunctions.distance(r.point(), expected) <= 1e-8 * TestFunctions.norm(expected), r::toString);
    }

    /**
     * The history alone, over several blocks of the fused passes (n not a multiple of the block or of the unrolling),
     * with a skip threshold high enough that pairs are skipped both before and after the ring is full, and a
     * restart halfway. Steps are arbitrary (not from a line search) on a diagonal quadratic, so sᵀy &gt; 0 always.
     */
    @Test
    void historyMatchesTwoLoopWithSkipsRestartsAndManyBlocks() {
        final int n = 2 * VectorFreeHistory.MEASURE_BLOCK + 7;
        final int m = 4;
        final double skipEpsilon = 0.5;
        final Random random = new Random(11L);
        final double[] lambda = new double[n];
        final double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = Math.pow(100, random.nextDouble());
            x[i] = random.nextGaussian();
        }
        final VectorFreeHistory h = new VectorFreeHistory(m, n);
        final Reference ref = new Reference(m, n, skipEpsilon);
        double[] g = gradient(lambda, x);
        double slope = h.steepestDescent(g);
        ref.direction(g, h.direction(), 0);
        for (int iteration = 1; iteration <= 60; iteration++) {
            final double[] d = h.direction();
            assertEquals(dot(g, d), slope, 1e-12 * norm(g) * norm(d), "slope");
            // Exact minimiser along d, perturbed.
            double dad = 0;
            for (int i = 0; i < n; i++) {
                dad += lambda[i] * d[i] * d[i];
            }
            final double step = -slope / dad * (0.3 + 1.4 * random.nextDouble());
            for (int i = 0; i < n; i++) {
                x[i] += step * d[i];
            }
            final double[] gNew = gradient(lambda, x);
            ref.accepted(step, gNew);
            final double gg = h.measure(step, gNew, g);
            assertEquals(dot(gNew, gNew), gg, 1e-12 * gg);
            h.commit(gNew, skipEpsilon);
            g = gNew;
            if (iteration == 30) {
                h.clear();
            }
            if (h.count() == 0) {
                slope = h.steepestDescent(g);
            } else {
                slope = h.quasiNewtonDirection(g);
            }
            ref.direction(g, h.direction(), h.count());
        }
        assertTrue(ref.skipped >= 3, "skipped " + ref.skipped);
        assertTrue(ref.checked >= 40, "checked " + ref.checked);
        assertTrue(ref.steepest >= 2, "restarts " + ref.steepest);
    }

    private static double[] gradient(double[] lambda, double[] x) {
        final double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = lambda[i] * x[i];
        }
        return g;
    }
}
