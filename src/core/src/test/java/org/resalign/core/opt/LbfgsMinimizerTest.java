package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LbfgsMinimizerTest {

    private static final StoppingCriteria TIGHT = new StoppingCriteria(10_000, 1e-14, 0);

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 10})
    void rosenbrockReachesAllOnes(int n) {
        final OptimizationResult r = new LbfgsMinimizer().minimize(TestFunctions.rosenbrock(n),
                TestFunctions.rosenbrockStart(n), TIGHT);
        assertTrue(TestFunctions.maxAbsDifference(r.point(), 1.0) <= 1e-10,
                () -> "x = " + java.util.Arrays.toString(r.point()) + ", " + r);
        assertTrue(r.value() <= 1e-20, "f = " + r.value());
        assertTrue(r.iterations() > 10, "a real solve, not the start");
        assertTrue(r.evaluations() >= r.iterations() + 1);
        // The reported value and gradient norm belong to the reported point.
        final double[] g = new double[n];
        assertEquals(TestFunctions.rosenbrock(n).valueAndGradient(r.point(), g), r.value(), 0);
        assertEquals(TestFunctions.norm(g), r.gradientNorm(), 1e-15 + 1e-12 * r.gradientNorm());
    }

    @Test
    void illConditionedQuadraticMatchesCholeskySolution() {
        final int n = 50;
        final Random random = new Random(20240611L);
        final double[][] a = TestFunctions.randomSpd(n, 1e4, random);
        final double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextGaussian();
        }
        final double[] expected = TestFunctions.solve(a, b);
        // λ_min = 1, so ‖x − x*‖ ≤ ‖∇f‖ ≤ 1e-10·max(1, |f|), well inside 1e-8·‖x*‖. Reaching it needs the line
        // search to see past the rounding of f (differences of ~1e-15 near the solution).
        for (int m : new int[] {3, LbfgsMinimizer.DEFAULT_HISTORY, 20}) {
            final OptimizationResult r = new LbfgsMinimizer(m).minimize(TestFunctions.quadratic(a, b),
                    new double[n], new StoppingCriteria(10_000, 1e-10, 0));
            assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason(), () -> "m = " + m + ": " + r);
            final double relative = TestFunctions.distance(r.point(), expected) / TestFunctions.norm(expected);
            assertTrue(relative <= 1e-8, "m = " + m + ": relative error " + relative + ", " + r);
        }
    }

    @Test
    void maxIterationsStopsExactly() {
        final List<Integer> seen = new ArrayList<>();
        final OptimizationResult r = new LbfgsMinimizer().minimize(TestFunctions.rosenbrock(2),
                TestFunctions.rosenbrockStart(2), new StoppingCriteria(3, 1e-12, 0),
                (iteration, value, gradientNorm) -> seen.add(iteration));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(3, r.iterations());
        assertEquals(List.of(1, 2, 3), seen);
        assertTrue(r.value() < 24.2, "made progress from f(start) = 24.2");
    }

    @Test
    void zeroIterationsReturnsTheEvaluatedStart() {
        final double[] start = TestFunctions.rosenbrockStart(2);
        final OptimizationResult r = new LbfgsMinimizer().minimize(TestFunctions.rosenbrock(2), start,
                new StoppingCriteria(0, 1e-12, 0));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertArrayEquals(start, r.point(), 0);
        assertEquals(24.2, r.value(), 1e-12);
        assertTrue(r.gradientNorm() > 200);
    }

    @Test
    void gradientTestIsAppliedAtTheStart() {
        final double[] ones = {1, 1, 1};
        final OptimizationResult r = new LbfgsMinimizer().minimize(TestFunctions.rosenbrock(3), ones,
                new StoppingCriteria(100, 1e-10, 0));
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
    }

    @Test
    void relativeChangeNeedsStallWindowConsecutiveSmallChanges() {
        final double tolerance = 1e-3;
        final List<Double> values = new ArrayList<>();
        final double[] start = TestFunctions.rosenbrockStart(10);
        values.add(TestFunctions.rosenbrock(10).value(start));
        final OptimizationResult r = new LbfgsMinimizer(2).minimize(TestFunctions.rosenbrock(10), start,
                new StoppingCriteria(10_000, 0, tolerance), (iteration, value, gradientNorm) -> values.add(value));
        assertEquals(StopReason.RELATIVE_CHANGE, r.reason());
        assertEquals(r.iterations() + 1, values.size());
        int run = 0;
        for (int k = 1; k < values.size(); k++) {
            final double prev = values.get(k - 1);
            final double cur = values.get(k);
            final boolean small = Math.abs(prev - cur)
                    <= tolerance * Math.max(Math.max(Math.abs(prev), Math.abs(cur)), Double.MIN_NORMAL);
            run = small ? run + 1 : 0;
            if (k < values.size() - 1) {
                assertTrue(run < StoppingCriteria.STALL_WINDOW, "should have stopped at iteration " + k);
            }
        }
        assertEquals(StoppingCriteria.STALL_WINDOW, run, "stopped on the first full window");
    }

    @Test
    void nanAtTheStartThrows() {
        final DifferentiableFunction f = TestFunctions.nanBeyond(TestFunctions.rosenbrock(2), -10);
        final ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new LbfgsMinimizer().minimize(f, new double[] {0, 0}, TIGHT));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void nanDuringTheSolveThrows() {
        // Rosenbrock from (−1.2, 1) must pass x₀ = 0.5 on its way to 1.
        final DifferentiableFunction f = TestFunctions.nanBeyond(TestFunctions.rosenbrock(2), 0.5);
        final ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new LbfgsMinimizer().minimize(f, TestFunctions.rosenbrockStart(2), TIGHT));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void nanGradientAtTheStartThrows() {
        final DifferentiableFunction f = new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                g[0] = Double.NaN;
                g[1] = 0;
                return 1;
            }
        };
        assertThrows(ArithmeticException.class, () -> new LbfgsMinimizer().minimize(f, new double[2], TIGHT));
    }

    @Test
    void infiniteStartValueThrows() {
        final DifferentiableFunction f = new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                g[0] = 1;
                return Double.POSITIVE_INFINITY;
            }
        };
        final ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new LbfgsMinimizer().minimize(f, new double[1], TIGHT));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void barrierWithInfiniteValuesIsHandled() {
        // f = Σ (x_i − 2)² − log(3 − x_i) (+∞ for x_i ≥ 3): the first steepest-descent trials overshoot the barrier.
        final int n = 5;
        final DifferentiableFunction f = new DifferentiableFunction() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    if (x[i] >= 3) {
                        java.util.Arrays.fill(g, Double.NaN);
                        return Double.POSITIVE_INFINITY;
                    }
                    v += (x[i] - 2) * (x[i] - 2) - Math.log(3 - x[i]);
                    g[i] = 2 * (x[i] - 2) + 1 / (3 - x[i]);
                }
                return v;
            }
        };
        final double[] start = {-50, -40, -30, -20, -10};
        final OptimizationResult r = new LbfgsMinimizer().minimize(f, start, new StoppingCriteria(1000, 1e-12, 0));
        // Stationary point: 2(x − 2)(3 − x) + 1 = 0 with x < 3, i.e. x = (5 − √3)/2.
        final double expected = (5 - Math.sqrt(3)) / 2;
        assertTrue(TestFunctions.maxAbsDifference(r.point(), expected) <= 1e-9, r::toString);
    }

    @Test
    void startIsNotModifiedAndDimensionIsChecked() {
        final double[] start = TestFunctions.rosenbrockStart(4);
        final double[] copy = start.clone();
        new LbfgsMinimizer(2).minimize(TestFunctions.rosenbrock(4), start, TIGHT);
        assertArrayEquals(copy, start, 0);
        assertThrows(IllegalArgumentException.class,
                () -> new LbfgsMinimizer().minimize(TestFunctions.rosenbrock(4), new double[3], TIGHT));
        assertThrows(IllegalArgumentException.class, () -> new LbfgsMinimizer(0));
    }

    @Test
    void historyOfOneAndLongRunsStillConverge() {
        // m = 1 exercises the single-pair path of the fused two-loop recursion and the ring wrap-around.
        final OptimizationResult r = new LbfgsMinimizer(1).minimize(TestFunctions.rosenbrock(6),
                TestFunctions.rosenbrockStart(6), new StoppingCriteria(100_000, 1e-13, 0));
        assertTrue(TestFunctions.maxAbsDifference(r.point(), 1.0) <= 1e-8, r::toString);
    }
}
