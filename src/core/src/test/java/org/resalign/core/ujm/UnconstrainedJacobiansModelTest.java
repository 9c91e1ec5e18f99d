package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.check.FiniteDifferences;
import org.resalign.core.seed.Seeds;

class UnconstrainedJacobiansModelTest {

    private static double[] randomPoint(int n, double scale, long seed) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.PERTURBATION);
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = scale * rng.nextGaussian();
        }
        return x;
    }

    private static void assertGradientMatches(UnconstrainedJacobiansModel f, double[] x, int directions, long seed) {
        double[] grad = new double[f.dimension()];
        f.valueAndGradient(x, grad);
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.SEARCH);
        double gradNorm = 0;
        for (double gk : grad) {
            gradNorm += gk * gk;
        }
        gradNorm = Math.sqrt(gradNorm);
        boolean coordinates = f.dimension() <= 120;
        int count = coordinates ? f.dimension() : directions;
        for (int d = 0; d < count; d++) {
            double[] v = new double[f.dimension()];
            if (coordinates) {
                v[d] = 1;
            } else {
                double s = 0;
                for (int k = 0; k < v.length; k++) {
                    v[k] = rng.nextGaussian();
                    s += v[k] * v[k];
                }
                for (int k = 0; k < v.length; k++) {
                    v[k] /= Math.sqrt(s);
                }
            }
            double analytic = 0;
            for (int k = 0; k < v.length; k++) {
                analytic += grad[k] * v[k];
            }
            double numeric = FiniteDifferences.directional(f::value, x, v);
            assertEquals(numeric, analytic, 1e-7 * Math.max(gradNorm, 1e-3),
                    "directional derivative " + d + " of " + f.dimension());
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesAcrossShapesAndLosses() {
        RandomGenerator rng = Seeds.stream(11, Seeds.Purpose.SEARCH);
        int cases = 0;
        for (Loss loss : Loss.values()) {
            for (int t = 0; t < 8; t++) {
                int dim = 1 + rng.nextInt(7);
                int depth = 1 + rng.nextInt(5);
                int samples = 1 + rng.nextInt(4);
                int classes = t % 2 == 0 ? 2 : 2 + rng.nextInt(4);
                double lambda = Math.pow(10, -3 + 3 * rng.nextDouble());
                double norm = 0.5 + 2 * rng.nextDouble();
                UjmProblem p = new UjmProblem(dim, depth, lambda, loss, samples, classes, norm, 100 + t);
                UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
                double[] x = randomPoint(f.dimension(), 0.4, 7 * t + loss.ordinal());
                assertGradientMatches(f, x, 0, t);
                cases++;
            }
        }
        assertEquals(24, cases);
    }

    @Test
    void gradientMatchesFiniteDifferencesOnALargerModelAlongRandomDirections() {
        UjmProblem p = new UjmProblem(24, 6, 1e-2, Loss.LOGISTIC, 3, 4, 1.0, 5);
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
        assertGradientMatches(f, randomPoint(f.dimension(), 0.1, 3), 12, 9);
    }

    @Test
    void factoredGradientMatchesFiniteDifferences() {
        for (int rank = 1; rank <= 3; rank++) {
            UjmProblem p = new UjmProblem(5, 3, 0.05, Loss.EXPONENTIAL, 2, 3, 1.5, rank);
            UnconstrainedJacobiansModel f = new UnconstrainedJacobiansModel(p.data(), p.loss(), p.lambda(),
                    new FactoredJacobians(p.dim(), p.depth(), rank));
            assertGradientMatches(f, randomPoint(f.dimension(), 0.5, rank), 0, rank);
        }
    }

    /** Independent computation: the objective from explicitly multiplied EJML matrices. */
    @Test
    void objectiveEqualsExplicitMatrixProduct() {
        UjmProblem p = new UjmProblem(6, 4, 0.03, Loss.LOGISTIC, 3, 3, 2.0, 4);
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
        double[] x = randomPoint(f.dimension(), 0.3, 8);
        DMatrixRMaj product = CommonOps_DDRM.identity(6);
        double reg = 0;
        for (int i = 0; i < 4; i++) {
            DMatrixRMaj j = f.jacobians().jacobian(x, i);
            reg += 0.5 * CommonOps_DDRM.elementSum(elementSquare(j));
            DMatrixRMaj step = CommonOps_DDRM.identity(6);
            CommonOps_DDRM.addEquals(step, j);
            DMatrixRMaj next = new DMatrixRMaj(6, 6);
            CommonOps_DDRM.mult(step, product, next);
            product = next;
        }
        DMatrixRMaj w = new DMatrixRMaj(3, 6, true, f.classifier(x));
        reg += 0.5 * CommonOps_DDRM.elementSum(elementSquare(w));
        double lossSum = 0;
        for (int n = 0; n < 3; n++) {
            DMatrixRMaj xn = new DMatrixRMaj(6, 1, true, p.data().inputs()[n]);
            DMatrixRMaj h = new DMatrixRMaj(6, 1);
            CommonOps_DDRM.mult(product, xn, h);
            DMatrixRMaj z = new DMatrixRMaj(3, 1);
            CommonOps_DDRM.mult(w, h, z);
            int y = p.data().labels()[n];
            double lse = Math.log(Math.exp(z.get(0)) + Math.exp(z.get(1)) + Math.exp(z.get(2)));
            lossSum += lse - z.get(y);
        }
        double expected = lossSum / 3 + 0.03 * reg;
        assertEquals(expected, f.value(x), 1e-13 * Math.abs(expected));
    }

    /** The representations h_1..h_{L+1} equal explicit products (I+J_i)…(I+J_1)Δx (paper Appendix A). */
    @Test
    void trajectoryEqualsExplicitProducts() {
        UjmProblem p = new UjmProblem(5, 4, 0.1, Loss.LOGISTIC, 2, 2, 1.7, 6);
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
        double[] x = randomPoint(f.dimension(), 0.5, 2);
        double[][] h = f.trajectory(x, 1);
        DMatrixRMaj current = new DMatrixRMaj(5, 1, true, p.data().inputs()[1]);
        for (int i = 0; i <= 4; i++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(current.get(k), h[i][k], 1e-14 * (1 + Math.abs(current.get(k))));
            }
            if (i < 4) {
                DMatrixRMaj step = CommonOps_DDRM.identity(5);
                CommonOps_DDRM.addEquals(step, f.jacobians().jacobian(x, i));
                DMatrixRMaj next = new DMatrixRMaj(5, 1);
                CommonOps_DDRM.mult(step, current, next);
                current = next;
            }
        }
    }

    private static DMatrixRMaj elementSquare(DMatrixRMaj m) {
        DMatrixRMaj r = m.copy();
        CommonOps_DDRM.elementMult(r, m);
        return r;
    }

    /** Dense and factored parametrisations of the same rank-one Jacobians give the same objective. */
    @Test
    void factoredAndDenseAgreeOnTheSameJacobians() {
        UjmProblem p = UjmProblem.binary(7, 5, 0.1, Loss.LOGISTIC, 1.0, 2);
        FactoredJacobians factored = new FactoredJacobians(7, 5, 1);
        UnconstrainedJacobiansModel fFactored = new UnconstrainedJacobiansModel(p.data(), p.loss(), p.lambda(),
                factored);
        UnconstrainedJacobiansModel fDense = UnconstrainedJacobiansModel.dense(p);
        double[] xf = randomPoint(fFactored.dimension(), 0.5, 1);
        double[] xd = new double[fDense.dimension()];
        for (int i = 0; i < 5; i++) {
            fDense.jacobians().setJacobian(xd, i, factored.jacobian(xf, i));
        }
        System.arraycopy(fFactored.classifier(xf), 0, xd, fDense.jacobians().classifierOffset(), 7);
        assertEquals(fDense.value(xd), fFactored.value(xf), 1e-14 * Math.abs(fDense.value(xd)));
    }

    /**
     * Deep and large-margin cases stay finite and exact: J_i = s·uuᵀ with ∏(1+s) = 2^2000 far beyond the double
     * range. The logistic loss at that margin is 0, and the gradient with respect to J_i is still a finite number
     * (the log-domain product e^{a+b} of a huge representation and an underflowing loss derivative).
     */
    @Test
    void deepNetworksDoNotOverflow() {
        int dim = 3;
        int depth = 2000;
        UjmProblem p = UjmProblem.binary(dim, depth, 1e-3, Loss.LOGISTIC, 1.0, 1);
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
        double[] u = p.data().inputs()[0];
        double[] x = new double[f.dimension()];
        for (int i = 0; i < depth; i++) {
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    x[i * dim * dim + r * dim + c] = u[r] * u[c]; // s = 1
                }
            }
        }
        double omega = 1e-300;
        for (int k = 0; k < dim; k++) {
            x[f.jacobians().classifierOffset() + k] = omega * u[k];
        }
        double[] grad = new double[f.dimension()];
        double value = f.valueAndGradient(x, grad);
        // margin = ω·2^2000 ≈ 1e302: the loss is 0, only the regulariser remains
        double expected = 1e-3 / 2 * (depth + omega * omega);
        assertEquals(expected, value, 1e-12 * expected);
        for (double gk : grad) {
            assertTrue(Double.isFinite(gk));
        }
        // ∂f/∂J_1 = λJ_1 + ℓ'(m)·(ω2^1999)·u uᵀ; ℓ'(m) = −e^{−m} underflows: the data part is 0 to double precision
        assertEquals(1e-3 * x[0], grad[0], 1e-15);
    }

    @Test
    void exponentialLossAtHugeNegativeMarginIsInfiniteNotNaN() {
        UjmProblem p = UjmProblem.binary(2, 3, 0.1, Loss.EXPONENTIAL, 1.0, 1);
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(p);
        double[] x = new double[f.dimension()];
        double[] u = p.data().inputs()[0];
        for (int k = 0; k < 2; k++) {
            x[f.jacobians().classifierOffset() + k] = -1e6 * u[k];
        }
        double[] grad = new double[f.dimension()];
        assertEquals(Double.POSITIVE_INFINITY, f.valueAndGradient(x, grad));
    }

    @Test
    void nanParametersAreAnError() {
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(UjmProblem.binary(2, 2, 0.1, Loss.LOGISTIC,
                1.0, 1));
        double[] x = new double[f.dimension()];
        x[f.dimension() - 1] = Double.NaN;
        assertThrows(ArithmeticException.class, () -> f.valueAndGradient(x, new double[x.length]));
    }

    @Test
    void badProblemsAreRejectedWithTheParameterName() {
        org.resalign.core.input.InvalidInputException e = assertThrows(
                org.resalign.core.input.InvalidInputException.class,
                () -> UjmProblem.binary(0, 2, 0.1, Loss.LOGISTIC, 1, 1));
        assertEquals("dim", e.parameter());
        assertTrue(e.getMessage().startsWith("dim must be a positive integer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UjmProblem.binary(2, 2, -1, Loss.LOGISTIC, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> UjmProblem.binary(2, 2, 0.1, Loss.LOGISTIC, Double.NaN, 1));
    }

    /** The solver's variable count, computed without building anything, is the model's dimension. */
    @Test
    void theVariableCountIsTheModelsDimension() {
        for (SolverKind kind : SolverKind.values()) {
            for (int classes : new int[] {2, 4}) {
                UjmProblem p = new UjmProblem(7, 3, 1e-2, Loss.LOGISTIC, classes, classes, 1, 5);
                SolverSettings s = SolverSettings.defaults(kind, 1);
                assertEquals(UjmSolver.model(p, s).dimension(), UjmSolver.variables(p, s), kind + ", C = " + classes);
            }
        }
        // beyond the int range, without overflow: 16 · 30000² + 30000
        UjmProblem huge = new UjmProblem(30000, 16, 1e-2, Loss.LOGISTIC, 1, 2, 1, 0);
        assertEquals(16L * 30000 * 30000 + 30000, UjmSolver.variables(huge, SolverSettings.defaults(SolverKind.LBFGS, 0)));
        // L-BFGS: start, iterate, gradient, trial pair, m + 1 pairs of history, the verdict's copy
        assertEquals(1 + 4 + 2 * 3 + 1, UjmSolver.workingCopies(SolverSettings.defaults(SolverKind.LBFGS, 0)));
    }
}
