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
 */
public record AlignmentGrid(int k, double[][] scores, double meanOffDiagonal, double[][] chanceScores,
        double chanceLevel, int[] matrixBlocks, @JsonIgnore double[][][][] matrices) {

    /**
     * Computes the grid. Each Jacobian is applied once to the frames of all blocks side by side (one
     * {@code D × Lk} block), so a matrix-free {@code J_i} is evaluated {@code L} times in all.
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
        DMatrixRMaj frames = sideBySide(v, dim, k);
        DMatrixRMaj randomFrames = sideBySide(q, dim, k);
        DMatrixRMaj image = new DMatrixRMaj(dim, depth * k);
        DMatrixRMaj randomImage = new DMatrixRMaj(dim, depth * k);
        for (int i = 0; i < depth; i++) {
            LinearOperator ji = jacobians.get(i);
            if (ji.rows() != dim || ji.cols() != dim) {
                throw new IllegalArgumentException("J_" + (i + 1) + " is " + ji.rows() + "×" + ji.cols()
                        + ", J_1 is " + dim + "×" + dim);
            }
            ji.apply(frames, image);
            ji.apply(randomFrames, randomImage);
            int row = i;
            // The pairs (i, j) of one row are independent: each task writes its own entries, so the result does not
            // depend on the thread count.
            java.util.stream.IntStream.range(0, depth).parallel().forEach(j -> {
                DMatrixRMaj m = frameProduct(u[j], image, j);
                scores[row][j] = score(m, row, j);
                if (position[row] >= 0 && position[j] >= 0) {
                    matrices[position[row]][position[j]] = toArray(m);
                }
                chance[row][j] = score(frameProduct(p[j], randomImage, j), row, j);
            });
        }
        return new AlignmentGrid(k, scores, meanOffDiagonal(scores), chance, meanOffDiagonal(chance), kept, matrices);
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
