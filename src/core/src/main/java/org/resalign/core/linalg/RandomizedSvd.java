package org.resalign.core.linalg;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * The top {@code k} singular triplets of a {@link LinearOperator} by Algorithm 971 (Li, Linderman, Szlam, Stanton,
 * Kluger, Tygert, "Algorithm 971: an implementation of a randomized algorithm for principal component analysis", ACM
 * TOMS 43(3), 2017), the method the paper uses in §2.4 for the Residual Jacobians, with {@code T = 20} iterations and
 * {@code K} from 10 to 30.
 *
 * <p>For {@code A} of size {@code m×n} with {@code m ≥ n} (otherwise the same steps run on {@code Aᵀ} and the roles of
 * the two sides swap), with {@code l = k + p} columns ({@code p} the oversampling):
 * <ol>
 *   <li>{@code Ω}: an {@code n×l} block of independent standard normal entries drawn from the seed (Alg. 971 draws
 *       uniform entries on {@code [−1, 1]}; a Gaussian block is the one the error bounds of Halko, Martinsson and
 *       Tropp (SIAM Review 53(2), 2011) are stated for, and its distribution is invariant under rotations, so the
 *       accuracy cannot depend on the singular bases of {@code A});</li>
 *   <li>{@code Q ← A·Ω}, renormalised;</li>
 *   <li>{@code T} times: {@code Q ← Aᵀ·Q}, renormalised; {@code Q ← A·Q}, renormalised;</li>
 *   <li>{@code B ← Aᵀ·Q} ({@code = (Qᵀ·A)ᵀ}); the thin SVD {@code B = W·S·Rᵀ} (EJML); then
 *       {@code A ≈ Q·Qᵀ·A = (Q·R)·S·Wᵀ}, and the first {@code k} columns of {@code Q·R} and {@code W} with the first
 *       {@code k} values of {@code S} are the result.</li>
 * </ol>
 * That is {@code 2T + 2} products with {@code A} or {@code Aᵀ} (42 for {@code T = 20}), {@code O(T·m·n·l)} work.
 *
 * <p>Renormalisation, as in Alg. 971: the pivoted LU factorisation of the block, keeping its unit lower-trapezoidal
 * factor with the rows permuted back ({@code [Q,~] = lu(Q)} in the paper's MATLAB code), after every product except the
 * last of the iterations, which is followed by a Householder QR (EJML), so the final basis is orthonormal; with
 * {@code T = 0} the single product is followed by QR. LU is what Alg. 971 uses because it is cheaper than QR and only
 * has to keep the block's columns from collapsing onto the top singular vector: its multipliers are bounded by 1 and
 * the factor has full column rank even when {@code A} is rank-deficient (a zero pivot leaves its column of multipliers
 * zero). {@link Renormalization#QR} uses QR after every product instead; measured on {@code σ_i = 1/i},
 * {@code D = 4096}, {@code k = 30}, {@code T = 20}, it gives the same errors to three digits for every oversampling
 * from 0 to 16 and takes 0.3–0.5 s longer (each EJML QR of the {@code 4096×40} block costs about 8 ms, the LU 0.9 ms),
 * so LU stays the default.
 *
 * <p>The default oversampling is {@value Parameters#DEFAULT_OVERSAMPLING}, not Alg. 971's {@code l = k + 2}: on that
 * slowly decaying spectrum the error of the smaller values is governed by {@code (σ_{l+1}/σ_k)^{4T+2}}, and the
 * measured worst relative error of the top 30 values (three seeds) is {@code 9·10⁻⁵} with {@code p = 2},
 * {@code 2·10⁻⁷} with 4, {@code 5·10⁻⁸} with 6, {@code 1·10⁻¹⁰} with 8 and {@code 3·10⁻¹²} with 10, the worst
 * {@code 1 − |cos|} of the singular vectors {@code 6·10⁻⁴} with 2 and {@code 6·10⁻¹²} with 10; {@code p = 10} costs
 * about 25% more time than {@code p = 2} ({@code l = 40} instead of 32 columns). {@code p = 2} remains available.
 *
 * <p>The same seed gives the bit-identical result (given a deterministic operator). A NaN or infinity in any product
 * stops the computation with an {@link ArithmeticException} that names it.
 */
public final class RandomizedSvd {

    /** How the block is renormalised between products. */
    public enum Renormalization {
        /** Alg. 971: pivoted LU in the intermediate steps, Householder QR after the last product of the iterations. */
        LU,
        /** Householder QR after every product. */
        QR
    }

    /**
     * The parameters of one decomposition.
     *
     * @param rank            {@code k ≥ 1}, the number of triplets returned
     * @param oversampling    {@code p ≥ 0}; the block has {@code l = min(k + p, min(rows, cols))} columns
     * @param iterations      {@code T ≥ 0} power iterations (paper §2.4: 20)
     * @param seed            the seed of the Gaussian test block
     * @param renormalization LU as Alg. 971, or QR throughout
     */
    public record Parameters(int rank, int oversampling, int iterations, long seed, Renormalization renormalization) {

        /** Columns added to the block beyond {@code k}; see the class comment for why not Alg. 971's 2. */
        public static final int DEFAULT_OVERSAMPLING = 10;

        /** The paper's choice (§2.4). */
        public static final int DEFAULT_ITERATIONS = 20;

        public Parameters {
            if (rank < 1) {
                throw new InvalidInputException("rank", "{rank} k must be at least 1, got " + rank);
            }
            if (oversampling < 0) {
                throw new InvalidInputException("oversampling", "{oversampling} must be at least 0, got " + oversampling);
            }
            if (iterations < 0) {
                throw new InvalidInputException("iterations", "{iterations} T must be at least 0, got " + iterations);
            }
            if (renormalization == null) {
                throw new InvalidInputException("renormalization", "{renormalization} must be LU or QR");
            }
        }

        /** Rank {@code k} with the default oversampling, {@code T = 20}, LU renormalisation. */
        public static Parameters of(int rank, long seed) {
            return new Parameters(rank, DEFAULT_OVERSAMPLING, DEFAULT_ITERATIONS, seed, Renormalization.LU);
        }

        public Parameters withOversampling(int p) {
            return new Parameters(rank, p, iterations, seed, renormalization);
        }

        public Parameters withIterations(int t) {
            return new Parameters(rank, oversampling, t, seed, renormalization);
        }

        public Parameters withSeed(long s) {
            return new Parameters(rank, oversampling, iterations, s, renormalization);
        }

        public Parameters withRenormalization(Renormalization r) {
            return new Parameters(rank, oversampling, iterations, seed, r);
        }

        /** {@code l = min(k + p, min(rows, cols))}: the oversampling is clamped to what the matrix allows. */
        public int blockWidth(int rows, int cols) {
            return (int) Math.min((long) rank + oversampling, Math.min(rows, cols));
        }

        /** Products with {@code A} or {@code Aᵀ} one decomposition makes: {@code 2T + 2}. */
        public int products() {
            return 2 * iterations + 2;
        }
    }

    private RandomizedSvd() {
    }

    /**
     * The top {@code k} singular triplets of {@code a}.
     *
     * @throws IllegalArgumentException if {@code k > min(rows, cols)}
     * @throws ArithmeticException      if a product contains NaN or an infinity, or the small SVD fails
     */
    public static TruncatedSvd decompose(LinearOperator a, Parameters p) {
        int rows = a.rows();
        int cols = a.cols();
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("the operator must not be empty, got " + rows + "×" + cols);
        }
        if (p.rank() > Math.min(rows, cols)) {
            throw new IllegalArgumentException("rank k = " + p.rank() + " exceeds min(rows, cols) = "
                    + Math.min(rows, cols) + " of the " + rows + "×" + cols + " operator");
        }
        boolean swap = rows < cols;
        LinearOperator op = swap ? new Transposed(a) : a;
        Run run = new Run(op, swap, p);
        TruncatedSvd t = run.decompose();
        DMatrixRMaj u = swap ? t.v() : t.u();
        DMatrixRMaj v = swap ? t.u() : t.v();
        DenseSvd.orient(u, v);
        return new TruncatedSvd(t.singularValues(), u, v);
    }

    /** One decomposition of an operator with {@code rows ≥ cols}. */
    private static final class Run {
        private final LinearOperator a;
        private final boolean swapped;
        private final Parameters p;
        private final int total;
        private int product;

        Run(LinearOperator a, boolean swapped, Parameters p) {
            this.a = a;
            this.swapped = swapped;
            this.p = p;
            this.total = p.products();
        }

        TruncatedSvd decompose() {
            int m = a.rows();
            int n = a.cols();
            int k = p.rank();
            int l = p.blockWidth(m, n);
            DMatrixRMaj omega = gaussian(n, l, p.seed());
            DMatrixRMaj q = new DMatrixRMaj(m, l);
            DMatrixRMaj z = new DMatrixRMaj(n, l);
            times(omega, q);
            int iterations = p.iterations();
            if (iterations == 0) {
                q = orthonormalBasis(q);
            } else {
                renormalise(q);
            }
            for (int it = 1; it <= iterations; it++) {
                transposeTimes(q, z);
                renormalise(z);
                times(z, q);
                if (it < iterations) {
                    renormalise(q);
                } else {
                    q = orthonormalBasis(q);
                }
            }
            DMatrixRMaj b = new DMatrixRMaj(n, l);
            transposeTimes(q, b);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, l, true, true, true);
            if (!svd.decompose(b)) {
                throw new ArithmeticException("the SVD of the projected " + n + "×" + l + " block did not converge");
            }
            DMatrixRMaj w = svd.getU(null, false);
            DMatrixRMaj r = svd.getV(null, false);
            double[] s = svd.getSingularValues();
            SingularOps_DDRM.descendingOrder(w, false, s, l, r, false);
            DMatrixRMaj rk = CommonOps_DDRM.extract(r, 0, l, 0, k);
            DMatrixRMaj u = new DMatrixRMaj(m, k);
            CommonOps_DDRM.mult(q, rk, u);
            DMatrixRMaj v = CommonOps_DDRM.extract(w, 0, n, 0, k);
            double[] sigma = new double[k];
            System.arraycopy(s, 0, sigma, 0, k);
            return new TruncatedSvd(sigma, u, v);
        }

        private void times(DMatrixRMaj x, DMatrixRMaj y) {
            a.apply(x, y);
            requireFinite(y, swapped ? "Aᵀ·x" : "A·x");
        }

        private void transposeTimes(DMatrixRMaj x, DMatrixRMaj y) {
            a.applyTranspose(x, y);
            requireFinite(y, swapped ? "A·x" : "Aᵀ·x");
        }

        private void requireFinite(DMatrixRMaj y, String what) {
            product++;
            double[] d = y.data;
            int size = y.getNumElements();
            for (int i = 0; i < size; i++) {
                if (!Double.isFinite(d[i])) {
                    throw new ArithmeticException("the operator returned " + d[i] + " in " + what + " at entry ("
                            + i / y.numCols + ", " + i % y.numCols + "), product " + product + " of " + total
                            + "; the randomized SVD needs finite products");
                }
            }
        }

        private void renormalise(DMatrixRMaj q) {
            if (p.renormalization() == Renormalization.LU) {
                luBasis(q);
            } else {
                DMatrixRMaj o = orthonormalBasis(q);
                System.arraycopy(o.data, 0, q.data, 0, q.getNumElements());
            }
        }
    }

    /**
     * An {@code rows×cols} block of standard normal entries, row by row, from the seed's sketch stream (distinct from
     * every other use of the seed).
     */
    static DMatrixRMaj gaussian(int rows, int cols, long seed) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.SKETCH);
        DMatrixRMaj g = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            g.data[i] = rng.nextGaussian();
        }
        return g;
    }

    /**
     * The thin Householder QR factor {@code Q} ({@code m×l}, orthonormal columns) of a tall block (EJML). EJML reports
     * a column that is exactly zero below the diagonal as a failure; its reflector is then the identity and {@code Q}
     * is still orthonormal, which is all the basis needs, so that report is ignored (it happens for exactly
     * rank-deficient operators, e.g. the zero matrix).
     */
    static DMatrixRMaj orthonormalBasis(DMatrixRMaj x) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(x.numRows, x.numCols);
        qr.decompose(x.copy());
        return qr.getQ(null, true);
    }

    /** Columns per panel of the blocked LU. */
    private static final int PANEL = 4;

    /** Rows per block of the transpositions between the row-major block and its column arrays. */
    private static final int TRANSPOSE_BLOCK = 64;

    /**
     * Replaces the tall block {@code x} ({@code m×l}, {@code m ≥ l}) by the lower factor of its LU factorisation with
     * partial pivoting, rows permuted back: {@code x = Pᵀ·L·U} becomes {@code Pᵀ·L}, MATLAB's {@code [L,~] = lu(x)} as
     * Alg. 971 uses it. Right-looking, in panels of {@value #PANEL} columns so that each trailing column is updated
     * by one pass of four fused multiply-adds per entry (a quarter of the cache traffic of the column-by-column
     * version: 1.4 → 0.9 ms for {@code 4096×40}), on column arrays so that the updates are long vectorisable loops. A
     * zero pivot (an exactly rank-deficient block) leaves its column of multipliers zero, so {@code L} always has full
     * column rank.
     */
    static void luBasis(DMatrixRMaj x) {
        int m = x.numRows;
        int l = x.numCols;
        double[][] col = new double[l][m];
        double[] d = x.data;
        for (int i0 = 0; i0 < m; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(m, i0 + TRANSPOSE_BLOCK);
            for (int c = 0; c < l; c++) {
                double[] cc = col[c];
                for (int i = i0; i < i1; i++) {
                    cc[i] = d[i * l + c];
                }
            }
        }
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        int steps = Math.min(m, l);
        for (int p0 = 0; p0 < steps; p0 += PANEL) {
            int pe = Math.min(steps, p0 + PANEL);
            for (int s = p0; s < pe; s++) {
                eliminate(col, perm, s, pe, m);
            }
            for (int c = pe; c < l; c++) {
                double[] cc = col[c];
                // rows p0..pe−1 of column c: forward substitution with the panel's unit lower triangle
                for (int s = p0; s < pe; s++) {
                    double f = -cc[s];
                    double[] cs = col[s];
                    for (int t = s + 1; t < pe; t++) {
                        cc[t] = Math.fma(f, cs[t], cc[t]);
                    }
                }
                // rows pe..m−1: cc −= L[·, p0..pe) · U[p0..pe, c]
                int width = pe - p0;
                if (width == PANEL) {
                    fourColumns(col[p0], col[p0 + 1], col[p0 + 2], col[p0 + 3], -cc[p0], -cc[p0 + 1], -cc[p0 + 2],
                            -cc[p0 + 3], cc, pe, m);
                } else {
                    for (int s = p0; s < pe; s++) {
                        axpy(-cc[s], col[s], cc, pe, m);
                    }
                }
            }
        }
        for (int s = 0; s < steps; s++) {
            double[] cs = col[s];
            for (int i = 0; i < s; i++) {
                cs[i] = 0;
            }
            cs[s] = 1;
        }
        for (int i0 = 0; i0 < m; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(m, i0 + TRANSPOSE_BLOCK);
            for (int c = 0; c < l; c++) {
                double[] cc = col[c];
                for (int i = i0; i < i1; i++) {
                    d[perm[i] * l + c] = cc[i];
                }
            }
        }
    }

    /** Step {@code s} of the panel ending at {@code pe}: pivot, swap rows in all columns, scale, update the panel. */
    private static void eliminate(double[][] col, int[] perm, int s, int pe, int m) {
        double[] cs = col[s];
        int piv = s;
        double max = Math.abs(cs[s]);
        for (int i = s + 1; i < m; i++) {
            double v = Math.abs(cs[i]);
            if (v > max) {
                max = v;
                piv = i;
            }
        }
        if (piv != s) {
            for (double[] cc : col) {
                double t = cc[s];
                cc[s] = cc[piv];
                cc[piv] = t;
            }
            int t = perm[s];
            perm[s] = perm[piv];
            perm[piv] = t;
        }
        double pivot = cs[s];
        if (pivot == 0) {
            return; // the column is zero below the diagonal: its multipliers stay zero
        }
        if (Math.abs(pivot) >= Double.MIN_NORMAL) {
            double inv = 1 / pivot;
            for (int i = s + 1; i < m; i++) {
                cs[i] *= inv;
            }
        } else {
            for (int i = s + 1; i < m; i++) {
                cs[i] /= pivot;
            }
        }
        for (int c = s + 1; c < pe; c++) {
            double[] cc = col[c];
            axpy(-cc[s], cs, cc, s + 1, m);
        }
    }

    private static void axpy(double f, double[] from, double[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            to[i] = Math.fma(f, from[i], to[i]);
        }
    }

    private static void fourColumns(double[] l0, double[] l1, double[] l2, double[] l3, double u0, double u1,
                                    double u2, double u3, double[] o, int start, int end) {
        for (int i = start; i < end; i++) {
            o[i] = Math.fma(l3[i], u3, Math.fma(l2[i], u2, Math.fma(l1[i], u1, Math.fma(l0[i], u0, o[i]))));
        }
    }

    /** {@code Aᵀ} as an operator. */
    private record Transposed(LinearOperator a) implements LinearOperator {
        @Override
        public int rows() {
            return a.cols();
        }

        @Override
        public int cols() {
            return a.rows();
        }

        @Override
        public void apply(DMatrixRMaj x, DMatrixRMaj y) {
            a.applyTranspose(x, y);
        }

        @Override
        public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
            a.apply(x, y);
        }
    }
}
