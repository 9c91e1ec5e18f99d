package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.Parallel;

/**
 * The passes shared out over cores (L-BFGS history, line-search trial point, dense forward and backward products) give
 * the same bits with one (everything on the calling thread), two and three workers.
 */
class ParallelDeterminismTest {

    private final int saved = Parallel.workers();

    @AfterEach
    void restore() {
        Parallel.setWorkers(saved);
    }

    /** D = 256, L = 2: large enough that every shared pass has several parts (n = 131,328 > one block). */
    private static UjmSolution solve(int workers, int samples) {
        Parallel.setWorkers(workers);
        UjmProblem p = new UjmProblem(256, 2, 1e-2, Loss.LOGISTIC, samples, 2, 1.0, 4);
        return UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 4).withMaxIterations(25),
                IterationMonitor.NONE);
    }

    @Test
    void solvesAreBitIdenticalOnAnyNumberOfWorkers() {
        for (int samples : new int[]{1, 3}) {
            UjmSolution one = solve(1, samples);
            for (int w : new int[]{2, 3}) {
                UjmSolution many = solve(w, samples);
                assertEquals(one.result().iterations(), many.result().iterations());
                assertEquals(one.result().evaluations(), many.result().evaluations());
                assertEquals(Double.doubleToLongBits(one.result().value()),
                        Double.doubleToLongBits(many.result().value()), "objective, " + w + " workers");
                assertArrayEquals(one.theta(), many.theta(), "θ, " + w + " workers, N = " + samples);
            }
        }
    }

    /** The gradient with two workers equals the one computed on the calling thread alone, bit for bit. */
    @Test
    void gradientIsBitIdenticalToTheSequentialOne() {
        UjmProblem p = new UjmProblem(256, 3, 1e-2, Loss.LOGISTIC, 2, 2, 1.0, 9);
        UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(p);
        double[] theta = UjmSolver.initialPoint(model, SolverSettings.defaults(SolverKind.LBFGS, 9));
        Parallel.setWorkers(1);
        double[] g1 = new double[theta.length];
        double f1 = model.valueAndGradient(theta, g1);
        Parallel.setWorkers(2);
        double[] g2 = new double[theta.length];
        double f2 = model.valueAndGradient(theta, g2);
        assertEquals(Double.doubleToLongBits(f1), Double.doubleToLongBits(f2));
        assertArrayEquals(g1, g2);
    }
}
