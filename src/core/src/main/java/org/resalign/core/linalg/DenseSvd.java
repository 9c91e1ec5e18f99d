package org.resalign.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Top-{@code k} singular triplets from EJML's full SVD: exact to rounding, {@code O(mn·min(m,n))}, for matrices small
 * enough to form. It is the reference the randomized SVD is held against, and the method of choice for
 * {@code D ≤ 512}.
 */
public final class DenseSvd {

    private DenseSvd() {
    }

    /** The top {@code k} triplets of {@code a} (which is not modified), in the sign convention of {@link TruncatedSvd}. */
    public static TruncatedSvd top(DMatrixRMaj a, int k) {
        int m = a.numRows;
        int n = a.numCols;
        if (k < 1 || k > Math.min(m, n)) {
            throw new IllegalArgumentException("k = " + k + " must lie in [1, " + Math.min(m, n) + "]");
        }
        requireFinite(a);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, true);
        if (!svd.decompose(a.copy())) {
            throw new ArithmeticException("EJML SVD did not converge");
        }
        double[] s = svd.getSingularValues();
        DMatrixRMaj uAll = svd.getU(null, false);
        DMatrixRMaj vAll = svd.getV(null, false);
        Integer[] order = new Integer[svd.numberOfSingularValues()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(s[y], s[x]));
        double[] values = new double[k];
        DMatrixRMaj u = new DMatrixRMaj(m, k);
        DMatrixRMaj v = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            int src = order[j];
            values[j] = s[src];
            for (int r = 0; r < m; r++) {
                u.set(r, j, uAll.get(r, src));
            }
            for (int r = 0; r < n; r++) {
                v.set(r, j, vAll.get(r, src));
            }
        }
        orient(u, v);
        return new TruncatedSvd(values, u, v);
    }

    /** Forms the matrix of {@code op} by applying it to the identity: {@code cols} applications in one block. */
    public static DMatrixRMaj materialise(LinearOperator op) {
        DMatrixRMaj identity = CommonOps_DDRM.identity(op.cols());
        return op.times(identity);
    }

    /**
     * Flips each pair {@code (u_j, v_j)} so that the entry of largest magnitude of {@code u_j} is positive (the first
     * such entry on ties), the convention of {@link TruncatedSvd}.
     */
    public static void orient(DMatrixRMaj u, DMatrixRMaj v) {
        for (int j = 0; j < u.numCols; j++) {
            int arg = 0;
            double best = -1;
            for (int r = 0; r < u.numRows; r++) {
                double a = Math.abs(u.get(r, j));
                if (a > best) {
                    best = a;
                    arg = r;
                }
            }
            if (u.get(arg, j) < 0) {
                for (int r = 0; r < u.numRows; r++) {
                    u.set(r, j, -u.get(r, j));
                }
                for (int r = 0; r < v.numRows; r++) {
                    v.set(r, j, -v.get(r, j));
                }
            }
        }
    }

    /** Fails with {@link ArithmeticException} naming the first non-finite entry of {@code a}. */
    public static void requireFinite(DMatrixRMaj a) {
        for (int i = 0; i < a.getNumElements(); i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new ArithmeticException("matrix entry (" + i / a.numCols + ", " + i % a.numCols + ") is "
                        + a.data[i]);
            }
        }
    }
}
