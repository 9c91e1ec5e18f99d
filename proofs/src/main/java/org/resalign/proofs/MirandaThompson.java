package org.resalign.proofs;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The trace inequality of Miranda and Thompson (1993), as the paper quotes it in App. B ("Theorem 2"): for real n×n
 * matrices {@code A_1…A_m} with singular values {@code s_1(A_j) ≥ … ≥ s_n(A_j)},
 * <pre>
 *   sup_{P_j ∈ SO(n)} tr(A_1P_1⋯A_mP_m) = Σ_{i&lt;n} Π_j s_i(A_j) + sign det(A_1⋯A_m) · Π_j s_n(A_j).
 * </pre>
 * {@link #maximise} pushes the rotations toward the supremum by block-coordinate ascent: with every other rotation
 * fixed, {@code tr(P_j M_j)} is maximised over SO(n) exactly by the special orthogonal Procrustes solution
 * {@code P_j = V diag(1,…,1, det VUᵀ) Uᵀ} for {@code M_j = UΣVᵀ}, so each sweep can only raise the trace.
 */
final class MirandaThompson {

    private MirandaThompson() {
    }

    /** The right side of the identity. */
    static double bound(DMatrixRMaj[] a) {
        int n = a[0].numRows;
        double[][] s = new double[a.length][];
        DMatrixRMaj product = CommonOps_DDRM.identity(n);
        for (int j = 0; j < a.length; j++) {
            s[j] = Dense.singularValues(a[j]);
            product = Dense.times(product, a[j]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = 1;
            for (double[] sj : s) {
                p *= sj[i];
            }
            sum += i < n - 1 ? p : Math.signum(CommonOps_DDRM.det(product)) * p;
        }
        return sum;
    }

    /** {@code tr(A_1P_1⋯A_mP_m)}. */
    static double trace(DMatrixRMaj[] a, DMatrixRMaj[] p) {
        DMatrixRMaj m = CommonOps_DDRM.identity(a[0].numRows);
        for (int j = 0; j < a.length; j++) {
            m = Dense.times(Dense.times(m, a[j]), p[j]);
        }
        return CommonOps_DDRM.trace(m);
    }

    /** The largest trace found by {@code restarts} runs of block-coordinate ascent from random rotations. */
    static double maximise(DMatrixRMaj[] a, RandomGenerator rng, int restarts, int sweeps) {
        int n = a[0].numRows;
        int m = a.length;
        double best = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            DMatrixRMaj[] p = new DMatrixRMaj[m];
            for (int j = 0; j < m; j++) {
                p[j] = Dense.rotation(rng, n);
            }
            double value = trace(a, p);
            for (int sweep = 0; sweep < sweeps; sweep++) {
                for (int j = 0; j < m; j++) {
                    p[j] = procrustes(cyclicRest(a, p, j));
                }
                double next = trace(a, p);
                boolean settled = next - value <= 1e-15 * Math.max(1, Math.abs(next));
                value = next;
                if (settled) {
                    break;
                }
            }
            best = Math.max(best, value);
        }
        return best;
    }

    /** {@code M_j = A_{j+1}P_{j+1}⋯A_mP_m A_1P_1⋯P_{j−1}A_j}, so that the trace is {@code tr(P_j M_j)}. */
    private static DMatrixRMaj cyclicRest(DMatrixRMaj[] a, DMatrixRMaj[] p, int j) {
        int m = a.length;
        DMatrixRMaj product = CommonOps_DDRM.identity(a[0].numRows);
        for (int k = 1; k <= m; k++) {
            int idx = (j + k) % m;
            product = Dense.times(product, a[idx]);
            if (k < m) {
                product = Dense.times(product, p[idx]);
            }
        }
        return product;
    }

    /** The rotation maximising {@code tr(P M)}: {@code P = V diag(1,…,1, det VUᵀ) Uᵀ} for {@code M = UΣVᵀ}. */
    static DMatrixRMaj procrustes(DMatrixRMaj m) {
        Dense.Svd svd = Dense.svd(m);
        int n = m.numRows;
        DMatrixRMaj ut = new DMatrixRMaj(n, n);
        CommonOps_DDRM.transpose(svd.u(), ut);
        double sign = Math.signum(CommonOps_DDRM.det(Dense.times(svd.v(), ut)));
        DMatrixRMaj d = CommonOps_DDRM.identity(n);
        d.set(n - 1, n - 1, sign == 0 ? 1 : sign);
        return Dense.times(Dense.times(svd.v(), d), ut);
    }
}
