package org.resalign.core.ra;

import java.util.List;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.RandomFrame;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.seed.Seeds;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * RA2 (paper §1.4, Figure 2): the top singular vectors of the Residual Jacobians align across depths.
 *
 * <p>For blocks {@code i, j} with {@code U_{j,k}}, {@code V_{j,k}} the top-{@code k} left and right singular vectors
 * of {@code J_j}, {@code M_{ij} = U_{j,k}ᵀ J_i V_{j,k}} ({@code k×k}) is the matrix of paper Figure 2, and
 * {@code alignment(i, j) = ‖diag(M_{ij})‖₂ / ‖M_{ij}‖_F} (docs/definitions.md §ra): 1 when {@code J_j}'s singular vectors
 * diagonalise {@code J_i}. The chance level is the same score with {@code U, V} replaced by independent random
 * orthonormal frames (QR of a seeded Gaussian block), about {@code 1/√k} for unrelated matrices.
 *
 * @param k                   number of singular vectors per block
 * @param scores              {@code alignment(i, j)}, {@code L×L}, rows {@code i} (the Jacobian), columns {@code j}
 *                            (the frame)
 * @param meanOffDiagonal     mean of {@code scores} over {@code i ≠ j} (the diagonal when {@code L = 1})
 * @param chanceScores        the same grid with random frames
 * @param chanceLevel         mean of {@code chanceScores} over {@code i ≠ j} (the diagonal when {@code L = 1})
 * @param matrixBlocks        0-based blocks whose matrices {@code M_{ij}} are kept for the plot
 * @param matrices            {@code M_{ij}} for {@code i, j} in {@code matrixBlocks}, indexed by position there
 * @param adjacent            mean of {@code scores} over {@code |i − j| = 1} (docs/definitions.md §ra,
 *                            {@code alignmentAdjacent}): an alignment that drifts slowly with depth is diluted by the
 *                            mean over all pairs; NaN for a single block
 * @param top1                {@code |u₁(J_j)ᵀ J_i v₁(J_j)| / σ₁(J_i)}, mean over {@code i ≠ j} ({@code alignmentTop1}):
 *                            1 when {@code J_j}'s top pair is {@code J_i}'s too; 0 for a zero {@code J_i}; the diagonal
 *                            entry for a single block
 * @param chanceTop1          the same with the random frames' first columns, its chance level
 * @param transposedScores    the score of {@code V_jᵀ J_i U_j}, {@code L×L} (paper Figure 2's caption: "This pattern
 *                            persists when {@code V_{j,30}ᵀ J_i U_{j,30}} is plotted"): left against right vectors
 * @param transposed          its mean over {@code i ≠ j} ({@code alignmentTransposed})
 * @param frobeniusCosines    {@code |⟨J_i, J_j⟩_F| / (‖J_i‖_F ‖J_j‖_F)} of the rank-{@code k} truncations
 *                            {@code U_{i,k} S_{i,k} V_{i,k}ᵀ}, {@code L×L}: exact when every {@code J_i} has rank at
 *                            most {@code k} (RA3 says at most {@code C < k}); 0 when either is zero
 * @param frobeniusCosine     its mean over {@code i ≠ j} ({@code frobeniusCosine})
 */
public record AlignmentGrid(int k, double[][] scores, double meanOffDiagonal, double[][] chanceScores,
        double chanceLevel, int[] matrixBlocks, @JsonIgnore double[][][][] matrices, double adjacent, double top1,
        double chanceTop1, double[][] transposedScores, double transposed, double[][] frobeniusCosines,
        double frobeniusCosine) {

    /**
     * Computes the grid. Each Jacobian is applied to the right frames of all blocks side by side (one
     * {@code D × Lk} block), to the left frames (for {@code V_jᵀ J_i U_j}) and to the random frames, so a
     * matrix-free {@code J_i} is evaluated {@code 3L} times in all.
     *
     * @param jacobians    {@code J_1 … J_L}, square and of one size
     * @param svds         their top singular triplets (at least {@code k} each)
     * @param k            frame size, {@code 1 ≤ k ≤ D}
     * @param matrixBlocks 0-based blocks whose {@code M_{ij}} to keep for plotting
     * @param seed         seed of the random frames of the chance level
     */
    public static AlignmentGrid of(List<? extends LinearOperator> jacobians, List<TruncatedSvd> svds, int k,
            int[] matrixBlocks, long seed) {
        int depth = jacobians.size();
        if (depth == 0 || svds.size() != depth) {
            throw new IllegalArgumentException("need one SVD per Jacobian, got " + depth + " and " + svds.size());
        }
        int dim = jacobians.get(0).rows();
        DMatrixRMaj[] u = new DMatrixRMaj[depth];
        DMatrixRMaj[] v = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            TruncatedSvd s = svds.get(j);
            if (s.rank() < k) {
                throw new IllegalArgumentException("block " + (j + 1) + " has " + s.rank() + " singular triplets, "
                        + "RA2 needs k = " + k);
            }
            u[j] = CommonOps_DDRM.extract(s.u(), 0, dim, 0, k);
            v[j] = CommonOps_DDRM.extract(s.v(), 0, dim, 0, k);
        }
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.FRAMES);
        DMatrixRMaj[] p = new DMatrixRMaj[depth];
        DMatrixRMaj[] q = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            p[j] = RandomFrame.orthonormal(rng, dim, k);
            q[j] = RandomFrame.orthonormal(rng, dim, k);
        }
        int[] kept = matrixBlocks.clone();
        int[] position = new int[depth];
        java.util.Arrays.fill(position, -1);
        for (int t = 0; t < kept.length; t++) {
            if (kept[t] < 0 || kept[t] >= depth) {
                throw new IllegalArgumentException("block " + kept[t] + " is outside 0.." + (depth - 1));
            }
            if (position[kept[t]] >= 0) {
                throw new IllegalArgumentException("block " + kept[t] + " is listed twice for the plot");
            }
            position[kept[t]] = t;
        }
        double[][][][] matrices = new double[kept.length][kept.length][][];
        double[][] scores = new double[depth][depth];
        double[][] chance = new double[depth][depth];
        double[][] transposedScores = new double[depth][depth];
        double[][] top1 = new double[depth][depth];
        double[][] chanceTop1 = new double[depth][depth];
        DMatrixRMaj frames = sideBySide(v, dim, k);
        DMatrixRMaj leftFrames = sideBySide(u, dim, k);
        DMatrixRMaj randomFrames = sideBySide(q, dim, k);
        DMatrixRMaj image = new DMatrixRMaj(dim, depth * k);
        DMatrixRMaj leftImage = new DMatrixRMaj(dim, depth * k);
        DMatrixRMaj randomImage = new DMatrixRMaj(dim, depth * k);
        for (int i = 0; i < depth; i++) {
            LinearOperator ji = jacobians.get(i);
            if (ji.rows() != dim || ji.cols() != dim) {
                throw new IllegalArgumentException("J_" + (i + 1) + " is " + ji.rows() + "×" + ji.cols()
                        + ", J_1 is " + dim + "×" + dim);
            }
            ji.apply(frames, image);
            ji.apply(leftFrames, leftImage);
            ji.apply(randomFrames, randomImage);
            int row = i;
            double sigma1 = svds.get(i).singularValues()[0];
            // The pairs (i, j) of one row are independent: each task writes its own entries, so the result does not
            // depend on the thread count.
            java.util.stream.IntStream.range(0, depth).parallel().forEach(j -> {
                DMatrixRMaj m = frameProduct(u[j], image, j);
                scores[row][j] = score(m, row, j);
                top1[row][j] = topRatio(m, sigma1);
                if (position[row] >= 0 && position[j] >= 0) {
                    matrices[position[row]][position[j]] = toArray(m);
                }
                DMatrixRMaj r = frameProduct(p[j], randomImage, j);
                chance[row][j] = score(r, row, j);
                chanceTop1[row][j] = topRatio(r, sigma1);
                transposedScores[row][j] = score(frameProduct(v[j], leftImage, j), row, j);
            });
        }
        double[][] cosines = frobeniusCosines(svds, k);
        return new AlignmentGrid(k, scores, meanOffDiagonal(scores), chance, meanOffDiagonal(chance), kept, matrices,
                meanAdjacent(scores), meanOffDiagonal(top1), meanOffDiagonal(chanceTop1), transposedScores,
                meanOffDiagonal(transposedScores), cosines, meanOffDiagonal(cosines));
    }

    /**
     * {@code |M₁₁| / σ₁(J_i)}, at most 1 (the top left and right singular vectors give {@code σ₁} exactly, other unit
     * vectors less, to rounding); 0 for a zero {@code J_i}.
     */
    static double topRatio(DMatrixRMaj m, double sigma1) {
        if (!(sigma1 >= 0) || Double.isInfinite(sigma1)) {
            throw new ArithmeticException("σ₁ = " + sigma1);
        }
        if (sigma1 == 0) {
            return 0;
        }
        return Math.min(1.0, Math.abs(m.get(0, 0)) / sigma1);
    }

    /**
     * {@code |⟨A_i, A_j⟩_F| / (‖A_i‖_F ‖A_j‖_F)} for the truncations {@code A = U_k S_k V_kᵀ}:
     * {@code ⟨A_i, A_j⟩_F = tr(S_i (U_iᵀU_j) S_j (V_jᵀV_i))}, with every {@code S} divided by its {@code σ₁} (the cosine
     * does not change) so that no product overflows; 0 where either truncation is zero.
     */
    static double[][] frobeniusCosines(List<TruncatedSvd> svds, int k) {
        int depth = svds.size();
        double[][] s = new double[depth][];
        DMatrixRMaj[] u = new DMatrixRMaj[depth];
        DMatrixRMaj[] v = new DMatrixRMaj[depth];
        double[] norm = new double[depth];
        for (int i = 0; i < depth; i++) {
            TruncatedSvd t = svds.get(i);
            double top = t.singularValues()[0];
            s[i] = new double[k];
            double ss = 0;
            for (int a = 0; a < k; a++) {
                s[i][a] = top == 0 ? 0 : t.singularValues()[a] / top;
                ss += s[i][a] * s[i][a];
            }
            norm[i] = Math.sqrt(ss);
            u[i] = CommonOps_DDRM.extract(t.u(), 0, t.u().numRows, 0, k);
            v[i] = CommonOps_DDRM.extract(t.v(), 0, t.v().numRows, 0, k);
        }
        double[][] out = new double[depth][depth];
        java.util.stream.IntStream.range(0, depth).parallel().forEach(i -> {
            for (int j = 0; j < depth; j++) {
                if (norm[i] == 0 || norm[j] == 0) {
                    continue;
                }
                DMatrixRMaj uu = new DMatrixRMaj(k, k);
                DMatrixRMaj vv = new DMatrixRMaj(k, k);
                CommonOps_DDRM.multTransA(u[i], u[j], uu);
                CommonOps_DDRM.multTransA(v[j], v[i], vv);
                double inner = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        inner += s[i][a] * uu.get(a, b) * s[j][b] * vv.get(b, a);
                    }
                }
                double c = Math.abs(inner) / (norm[i] * norm[j]);
                if (!Double.isFinite(c)) {
                    throw new ArithmeticException("the Frobenius cosine of J_" + (i + 1) + " and J_" + (j + 1)
                            + " is " + c);
                }
                out[i][j] = Math.min(1.0, c);
            }
        });
        return out;
    }

    /** Mean over {@code |i − j| = 1}; NaN for a single block. */
    static double meanAdjacent(double[][] grid) {
        int n = grid.length;
        if (n == 1) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i + 1 < n; i++) {
            sum += grid[i][i + 1] + grid[i + 1][i];
        }
        return sum / (2.0 * (n - 1));
    }

    /**
     * {@code M = U_jᵀ·X_j} where {@code X_j} is the {@code j}-th group of {@code k} columns of {@code image}
     * ({@code J_i V_j}), read in place: one pass over the {@code D} rows, {@code k²} multiply-adds each.
     */
    static DMatrixRMaj frameProduct(DMatrixRMaj frame, DMatrixRMaj image, int j) {
        int k = frame.numCols;
        int dim = frame.numRows;
        int stride = image.numCols;
        double[] f = frame.data;
        double[] x = image.data;
        double[] m = new double[k * k];
        for (int d = 0; d < dim; d++) {
            int xo = d * stride + j * k;
            int fo = d * k;
            for (int r = 0; r < k; r++) {
                double a = f[fo + r];
                int mo = r * k;
                for (int c = 0; c < k; c++) {
                    m[mo + c] += a * x[xo + c];
                }
            }
        }
        return DMatrixRMaj.wrap(k, k, m);
    }

    /**
     * {@code ‖diag(M)‖₂ / ‖M‖_F}; a zero {@code M} (a zero Jacobian) scores 0, since nothing of it is aligned.
     */
    static double score(DMatrixRMaj m, int i, int j) {
        double scale = CommonOps_DDRM.elementMaxAbs(m);
        if (!Double.isFinite(scale)) {
            throw new ArithmeticException("U_jᵀ J_i V_j has a non-finite entry for i = " + (i + 1) + ", j = " + (j + 1));
        }
        if (scale == 0) {
            return 0;
        }
        double diag = 0;
        double all = 0;
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                double t = m.get(r, c) / scale;
                all += t * t;
                if (r == c) {
                    diag += t * t;
                }
            }
        }
        return Math.min(1.0, Math.sqrt(diag / all));
    }

    /** Mean over {@code i ≠ j}; for a single block, its diagonal entry. */
    static double meanOffDiagonal(double[][] grid) {
        int n = grid.length;
        if (n == 1) {
            return grid[0][0];
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sum += grid[i][j];
                }
            }
        }
        return sum / ((double) n * (n - 1));
    }

    private static DMatrixRMaj sideBySide(DMatrixRMaj[] blocks, int dim, int k) {
        DMatrixRMaj all = new DMatrixRMaj(dim, blocks.length * k);
        for (int j = 0; j < blocks.length; j++) {
            CommonOps_DDRM.insert(blocks[j], all, 0, j * k);
        }
        return all;
    }

    private static double[][] toArray(DMatrixRMaj m) {
        double[][] a = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                a[r][c] = m.get(r, c);
            }
        }
        return a;
    }
}
