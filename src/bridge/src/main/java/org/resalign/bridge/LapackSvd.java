package org.resalign.bridge;

import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.TruncatedSvd;

/**
 * The top-{@code k} singular triplets of a formed matrix from LAPACK's divide-and-conquer SVD {@code dgesdd} (the
 * OpenBLAS build that nd4j-native loads; the routine numpy and PyTorch call): Householder bidiagonalisation in blocked
 * BLAS-3 steps, then the bidiagonal's SVD by divide and conquer. It computes the same triplets as EJML's full SVD
 * ({@link DenseSvd}) to rounding, about five times faster at {@code D = 512} (README, Benchmarks). Rows and
 * columns that are exactly zero (a Residual Jacobian's dead units) are left out of the decomposition, which changes
 * no singular value or vector and saves about half the time when a third of the rows are dead. Tests hold it
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
        DenseSvd.requireFinite(a);
        // Rows and columns that are exactly zero (a dead unit's row of a Residual Jacobian) carry no singular value:
        // the compact matrix without them has the same nonzero singular values, its vectors embedded with zeros in the
        // dropped places are A's, and its SVD costs less. Unless too few are left for k triplets.
        int[] rows = nonzeroRows(a);
        int[] cols = nonzeroCols(a);
        if (Math.min(rows.length, cols.length) < k) {
            rows = all(m);
            cols = all(n);
        }
        int mc = rows.length;
        int nc = cols.length;
        int pc = Math.min(mc, nc);
        // The row-major compact matrix is the column-major storage of its transpose (nc×mc), whose SVD
        // Aᵀ = V·Σ·Uᵀ LAPACK computes without LAPACKE's transposing row-major wrapper.
        double[] work = new double[mc * nc]; // dgesdd overwrites its input
        for (int r = 0; r < mc; r++) {
            int from = rows[r] * n;
            for (int c = 0; c < nc; c++) {
                work[r * nc + c] = a.data[from + cols[c]];
            }
        }
        double[] s = new double[pc];
        double[] v = new double[nc * pc]; // the left vectors of the transpose: V, column-major nc×pc
        double[] ut = new double[pc * mc]; // its right ones transposed: Uᵀ, column-major pc×mc
        int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'S', nc, mc, work, nc, s, v, nc, ut, pc);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dgesdd failed (info " + info + ")");
        }
        double[] values = java.util.Arrays.copyOf(s, k);
        DMatrixRMaj left = new DMatrixRMaj(m, k);
        DMatrixRMaj right = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < mc; r++) {
                left.unsafe_set(rows[r], j, ut[r * pc + j]);
            }
            for (int c = 0; c < nc; c++) {
                right.unsafe_set(cols[c], j, v[j * nc + c]);
            }
        }
        DenseSvd.orient(left, right);
        return new TruncatedSvd(values, left, right);
    }

    private static int[] nonzeroRows(DMatrixRMaj a) {
        int[] keep = new int[a.numRows];
        int t = 0;
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0, o = r * a.numCols; c < a.numCols; c++) {
                if (a.data[o + c] != 0) {
                    keep[t++] = r;
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(keep, t);
    }

    private static int[] nonzeroCols(DMatrixRMaj a) {
        boolean[] nonzero = new boolean[a.numCols];
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0, o = r * a.numCols; c < a.numCols; c++) {
                nonzero[c] |= a.data[o + c] != 0;
            }
        }
        int[] keep = new int[a.numCols];
        int t = 0;
        for (int c = 0; c < a.numCols; c++) {
            if (nonzero[c]) {
                keep[t++] = c;
            }
        }
        return java.util.Arrays.copyOf(keep, t);
    }

    private static int[] all(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
