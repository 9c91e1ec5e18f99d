package org.resalign.core.linalg;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.resalign.core.seed.Seeds;

/**
 * A dense test matrix with a prescribed spectrum, {@code A = U·Σ·Vᵀ}, whose singular values and singular vectors are
 * known, to check a truncated SVD against.
 *
 * <p>{@code U = H₁·H₂⋯H_s} and {@code V = G₁⋯G_s} are products of {@code s} Householder reflectors drawn as in
 * Stewart's construction of Haar-distributed orthogonal matrices (SIAM J. Numer. Anal. 17(3), 1980): {@code H_j} acts
 * on coordinates {@code j…m−1} and maps {@code e_j} to a uniformly random unit vector of that subspace. Stopping after
 * {@code s} reflectors (default {@value #DEFAULT_REFLECTORS}) instead of {@code m} makes construction cheap (forming a
 * Haar-random {@code 4096×4096} orthogonal matrix by QR costs tens of seconds in Java) while the first {@code s}
 * columns of {@code U} and {@code V} are still distributed as those of Haar matrices: dense random orthonormal vectors.
 * The later columns differ from coordinate vectors only by a rank-{@code s} correction. This does not bias a check of a
 * Gaussian-sketch randomized SVD, whose accuracy does not depend on the singular bases at all: the distribution of the
 * test block {@code Ω} is rotation invariant, so {@code Vᵀ·Ω} is again a Gaussian block and the algorithm behaves on
 * {@code A} as it does on {@code Σ}.
 *
 * <p>The reflector products are kept as {@code U = I + P_u·Q_uᵀ} and {@code V = I + P_v·Q_vᵀ} ({@code m×s} and
 * {@code n×s} factors, {@code O(m·s²)} to build), so {@code A = Σ + [P_u | Σ·Q_v]·[Q_uᵀ·Σ + (Q_uᵀ·Σ·Q_v)·P_vᵀ ; P_vᵀ]}
 * is one rank-{@code 2s} product (EJML, multi-threaded): about 0.4 s for {@code 4096×4096} with {@code s = 64} on 2
 * cores. The columns {@code u_j = e_j + P_u·Q_u[j,·]ᵀ} and {@code v_j} are returned on request. Singular values beyond
 * the given {@code σ} are zero. The computed {@code A} differs from {@code U·Σ·Vᵀ} by rounding, about
 * {@code 10⁻¹⁶·σ₁} per entry.
 */
public final class KnownSpectrumMatrix {

    /** Reflectors per side: the number of leading singular vectors distributed as Haar columns. */
    public static final int DEFAULT_REFLECTORS = 64;

    private final DMatrixRMaj matrix;
    private final double[] sigma;
    private final DMatrixRMaj pu;
    private final DMatrixRMaj qu;
    private final DMatrixRMaj pv;
    private final DMatrixRMaj qv;

    private KnownSpectrumMatrix(DMatrixRMaj matrix, double[] sigma, DMatrixRMaj pu, DMatrixRMaj qu, DMatrixRMaj pv,
                                DMatrixRMaj qv) {
        this.matrix = matrix;
        this.sigma = sigma;
        this.pu = pu;
        this.qu = qu;
        this.pv = pv;
        this.qv = qv;
    }

    /** A square {@code dim×dim} matrix with singular values {@code sigma} (then zeros). */
    public static KnownSpectrumMatrix of(int dim, double[] sigma, long seed) {
        return of(dim, dim, sigma, seed, DEFAULT_REFLECTORS);
    }

    /**
     * A {@code rows×cols} matrix with singular values {@code sigma} (non-increasing, finite, non-negative, at most
     * {@code min(rows, cols)} of them; the rest are zero), its bases drawn from {@code seed}'s data stream.
     *
     * @param reflectors Householder reflectors per side, at least 1 (clamped to the side's dimension)
     */
    public static KnownSpectrumMatrix of(int rows, int cols, double[] sigma, long seed, int reflectors) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("the matrix must be at least 1×1, got " + rows + "×" + cols);
        }
        if (reflectors < 1) {
            throw new IllegalArgumentException("reflectors must be at least 1, got " + reflectors);
        }
        int min = Math.min(rows, cols);
        if (sigma.length < 1 || sigma.length > min) {
            throw new IllegalArgumentException("need 1 to " + min + " singular values for a " + rows + "×" + cols
                    + " matrix, got " + sigma.length);
        }
        for (int i = 0; i < sigma.length; i++) {
            if (!Double.isFinite(sigma[i]) || sigma[i] < 0 || (i > 0 && sigma[i] > sigma[i - 1])) {
                throw new IllegalArgumentException("singular values must be finite, non-negative and non-increasing;"
                        + " σ_" + (i + 1) + " = " + sigma[i]);
            }
        }
        double[] s = new double[min];
        System.arraycopy(sigma, 0, s, 0, sigma.length);
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.DATA);
        DMatrixRMaj[] u = reflectorProduct(rows, Math.min(reflectors, rows), rng);
        DMatrixRMaj[] v = reflectorProduct(cols, Math.min(reflectors, cols), rng);
        DMatrixRMaj pu = u[0];
        DMatrixRMaj qu = u[1];
        DMatrixRMaj pv = v[0];
        DMatrixRMaj qv = v[1];
        int su = pu.numCols;
        int sv = pv.numCols;
        // C = Q_uᵀ·Σ·Q_v (su×sv)
        double[][] c = new double[su][sv];
        for (int i = 0; i < min; i++) {
            if (s[i] == 0) {
                continue;
            }
            for (int a = 0; a < su; a++) {
                double f = s[i] * qu.unsafe_get(i, a);
                if (f == 0) {
                    continue;
                }
                for (int b = 0; b < sv; b++) {
                    c[a][b] += f * qv.unsafe_get(i, b);
                }
            }
        }
        // L = [P_u | Σ·Q_v] (rows × (su+sv)); R = [Q_uᵀ·Σ + C·P_vᵀ ; P_vᵀ] ((su+sv) × cols)
        DMatrixRMaj left = new DMatrixRMaj(rows, su + sv);
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < su; a++) {
                left.unsafe_set(i, a, pu.unsafe_get(i, a));
            }
            if (i < min) {
                for (int b = 0; b < sv; b++) {
                    left.unsafe_set(i, su + b, s[i] * qv.unsafe_get(i, b));
                }
            }
        }
        DMatrixRMaj right = new DMatrixRMaj(su + sv, cols);
        for (int j = 0; j < cols; j++) {
            double sj = j < min ? s[j] : 0;
            for (int a = 0; a < su; a++) {
                double sum = j < min ? sj * qu.unsafe_get(j, a) : 0;
                for (int b = 0; b < sv; b++) {
                    sum += c[a][b] * pv.unsafe_get(j, b);
                }
                right.unsafe_set(a, j, sum);
            }
            for (int b = 0; b < sv; b++) {
                right.unsafe_set(su + b, j, pv.unsafe_get(j, b));
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        CommonOps_MT_DDRM.mult(left, right, a);
        for (int i = 0; i < min; i++) {
            a.unsafe_set(i, i, a.unsafe_get(i, i) + s[i]);
        }
        return new KnownSpectrumMatrix(a, s, pu, qu, pv, qv);
    }

    /**
     * {@code H₁⋯H_s = I + P·Qᵀ} for Stewart's reflectors in {@code R^n}: returns {@code {P, Q}}, both {@code n×s}.
     * {@code H_j = I − 2·w·wᵀ} with {@code w} supported on coordinates {@code j…n−1}.
     */
    private static DMatrixRMaj[] reflectorProduct(int n, int s, RandomGenerator rng) {
        DMatrixRMaj p = new DMatrixRMaj(n, s);
        DMatrixRMaj q = new DMatrixRMaj(n, s);
        double[] w = new double[n];
        double[] t = new double[s];
        for (int j = 0; j < s; j++) {
            double norm2 = 0;
            for (int i = j; i < n; i++) {
                w[i] = rng.nextGaussian();
                norm2 += w[i] * w[i];
            }
            double norm = Math.sqrt(norm2);
            if (norm == 0) {
                w[j] = 1;
                norm = 1;
            }
            // w = x + sign(x_j)·‖x‖·e_j, normalised: H_j·e_j = −sign(x_j)·x/‖x‖
            w[j] += w[j] >= 0 ? norm : -norm;
            double wn = 0;
            for (int i = j; i < n; i++) {
                wn += w[i] * w[i];
            }
            wn = Math.sqrt(wn);
            for (int i = j; i < n; i++) {
                w[i] /= wn;
            }
            // (I + P·Qᵀ)·(I − 2wwᵀ) = I + P·Qᵀ + a·wᵀ with a = −2(w + P·(Qᵀw))
            for (int b = 0; b < j; b++) {
                double sum = 0;
                for (int i = j; i < n; i++) {
                    sum += q.unsafe_get(i, b) * w[i];
                }
                t[b] = sum;
            }
            for (int i = 0; i < n; i++) {
                double pt = 0;
                for (int b = 0; b < j; b++) {
                    pt += p.unsafe_get(i, b) * t[b];
                }
                double wi = i >= j ? w[i] : 0;
                p.unsafe_set(i, j, -2 * (wi + pt));
                q.unsafe_set(i, j, wi);
            }
        }
        return new DMatrixRMaj[] {p, q};
    }

    /** The matrix; owned by this object, do not modify it. */
    public DMatrixRMaj matrix() {
        return matrix;
    }

    public int rows() {
        return matrix.numRows;
    }

    public int cols() {
        return matrix.numCols;
    }

    /** All {@code min(rows, cols)} singular values, non-increasing (a copy). */
    public double[] singularValues() {
        return sigma.clone();
    }

    /** The first {@code k} left singular vectors as columns, {@code rows×k}, unit norm up to rounding. */
    public DMatrixRMaj leftVectors(int k) {
        return columns(pu, qu, k, matrix.numRows);
    }

    /** The first {@code k} right singular vectors as columns, {@code cols×k}. */
    public DMatrixRMaj rightVectors(int k) {
        return columns(pv, qv, k, matrix.numCols);
    }

    private DMatrixRMaj columns(DMatrixRMaj p, DMatrixRMaj q, int k, int n) {
        if (k < 0 || k > sigma.length) {
            throw new IllegalArgumentException("k must be between 0 and " + sigma.length + ", got " + k);
        }
        int s = p.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, k);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                double sum = i == j ? 1 : 0;
                if (j < n) {
                    for (int b = 0; b < s; b++) {
                        sum += p.unsafe_get(i, b) * q.unsafe_get(j, b);
                    }
                }
                out.unsafe_set(i, j, sum);
            }
        }
        return out;
    }
}
