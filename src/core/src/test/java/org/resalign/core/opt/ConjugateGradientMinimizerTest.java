package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConjugateGradientMinimizerTest {

    @Test
    void rosenbrockReachesAllOnes() {
        final List<Integer> seen = new ArrayList<>();
        final OptimizationResult r = new ConjugateGradientMinimizer().minimize(TestFunctions.rosenbrock(2),
                TestFunctions.rosenbrockStart(2), new StoppingCriteria(10_000, 1e-10, 0),
                (iteration, value, gradientNorm) -> seen.add(iteration));
        assertTrue(TestFunctions.maxAbsDifference(r.point(), 1.0) <= 1e-6,
                () -> java.util.Arrays.toString(r.point()) + " " + r);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason(), r::toString);
        assertEquals(r.iterations(), seen.size());
        // The reported gradient norm is that of the reported point.
        final double[] g = new double[2];
        TestFunctions.rosenbrock(2).valueAndGradient(r.point(), g);
        assertEquals(TestFunctions.norm(g), r.gradientNorm(), 1e-15);
        assertTrue(r.gradientNorm() <= 1e-10);
    }

    @Test
    void quadraticMatchesCholeskySolution() {
        final double[][] a = TestFunctions.randomSpd(10, 100, new java.util.Random(5));
        final double[] b = {1, -1, 2, 0, 3, 1, 0.5, -2, 1, 1};
        final OptimizationResult r = new ConjugateGradientMinimizer().minimize(TestFunctions.quadratic(a, b),
                new double[10], new StoppingCriteria(10_000, 1e-11, 0));
        final double[] expected = TestFunctions.solve(a, b);
        assertTrue(TestFunctions.distance(r.point(), expected) <= 1e-8 * TestFunctions.norm(expected), r::toString);
    }

    @Test
    void maxIterationsOnRosenbrock() {
        final OptimizationResult r = new ConjugateGradientMinimizer().minimize(TestFunctions.rosenbrock(2),
                TestFunctions.rosenbrockStart(2), new StoppingCriteria(3, 1e-12, 0));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(3, r.iterations());
        assertTrue(r.value() < 24.2);
    }

    @Test
    void evaluationBudgetIsReportedAsMaxIterations() {
        final OptimizationResult r = new ConjugateGradientMinimizer(1e-12, 1e-30, 1e-3, 25)
                .minimize(TestFunctions.rosenbrock(2), TestFunctions.rosenbrockStart(2),
                        new StoppingCriteria(10_000, 1e-12, 0));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertTrue(r.value() < 24.2);
    }

    @Test
    void nanThrows() {
        final DifferentiableFunction f = TestFunctions.nanBeyond(TestFunctions.rosenbrock(2), 0.5);
        final ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new ConjugateGradientMinimizer().minimize(f, TestFunctions.rosenbrockStart(2),
                        new StoppingCriteria(10_000, 1e-10, 0)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void evaluationsAreCountedOncePerDistinctPoint() {
        final int[] calls = {0};
        final DifferentiableFunction rosen = TestFunctions.rosenbrock(2);
        final DifferentiableFunction counted = new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                calls[0]++;
                return rosen.valueAndGradient(x, g);
            }
        };
        final OptimizationResult r = new ConjugateGradientMinimizer().minimize(counted,
                TestFunctions.rosenbrockStart(2), new StoppingCriteria(50, 1e-10, 0));
        assertEquals(calls[0], r.evaluations());
    }
}
