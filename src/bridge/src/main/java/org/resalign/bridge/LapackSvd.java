package org.resalign.bridge;

import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.linalg.TruncatedSvdMethod;

/**
 * The top-{@code k} singular triplets of a formed matrix from LAPACK's divide-and-conquer SVD {@code dgesdd} (the
 * OpenBLAS build that nd4j-native loads; the routine numpy and PyTorch call): Householder bidiagonalisation in blocked
 * BLAS-3 steps, then the bidiagonal's SVD by divide and conquer. It computes the same triplets as EJML's full SVD
 * ({@link DenseSvd}) to rounding, about five times faster at {@code D = 512} (README, Benchmarks). Tests hold it
 * against EJML, Commons Math and a matrix of known spectrum.
 *
 * <p>Not {@code dgesvdx}, which computes only the top {@code k} and would be twice as fast again: the build in
 * OpenBLAS 0.3.19 corrupts the native heap ({@code free(): invalid pointer}) whenever a requested singular value is
 * numerically zero, as in a Jacobian with dead units (a 5×5 matrix of rank 3 with {@code k = 4} is enough), and a
 * test here keeps such matrices covered.
 *
 * <p>The result is in {@link TruncatedSvd}'s sign convention ({@link DenseSvd#orient}). OpenBLAS runs with the
 * threads it was loaded with ({@code OMP_NUM_THREADS}); concurrent calls from several Java threads are safe and each
 * call's result does not depend on them.
 */
public final class LapackSvd {

    private LapackSvd() {
    }

    /** {@link TruncatedSvdMethod} form: forms {@code op}'s matrix ({@link DenseSvd#materialise}) and calls {@link #top}. */
    public static TruncatedSvdMethod method() {
        return (op, k) -> top(DenseSvd.materialise(op), k);
    }

    /** {@link TruncatedSvdMethod#automatic(TruncatedSvdMethod, long)} with this class's exact method. */
    public static TruncatedSvdMethod automatic(long seed) {
        return TruncatedSvdMethod.automatic(method(), seed);
    }

    /**
     * The top {@code k} triplets of {@code a} (not modified).
     *
     * @throws IllegalArgumentException when {@code k} is outside {@code [1, min(m, n)]}
     * @throws ArithmeticException      when {@code a} has a non-finite entry or LAPACK reports a failure
     */
    public static TruncatedSvd top(DMatrixRMaj a, int k) {
        int m = a.numRows;
        int n = a.numCols;
        int p = Math.min(m, n);
        if (k < 1 || k > p) {
            throw new IllegalArgumentException("k = " + k + " must lie in [1, " + p + "]");
        }
        for (int i = 0; i < a.getNumElements(); i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new ArithmeticException("matrix entry (" + i / n + ", " + i % n + ") is " + a.data[i]);
            }
        }
        // The row-major data of A is the column-major storage of Aᵀ (n×m), whose SVD Aᵀ = V·Σ·Uᵀ LAPACK computes
        // without LAPACKE's transposing row-major wrapper.
        double[] work = a.data.clone(); // dgesdd overwrites its input
        double[] s = new double[p];
        double[] v = new double[n * p]; // the left vectors of Aᵀ: V, column-major n×p
        double[] ut = new double[p * m]; // the right ones transposed: Uᵀ, column-major p×m
        int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'S', n, m, work, n, s, v, n, ut, p);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dgesdd failed (info " + info + ")");
        }
        double[] values = java.util.Arrays.copyOf(s, k);
        DMatrixRMaj left = new DMatrixRMaj(m, k);
        DMatrixRMaj right = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < m; r++) {
                left.unsafe_set(r, j, ut[r * p + j]);
            }
            for (int c = 0; c < n; c++) {
                right.unsafe_set(c, j, v[j * n + c]);
            }
        }
        DenseSvd.orient(left, right);
        return new TruncatedSvd(values, left, right);
    }
}
