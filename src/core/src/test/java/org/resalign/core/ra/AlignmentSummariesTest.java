package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.EjmlOperator;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.RandomFrame;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.seed.Seeds;

/**
 * The further RA2 summaries (docs/definitions.md §ra): {@code alignmentAdjacent}, {@code alignmentTop1},
 * {@code alignmentTransposed}, {@code frobeniusCosine}, each against a closed form or a computation with Commons Math's
 * SVD and plain loops, and each with a planted case it must reject.
 */
class AlignmentSummariesTest {

    static final int D = 8;
    static final int K = 3;

    /** {@code U diag(s) Vᵀ} with the first {@code s.length} columns of {@code u} and {@code v}. */
    static DMatrixRMaj product(DMatrixRMaj u, double[] s, DMatrixRMaj v) {
        DMatrixRMaj us = new DMatrixRMaj(D, s.length);
        for (int r = 0; r < D; r++) {
            for (int c = 0; c < s.length; c++) {
                us.set(r, c, u.get(r, c) * s[c]);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(D, D);
        CommonOps_DDRM.multTransB(us, CommonOps_DDRM.extract(v, 0, D, 0, s.length), out);
        return out;
    }

    static AlignmentGrid grid(List<DMatrixRMaj> ms) {
        List<LinearOperator> js = new ArrayList<>();
        List<TruncatedSvd> svds = new ArrayList<>();
        for (DMatrixRMaj m : ms) {
            js.add(new EjmlOperator(m));
            svds.add(DenseSvd.top(m, K));
        }
        return AlignmentGrid.of(js, svds, K, new int[0], 4);
    }

    /** ‖diag M‖/‖M‖_F of {@code M = Aᵀ J B} with Commons Math, A and B the given frames' first K columns. */
    static double score(RealMatrix a, RealMatrix j, RealMatrix b) {
        RealMatrix m = a.transpose().multiply(j).multiply(b);
        double diag = 0;
        double all = 0;
        for (int r = 0; r < K; r++) {
            for (int c = 0; c < K; c++) {
                all += m.getEntry(r, c) * m.getEntry(r, c);
                diag += r == c ? m.getEntry(r, c) * m.getEntry(r, c) : 0;
            }
        }
        return Math.sqrt(diag / all);
    }

    static RealMatrix commons(DMatrixRMaj m) {
        double[][] a = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                a[r][c] = m.get(r, c);
            }
        }
        return new Array2DRowRealMatrix(a);
    }

    /**
     * Shared frames {@code J_i = U S_i Vᵀ} with {@code U ≠ V}: every {@code U_jᵀ J_i V_j} is diagonal (score 1,
     * top-1 ratio 1), the Frobenius cosine is {@code s_i·s_j / (|s_i||s_j|)} (closed form), and
     * {@code V_jᵀ J_i U_j} is not diagonal: alignmentTransposed is well below 1 and equals Commons Math's.
     */
    @Test
    void sharedFramesAgreeWithClosedFormsAndTheTransposeTellsLeftFromRight() {
        RandomGenerator rng = Seeds.stream(2, Seeds.Purpose.DATA);
        DMatrixRMaj u = RandomFrame.orthonormal(rng, D, D);
        DMatrixRMaj v = RandomFrame.orthonormal(rng, D, D);
        double[][] s = {{3, 2, 1}, {1, 0.5, 0.2}, {2, 1.5, 0.1}, {4, 1, 0.5}};
        List<DMatrixRMaj> ms = new ArrayList<>();
        for (double[] si : s) {
            ms.add(product(u, si, v));
        }
        AlignmentGrid g = grid(ms);
        assertEquals(1, g.meanOffDiagonal(), 1e-12);
        assertEquals(1, g.adjacent(), 1e-12);
        assertEquals(1, g.top1(), 1e-12);
        double cosSum = 0;
        double transposedSum = 0;
        int pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (i == j) {
                    continue;
                }
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int a = 0; a < K; a++) {
                    dot += s[i][a] * s[j][a];
                    ni += s[i][a] * s[i][a];
                    nj += s[j][a] * s[j][a];
                }
                double cos = dot / Math.sqrt(ni * nj);
                assertEquals(cos, g.frobeniusCosines()[i][j], 1e-12, "cosine " + i + "," + j);
                cosSum += cos;
                SingularValueDecomposition sj = new SingularValueDecomposition(commons(ms.get(j)));
                RealMatrix uj = sj.getU().getSubMatrix(0, D - 1, 0, K - 1);
                RealMatrix vj = sj.getV().getSubMatrix(0, D - 1, 0, K - 1);
                double t = score(vj, commons(ms.get(i)), uj);
                assertEquals(t, g.transposedScores()[i][j], 1e-10, "transposed " + i + "," + j);
                transposedSum += t;
                pairs++;
            }
        }
        assertEquals(cosSum / pairs, g.frobeniusCosine(), 1e-12);
        assertEquals(transposedSum / pairs, g.transposed(), 1e-10);
        assertTrue(g.transposed() < 0.8, "U ≠ V: the transposed score must see it, got " + g.transposed());
        // with U = V the transpose is diagonal as well
        List<DMatrixRMaj> symmetric = new ArrayList<>();
        for (double[] si : s) {
            symmetric.add(product(u, si, u));
        }
        assertEquals(1, grid(symmetric).transposed(), 1e-12);
    }

    /**
     * The Frobenius cosine of rank-2 matrices (rank ≤ k, so the truncation is exact) against the entrywise
     * {@code Σ a_{rc} b_{rc}}; and the top-1 ratio against Commons Math's SVD.
     */
    @Test
    void frobeniusAndTop1AgreeWithDirectComputations() {
        RandomGenerator rng = Seeds.stream(3, Seeds.Purpose.DATA);
        List<DMatrixRMaj> ms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DMatrixRMaj a = new DMatrixRMaj(D, 2);
            DMatrixRMaj b = new DMatrixRMaj(D, 2);
            for (int t = 0; t < a.data.length; t++) {
                a.data[t] = rng.nextGaussian();
                b.data[t] = rng.nextGaussian();
            }
            DMatrixRMaj m = new DMatrixRMaj(D, D);
            CommonOps_DDRM.multTransB(a, b, m);
            ms.add(m);
        }
        AlignmentGrid g = grid(ms);
        double top1 = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double ab = 0;
                double aa = 0;
                double bb = 0;
                for (int t = 0; t < D * D; t++) {
                    ab += ms.get(i).data[t] * ms.get(j).data[t];
                    aa += ms.get(i).data[t] * ms.get(i).data[t];
                    bb += ms.get(j).data[t] * ms.get(j).data[t];
                }
                assertEquals(Math.abs(ab) / Math.sqrt(aa * bb), g.frobeniusCosines()[i][j], 1e-12);
                if (i != j) {
                    SingularValueDecomposition si = new SingularValueDecomposition(commons(ms.get(i)));
                    SingularValueDecomposition sj = new SingularValueDecomposition(commons(ms.get(j)));
                    double uJv = Math.abs(sj.getU().getColumnVector(0).dotProduct(commons(ms.get(i))
                            .operate(sj.getV().getColumnVector(0))));
                    top1 += uJv / si.getSingularValues()[0] / 6;
                }
            }
        }
        assertEquals(top1, g.top1(), 1e-12);
    }

    /**
     * Negative controls: independent Gaussian matrices are not aligned by any of the summaries; and a chain whose
     * neighbours share their frames but whose distant blocks do not has its adjacent score above the mean over all
     * pairs.
     */
    @Test
    void unrelatedMatricesAreRejectedAndAdjacencyIsSeen() {
        RandomGenerator rng = Seeds.stream(4, Seeds.Purpose.DATA);
        List<DMatrixRMaj> random = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DMatrixRMaj m = new DMatrixRMaj(D, D);
            for (int t = 0; t < m.data.length; t++) {
                m.data[t] = rng.nextGaussian();
            }
            random.add(m);
        }
        AlignmentGrid g = grid(random);
        assertTrue(g.adjacent() < 0.85 && g.transposed() < 0.85, g.adjacent() + " " + g.transposed());
        assertTrue(g.top1() < 0.6, "top1 " + g.top1());
        assertTrue(g.frobeniusCosine() < 0.4, "cosine " + g.frobeniusCosine());
        assertTrue(g.chanceTop1() < 0.6, "chance top1 " + g.chanceTop1());
        // a slowly turning frame: the top singular vectors of J_i turned by 0.15·i inside the plane of the first two,
        // so that U_jᵀ J_i V_j = R(θ_i − θ_j) S R(θ_i − θ_j)ᵀ is the less diagonal the further apart i and j are
        // (|θ_i − θ_j| ≤ 0.75 < π/4, where the score falls with the angle)
        DMatrixRMaj u = RandomFrame.orthonormal(rng, D, D);
        DMatrixRMaj v = RandomFrame.orthonormal(rng, D, D);
        List<DMatrixRMaj> chain = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chain.add(product(rotate(u, 0.15 * i), new double[] {3, 1, 0.5}, rotate(v, 0.15 * i)));
        }
        AlignmentGrid c = grid(chain);
        assertTrue(c.adjacent() > c.meanOffDiagonal(), c.adjacent() + " against " + c.meanOffDiagonal());
        assertTrue(c.scores()[0][1] > c.scores()[0][5] + 0.05, c.scores()[0][1] + " against " + c.scores()[0][5]);
        double sum = 0;
        for (int i = 0; i + 1 < 6; i++) {
            sum += c.scores()[i][i + 1] + c.scores()[i + 1][i];
        }
        assertEquals(sum / 10, c.adjacent(), 1e-15);
    }

    /** The frame with its first two columns turned by {@code angle} in their plane. */
    private static DMatrixRMaj rotate(DMatrixRMaj f, double angle) {
        DMatrixRMaj out = f.copy();
        for (int r = 0; r < D; r++) {
            double a = f.get(r, 0);
            double b = f.get(r, 1);
            out.set(r, 0, Math.cos(angle) * a + Math.sin(angle) * b);
            out.set(r, 1, -Math.sin(angle) * a + Math.cos(angle) * b);
        }
        return out;
    }
}
