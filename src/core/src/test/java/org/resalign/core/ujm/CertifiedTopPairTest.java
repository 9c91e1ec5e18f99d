package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.seed.Seeds;

/** The certified Lanczos top pair against EJML's full SVD, and the cases it must hand over to the full SVD. */
class CertifiedTopPairTest {

    /** EJML's full SVD, sorted: values, and the top left and right vectors. */
    private record Full(double[] sigma, double[] u1, double[] v1) {
        static Full of(DMatrixRMaj j) {
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(j.numRows, j.numCols, true, true, false);
            assertTrue(svd.decompose(j.copy()));
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj v = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, w, v, false);
            double[] s = new double[Math.min(j.numRows, j.numCols)];
            for (int k = 0; k < s.length; k++) {
                s[k] = w.get(k, k);
            }
            double[] u1 = new double[j.numRows];
            double[] v1 = new double[j.numCols];
            for (int k = 0; k < u1.length; k++) {
                u1[k] = u.get(k, 0);
            }
            for (int k = 0; k < v1.length; k++) {
                v1[k] = v.get(k, 0);
            }
            return new Full(s, u1, v1);
        }
    }

    private static double[] unit(RandomGenerator rng, int n) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = rng.nextGaussian();
        }
        LeadingSingularPair.normalise(x);
        return x;
    }

    /** {@code Σ_k s_k a_k b_kᵀ} with orthonormal a's and b's (Gram–Schmidt of random vectors), plus noise. */
    private static DMatrixRMaj planted(int n, double[] s, double noise, long seed) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.PERTURBATION);
        double[][] a = new double[s.length][];
        double[][] b = new double[s.length][];
        for (int k = 0; k < s.length; k++) {
            a[k] = unit(rng, n);
            b[k] = unit(rng, n);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < k; i++) {
                    subtractProjection(a[k], a[i]);
                    subtractProjection(b[k], b[i]);
                }
            }
            LeadingSingularPair.normalise(a[k]);
            LeadingSingularPair.normalise(b[k]);
        }
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double x = noise * rng.nextGaussian() / n;
                for (int k = 0; k < s.length; k++) {
                    x += s[k] * a[k][r] * b[k][c];
                }
                j.set(r, c, x);
            }
        }
        return j;
    }

    private static void subtractProjection(double[] x, double[] unit) {
        double d = 0;
        for (int k = 0; k < x.length; k++) {
            d += x[k] * unit[k];
        }
        for (int k = 0; k < x.length; k++) {
            x[k] -= d * unit[k];
        }
    }

    private static double cos(double[] a, double[] b) {
        double d = 0;
        for (int k = 0; k < a.length; k++) {
            d += a[k] * b[k];
        }
        return Math.abs(d);
    }

    /** Rank one to rounding (the theorem's optima): certified; σ₁ and the vectors as EJML's, σ₂ an upper bound. */
    @Test
    void nearRankOneIsCertifiedAndAgreesWithTheFullSvd() {
        int[] dims = {2, 3, 12, 64, 200};
        double[] noises = {0, 1e-16, 1e-15, 1e-14};
        long seed = 0;
        for (int n : dims) {
            for (double noise : noises) {
                DMatrixRMaj j = planted(n, new double[]{0.37}, noise, seed++);
                LeadingSingularPair p = CertifiedTopPair.of(j);
                String at = "n=" + n + " noise=" + noise;
                assertNotNull(p, at);
                Full full = Full.of(j);
                assertEquals(full.sigma[0], p.sigma1(), 1e-14 * full.sigma[0], at);
                assertTrue(p.sigma2() >= full.sigma[1], at + ": σ₂ " + p.sigma2() + " below EJML's " + full.sigma[1]);
                assertTrue(p.sigma2() <= CertifiedTopPair.TINY * p.sigma1(), at);
                assertEquals(1.0, cos(p.left(), full.u1), 1e-13, at);
                assertEquals(1.0, cos(p.right(), full.v1), 1e-13, at);
            }
        }
    }

    /** An isolated σ₂ (σ₂/σ₁ = 2e-6 and 5e-7, σ₃ at rounding): certified, σ₂ to 1e-6 relative. */
    @Test
    void anIsolatedSecondValueIsCertifiedToRelativeAccuracy() {
        for (double ratio : new double[]{2e-6, 5e-7, 1e-3, 0.3}) {
            for (int n : new int[]{12, 64, 257}) {
                DMatrixRMaj j = planted(n, new double[]{1.3, 1.3 * ratio}, 1e-16, n);
                LeadingSingularPair p = CertifiedTopPair.of(j);
                String at = "n=" + n + " ratio=" + ratio;
                assertNotNull(p, at);
                Full full = Full.of(j);
                assertEquals(full.sigma[0], p.sigma1(), 1e-14 * full.sigma[0], at);
                assertEquals(full.sigma[1], p.sigma2(), CertifiedTopPair.RELATIVE * full.sigma[1], at);
                assertEquals(1.0, cos(p.left(), full.u1), 1e-13, at);
                assertEquals(1.0, cos(p.right(), full.v1), 1e-13, at);
            }
        }
    }

    /** Cases no cheap bound settles go to the full SVD: a flat tail, a near-degenerate top pair, Gaussian noise. */
    @Test
    void unsettledCasesAreHandedToTheFullSvd() {
        int n = 40;
        double[] flat = new double[n];
        java.util.Arrays.fill(flat, 2e-6);
        flat[0] = 1;
        assertNull(CertifiedTopPair.of(planted(n, flat, 0, 1)), "flat tail at 2e-6");
        assertNull(CertifiedTopPair.of(planted(n, new double[]{1, 1 - 1e-9}, 1e-16, 2)), "near-degenerate pair");
        assertNull(CertifiedTopPair.of(planted(n, new double[]{1, 1}, 0, 3)), "exactly degenerate pair");
        assertNull(CertifiedTopPair.of(planted(n, new double[]{0}, n, 4)), "Gaussian matrix");
        assertNull(CertifiedTopPair.of(new DMatrixRMaj(n, n)), "zero matrix");
        // ... and what ofDense returns there is the full SVD's.
        DMatrixRMaj j = planted(n, flat, 0, 1);
        LeadingSingularPair p = LeadingSingularPair.ofDense(j);
        Full full = Full.of(j);
        assertEquals(full.sigma[0], p.sigma1(), 1e-14);
        assertEquals(full.sigma[1], p.sigma2(), 1e-14 * full.sigma[0]);
    }

    /** Whatever it returns on random spectra agrees with the full SVD within its stated accuracy. */
    @Test
    void randomSpectraNeverDisagree() {
        RandomGenerator rng = Seeds.stream(7, Seeds.Purpose.PERTURBATION);
        int certified = 0;
        for (int trial = 0; trial < 60; trial++) {
            int n = 5 + rng.nextInt(60);
            int rank = 1 + rng.nextInt(4);
            double[] s = new double[rank];
            s[0] = 1;
            for (int k = 1; k < rank; k++) {
                s[k] = s[k - 1] * Math.pow(10, -8 * rng.nextDouble());
            }
            double noise = Math.pow(10, -16 + 10 * rng.nextDouble());
            DMatrixRMaj j = planted(n, s, noise, 100 + trial);
            LeadingSingularPair p = CertifiedTopPair.of(j);
            if (p == null) {
                continue;
            }
            certified++;
            Full full = Full.of(j);
            String at = "trial " + trial;
            assertEquals(full.sigma[0], p.sigma1(), 1e-13 * full.sigma[0], at);
            if (p.sigma2() <= CertifiedTopPair.TINY * p.sigma1()) {
                assertTrue(p.sigma2() >= full.sigma[1] * (1 - 1e-12), at);
            } else {
                assertEquals(full.sigma[1], p.sigma2(), 1.01 * CertifiedTopPair.RELATIVE * full.sigma[1], at);
            }
            assertEquals(1.0, cos(p.left(), full.u1), 1e-12, at);
            assertEquals(1.0, cos(p.right(), full.v1), 1e-12, at);
        }
        assertTrue(certified >= 20, "only " + certified + " of 60 certified");
    }

    /** A solved optimum: every layer is certified and the verdict's figures are the full SVD's. */
    @Test
    void aSolvedOptimumIsCertifiedLayerByLayer() {
        UjmProblem problem = UjmProblem.binary(48, 6, 1e-2, Loss.LOGISTIC, 1.0, 5);
        UjmSolution s = UjmSolver.solve(problem, SolverSettings.defaults(SolverKind.LBFGS, 5), IterationMonitor.NONE);
        JacobianParametrisation jac = s.model().jacobians();
        for (int i = 0; i < problem.depth(); i++) {
            DMatrixRMaj j = jac.jacobian(s.theta(), i);
            LeadingSingularPair fast = CertifiedTopPair.of(j);
            assertNotNull(fast, "layer " + i);
            LeadingSingularPair full = LeadingSingularPair.ofDenseFullSvd(j);
            assertEquals(full.sigma1(), fast.sigma1(), 1e-14 * full.sigma1());
            assertTrue(fast.sigma2() >= full.sigma2() && fast.sigma2() <= CertifiedTopPair.TINY * fast.sigma1());
            assertEquals(1.0, cos(fast.left(), full.left()), 1e-13);
            assertEquals(1.0, cos(fast.right(), full.right()), 1e-13);
        }
    }

    /** The verdict with planted second values: 2e-6 fails (c), 5e-7 passes, through the certified path. */
    @Test
    void plantedSecondValuesGiveTheRightVerdict() {
        int dim = 24;
        int depth = 3;
        double lambda = 1e-2;
        UjmProblem problem = UjmProblem.binary(dim, depth, lambda, Loss.LOGISTIC, 1.0, 3);
        UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(problem);
        AlignedOptimum aligned = AlignedFamily.solve(Loss.LOGISTIC, depth, lambda, 1.0, 1);
        double[] u = problem.data().inputs()[0];
        double[] e = new double[dim];
        e[0] = 1;
        subtractProjection(e, u);
        LeadingSingularPair.normalise(e);
        for (double ratio : new double[]{2e-6, 5e-7, 1.001e-6, 0.999e-6}) {
            double[] theta = new double[model.dimension()];
            for (int i = 0; i < depth; i++) {
                DMatrixRMaj j = new DMatrixRMaj(dim, dim);
                for (int r = 0; r < dim; r++) {
                    for (int c = 0; c < dim; c++) {
                        double x = aligned.s() * u[r] * u[c];
                        if (i == 1) {
                            x += ratio * aligned.s() * e[r] * e[c];
                        }
                        j.set(r, c, x);
                    }
                }
                assertNotNull(CertifiedTopPair.of(j), "layer " + i + " at ratio " + ratio);
                model.jacobians().setJacobian(theta, i, j);
            }
            for (int k = 0; k < dim; k++) {
                theta[model.jacobians().classifierOffset() + k] = aligned.omega() * u[k];
            }
            Theorem33Verdict v = Theorem33Verdict.judge(model, theta, model.value(theta), aligned,
                    Theorem33Tolerances.DEFAULT);
            boolean shouldFail = ratio > 1e-6;
            assertEquals(shouldFail, v.failures().contains("rankOne"), "ratio " + ratio + ": " + v.failures());
            assertEquals(ratio, v.structure().maxRankOneRatio(), 1e-6 * ratio);
            if (!shouldFail) {
                assertTrue(v.holds(), v.failures()::toString);
            } else {
                assertFalse(v.holds());
            }
        }
    }
}
