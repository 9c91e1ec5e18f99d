package org.resalign.bridge;

import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.TruncatedSvd;

/**
 * The top-{@code k} singular triplets of a formed matrix from LAPACK (the OpenBLAS build that nd4j-native loads),
 * computing only those {@code k}:
 * <ol>
 * <li>{@code dgebrd} reduces the matrix to bidiagonal form {@code A = Q·B·Pᵀ} by Householder reflections in blocked
 *     steps (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., §5.4.8); this is the work of the method, the
 *     same first step as the full SVD of {@code dgesdd}.</li>
 * <li>{@code dbdsqr} computes every singular value of {@code B} without vectors (§8.6.2, the zero-shift QR of Demmel
 *     and Kahan, to high relative accuracy), the full spectrum the top {@code k} are checked against.</li>
 * <li>The top {@code k} triplets of {@code B} are the top {@code k} eigenpairs of its Golub–Kahan matrix
 *     {@code T_GK}, the {@code 2n×2n} symmetric tridiagonal with zero diagonal and off-diagonal
 *     {@code (d₁, e₁, d₂, e₂, …, d_n)}: its eigenvalues are {@code ±σ_i} and the eigenvector of {@code +σ_i} is
 *     {@code (v₁, u₁, v₂, u₂, …)/√2} for {@code B·v = σ·u} (§8.6.1). {@code dstevx} finds them by bisection and
 *     inverse iteration, the method of {@code dbdsvdx}; the even and odd entries, each normalised, are the
 *     bidiagonal's vectors.</li>
 * <li>{@code dormbr} applies {@code Q} and {@code P} to those {@code k} vectors only.</li>
 * </ol>
 * Each result is then certified on the input matrix itself before it is returned: every residual
 * {@code ‖A·v_j − σ_j·u_j‖} and {@code ‖Aᵀ·u_j − σ_j·v_j‖}, the departure of {@code Uᵀ·U} and {@code Vᵀ·V} from the
 * identity, the difference of each {@code σ_j} from {@code dbdsqr}'s, and of each half of the eigenvector from
 * norm {@code 1/√2}, must be at most {@link #CERTIFIED} (relative to {@code σ₁}). Where a check fails, or where
 * {@code σ_k ≤} {@link #SEPARATED}{@code ·σ₁} (a singular value at zero has no Golub–Kahan pair to split into
 * {@code u} and {@code v}), the triplets come from the full divide-and-conquer SVD {@code dgesdd} instead. On the
 * Residual Jacobians of a trained D = 512 network this is about twice as fast as {@code dgesdd} (README, Benchmarks),
 * and the two agree to rounding; tests hold it against EJML, Commons Math and a matrix of known spectrum, and
 * {@link #fallbacks} counts the decompositions that went to {@code dgesdd}.
 *
 * <p>Rows and columns that are exactly zero (a Residual Jacobian's dead units) are left out of the decomposition,
 * which changes no singular value or vector and saves about half the time when a third of the rows are dead.
 *
 * <p>Not {@code dgesvdx}, which computes the top {@code k} in one call: the build in OpenBLAS 0.3.19 corrupts the
 * native heap ({@code free(): invalid pointer}) whenever a requested singular value is numerically zero, as in a
 * Jacobian with dead units (a 5×5 matrix of rank 3 with {@code k = 4} is enough); such matrices never reach
 * {@code dstevx} here ({@link #SEPARATED}), and a test keeps them covered.
 *
 * <p>The result is in {@link TruncatedSvd}'s sign convention ({@link DenseSvd#orient}). OpenBLAS runs with the
 * threads it was loaded with ({@code OMP_NUM_THREADS}); concurrent calls from several Java threads are safe and each
 * call's result does not depend on them.
 */
public final class LapackSvd {

    /** The largest residual, loss of orthonormality or value difference (relative to σ₁) a result may have. */
    static final double CERTIFIED = 1e-11;
    /** Below {@code SEPARATED·σ₁} a {@code σ_k} is treated as zero, and the full SVD computes the triplets. */
    static final double SEPARATED = 1e-8;

    private static final java.util.concurrent.atomic.AtomicLong FALLBACKS = new java.util.concurrent.atomic.AtomicLong();

    private LapackSvd() {
    }

    /** How many decompositions in this process went to {@code dgesdd} (a check failed, or a zero σ among the top k). */
    static long fallbacks() {
        return FALLBACKS.get();
    }

    /**
     * The top {@code k} triplets of {@code a} (not modified).
     *
     * @throws IllegalArgumentException when {@code k} is outside {@code [1, min(m, n)]}
     * @throws ArithmeticException      when {@code a} has a non-finite entry or LAPACK reports a failure
     */
    public static TruncatedSvd top(DMatrixRMaj a, int k) {
        int p = Math.min(a.numRows, a.numCols);
        if (k < 1 || k > p) {
            throw new IllegalArgumentException("k = " + k + " must lie in [1, " + p + "]");
        }
        DenseSvd.requireFinite(a);
        Compact c = Compact.of(a, k);
        TruncatedSvd t = bidiagonal(a, c, k);
        if (t == null) {
            FALLBACKS.incrementAndGet();
            t = full(c, a.numRows, a.numCols, k);
        }
        return t;
    }

    /**
     * The matrix without its zero rows and columns, as a column-major {@code tall × wide} array with
     * {@code tall ≥ wide}: {@code A}'s compact part itself when it has at least as many rows as columns
     * ({@code transposed} false), else its transpose.
     */
    private record Compact(int[] rows, int[] cols, boolean transposed, int tall, int wide, double[] data) {

        static Compact of(DMatrixRMaj a, int k) {
            // Rows and columns that are exactly zero (a dead unit's row of a Residual Jacobian) carry no singular
            // value: the compact matrix without them has the same nonzero singular values, its vectors embedded with
            // zeros in the dropped places are A's, and its SVD costs less. Unless too few are left for k triplets.
            int[] rows = nonzeroRows(a);
            int[] cols = nonzeroCols(a);
            if (Math.min(rows.length, cols.length) < k) {
                rows = all(a.numRows);
                cols = all(a.numCols);
            }
            int mc = rows.length;
            int nc = cols.length;
            boolean transposed = mc < nc;
            double[] data = new double[mc * nc];
            for (int r = 0; r < mc; r++) {
                int from = rows[r] * a.numCols;
                for (int q = 0; q < nc; q++) {
                    // column-major: A's compact part (mc×nc) at r + q·mc, or its transpose (nc×mc) at q + r·nc
                    data[transposed ? q + r * nc : r + q * mc] = a.data[from + cols[q]];
                }
            }
            return new Compact(rows, cols, transposed, Math.max(mc, nc), Math.min(mc, nc), data);
        }

        /** {@code A}'s left and right vectors from the tall matrix's left ({@code x}) and right ({@code y}) ones. */
        TruncatedSvd embed(double[] values, double[] x, double[] y, int m, int n, int k) {
            double[] left = transposed ? y : x;
            double[] right = transposed ? x : y;
            int lm = transposed ? wide : tall;
            int rn = transposed ? tall : wide;
            DMatrixRMaj u = new DMatrixRMaj(m, k);
            DMatrixRMaj v = new DMatrixRMaj(n, k);
            for (int j = 0; j < k; j++) {
                for (int r = 0; r < lm; r++) {
                    u.unsafe_set(rows[r], j, left[r + j * lm]);
                }
                for (int q = 0; q < rn; q++) {
                    v.unsafe_set(cols[q], j, right[q + j * rn]);
                }
            }
            DenseSvd.orient(u, v);
            return new TruncatedSvd(java.util.Arrays.copyOf(values, k), u, v);
        }
    }

    /** The steps of the class comment; {@code null} when the result cannot be certified. */
    private static TruncatedSvd bidiagonal(DMatrixRMaj a, Compact c, int k) {
        int m = c.tall();
        int n = c.wide();
        double[] w = c.data().clone();
        double[] d = new double[n];
        double[] e = new double[Math.max(1, n - 1)];
        double[] tauq = new double[n];
        double[] taup = new double[n];
        check(openblas.LAPACKE_dgebrd(openblas.LAPACK_COL_MAJOR, m, n, w, m, d, e, tauq, taup), "dgebrd");
        double[] spectrum = d.clone();
        double[] work = e.clone();
        if (notConverged(openblas.LAPACKE_dbdsqr(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, 0, 0, 0, spectrum, work,
                null, 1, null, 1, null, 1), "dbdsqr")) {
            return null;
        }
        double top = spectrum[0];
        if (!(spectrum[k - 1] > SEPARATED * top)) {
            return null;
        }
        int size = 2 * n;
        double[] offDiagonal = new double[size - 1];
        for (int i = 0; i < n; i++) {
            offDiagonal[2 * i] = d[i];
            if (i < n - 1) {
                offDiagonal[2 * i + 1] = e[i];
            }
        }
        int[] found = new int[1];
        double[] eigenvalues = new double[size];
        double[] z = new double[size * k];
        int[] failed = new int[size];
        if (notConverged(openblas.LAPACKE_dstevx(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'I', size,
                new double[size], offDiagonal, 0, 0, size - k + 1, size, 2 * Double.MIN_NORMAL, found, eigenvalues, z,
                size, failed), "dstevx") || found[0] != k) {
            return null;
        }
        double[] values = new double[k];
        double[] x = new double[m * k]; // B's left vectors, then the tall matrix's (column-major m×k)
        double[] y = new double[n * k]; // its right ones
        double half = Math.sqrt(0.5);
        for (int j = 0; j < k; j++) {
            int src = (k - 1 - j) * size; // dstevx orders its eigenvalues up
            values[j] = eigenvalues[k - 1 - j];
            if (Math.abs(values[j] - spectrum[j]) > CERTIFIED * top) {
                return null;
            }
            double nu = 0;
            double nv = 0;
            for (int i = 0; i < n; i++) {
                nv += z[src + 2 * i] * z[src + 2 * i];
                nu += z[src + 2 * i + 1] * z[src + 2 * i + 1];
            }
            nu = Math.sqrt(nu);
            nv = Math.sqrt(nv);
            if (Math.abs(nu - half) > CERTIFIED || Math.abs(nv - half) > CERTIFIED) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                y[j * n + i] = z[src + 2 * i] / nv;
                x[j * m + i] = z[src + 2 * i + 1] / nu;
            }
        }
        check(openblas.LAPACKE_dormbr(openblas.LAPACK_COL_MAJOR, (byte) 'Q', (byte) 'L', (byte) 'N', m, k, n, w, m,
                tauq, x, m), "dormbr");
        check(openblas.LAPACKE_dormbr(openblas.LAPACK_COL_MAJOR, (byte) 'P', (byte) 'L', (byte) 'N', n, k, m, w, m,
                taup, y, n), "dormbr");
        TruncatedSvd t = c.embed(values, x, y, a.numRows, a.numCols, k);
        return certified(a, t) ? t : null;
    }

    /** Whether {@code t}'s residuals on {@code a} and its vectors' orthonormality are within {@link #CERTIFIED}. */
    static boolean certified(DMatrixRMaj a, TruncatedSvd t) {
        int m = a.numRows;
        int n = a.numCols;
        int k = t.rank();
        DMatrixRMaj u = t.u();
        DMatrixRMaj v = t.v();
        double[] av = new double[m * k];
        double[] atu = new double[n * k];
        Blas.multiply(false, false, m, k, n, a.data, v.data, av);
        Blas.multiply(true, false, n, k, m, a.data, u.data, atu);
        double[] uu = new double[k * k];
        double[] vv = new double[k * k];
        Blas.multiply(true, false, k, k, m, u.data, u.data, uu);
        Blas.multiply(true, false, k, k, n, v.data, v.data, vv);
        double bound = CERTIFIED * t.value(0);
        for (int j = 0; j < k; j++) {
            double s = t.value(j);
            double r1 = 0;
            for (int i = 0; i < m; i++) {
                double x = av[i * k + j] - s * u.data[i * k + j];
                r1 += x * x;
            }
            double r2 = 0;
            for (int i = 0; i < n; i++) {
                double x = atu[i * k + j] - s * v.data[i * k + j];
                r2 += x * x;
            }
            if (!(Math.sqrt(r1) <= bound && Math.sqrt(r2) <= bound)) {
                return false;
            }
            for (int l = 0; l < k; l++) {
                double identity = j == l ? 1 : 0;
                if (!(Math.abs(uu[j * k + l] - identity) <= CERTIFIED && Math.abs(vv[j * k + l] - identity) <= CERTIFIED)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The top {@code k} triplets from {@code dgesdd}'s full SVD of the compact matrix. */
    private static TruncatedSvd full(Compact c, int m, int n, int k) {
        int tall = c.tall();
        int wide = c.wide();
        double[] w = c.data().clone(); // dgesdd overwrites its input
        double[] s = new double[wide];
        double[] x = new double[tall * wide]; // left vectors, column-major tall×wide
        double[] yt = new double[wide * wide]; // right ones transposed, column-major wide×wide
        check(openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'S', tall, wide, w, tall, s, x, tall, yt,
                wide), "dgesdd");
        double[] y = new double[wide * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < wide; i++) {
                y[j * wide + i] = yt[j + i * wide];
            }
        }
        return c.embed(s, x, y, m, n, k);
    }

    /** Whether a routine failed to converge ({@code info > 0}); throws when it was misused ({@code info < 0}). */
    private static boolean notConverged(int info, String routine) {
        if (info < 0) {
            check(info, routine);
        }
        return info > 0;
    }

    private static void check(int info, String routine) {
        if (info != 0) {
            throw new ArithmeticException("LAPACK " + routine + " failed (info " + info + ")");
        }
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
