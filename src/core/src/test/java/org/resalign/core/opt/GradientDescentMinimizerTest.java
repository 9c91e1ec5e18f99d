package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class GradientDescentMinimizerTest {

    private static final double[][] A = {{3, 1, 0}, {1, 2, 0.5}, {0, 0.5, 1}};

    @Test
    void fixedStepIsExactlyTheLinearIteration() {
        // f = ½xᵀAx, so x_k = (I − ηA)^k x_0. The matrix power is computed independently with commons-math3.
        final double eta = 0.1;
        final double[] x0 = {1, -2, 0.5};
        final int k = 7;
        final OptimizationResult r = GradientDescentMinimizer.fixedStep(eta).minimize(
                TestFunctions.quadratic(A, new double[3]), x0, new StoppingCriteria(k, 0, 0));
        final RealMatrix step = MatrixUtils.createRealIdentityMatrix(3)
                .subtract(new Array2DRowRealMatrix(A).scalarMultiply(eta));
        final double[] expected = step.power(k).operate(x0);
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(k, r.iterations());
        assertEquals(k + 1, r.evaluations());
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], r.point()[i], 1e-12);
        }
        // The iterate has moved a lot, so the comparison above is not trivially satisfied by x0.
        assertTrue(TestFunctions.distance(r.point(), x0) > 0.5);
    }

    @Test
    void constructorWithNonPositiveStepSelectsArmijo() {
        assertTrue(new GradientDescentMinimizer(0.05).isFixedStep());
        assertFalse(new GradientDescentMinimizer(0).isFixedStep());
        assertFalse(new GradientDescentMinimizer(-1).isFixedStep());
        assertThrows(IllegalArgumentException.class, () -> new GradientDescentMinimizer(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> GradientDescentMinimizer.fixedStep(0));
    }

    @Test
    void armijoConvergesOnAQuadraticAndDecreasesMonotonically() {
        final double[] b = {1, 2, 3};
        final double[] expected = TestFunctions.solve(A, b);
        final List<Double> values = new ArrayList<>();
        final OptimizationResult r = GradientDescentMinimizer.armijo().minimize(TestFunctions.quadratic(A, b),
                new double[3], new StoppingCriteria(10_000, 1e-12, 0), (it, v, gn) -> values.add(v));
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason());
        assertTrue(TestFunctions.distance(r.point(), expected) <= 1e-10, r::toString);
        for (int k = 1; k < values.size(); k++) {
            assertTrue(values.get(k) <= values.get(k - 1), "Armijo steps never increase f");
        }
    }

    @Test
    void maxIterationsOnRosenbrock() {
        for (GradientDescentMinimizer gd : new GradientDescentMinimizer[] {
                GradientDescentMinimizer.armijo(), GradientDescentMinimizer.fixedStep(1e-4)}) {
            final OptimizationResult r = gd.minimize(TestFunctions.rosenbrock(2), TestFunctions.rosenbrockStart(2),
                    new StoppingCriteria(3, 1e-12, 0));
            assertEquals(StopReason.MAX_ITERATIONS, r.reason());
            assertEquals(3, r.iterations());
            assertTrue(r.value() < 24.2);
        }
    }

    @Test
    void divergenceAndNanThrow() {
        // η = 1 > 2/λ_max on this quadratic: the iterates blow up until f overflows.
        final ArithmeticException diverged = assertThrows(ArithmeticException.class,
                () -> GradientDescentMinimizer.fixedStep(1).minimize(TestFunctions.quadratic(A, new double[3]),
                        new double[] {1, 1, 1}, new StoppingCriteria(100_000, 0, 0)));
        assertTrue(diverged.getMessage().contains("iterate"), diverged.getMessage());
        final DifferentiableFunction nan = TestFunctions.nanBeyond(TestFunctions.rosenbrock(2), 0.5);
        for (GradientDescentMinimizer gd : new GradientDescentMinimizer[] {
                GradientDescentMinimizer.armijo(), GradientDescentMinimizer.fixedStep(1e-3)}) {
            final ArithmeticException e = assertThrows(ArithmeticException.class,
                    () -> gd.minimize(nan, new double[] {1, 1}, new StoppingCriteria(10, 0, 0)));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void relativeChangeStopsAStalledFixedStepRun() {
        final OptimizationResult r = GradientDescentMinimizer.fixedStep(1e-3).minimize(
                TestFunctions.quadratic(A, new double[] {1, 0, 0}), new double[3],
                new StoppingCriteria(1_000_000, 0, 1e-6));
        assertEquals(StopReason.RELATIVE_CHANGE, r.reason());
        assertTrue(r.iterations() >= StoppingCriteria.STALL_WINDOW);
    }
}
