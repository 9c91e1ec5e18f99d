package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.EjmlOperator;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.LowRankOperator;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.seed.Seeds;

class AlignmentGridTest {

    static DMatrixRMaj gaussian(RandomGenerator rng, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int t = 0; t < a.getNumElements(); t++) {
            a.data[t] = rng.nextGaussian();
        }
        return a;
    }

    @Test
    void alignedRankOneJacobiansScoreOneEverywhere() {
        double[] u = Seeds.onSphere(Seeds.stream(1, Seeds.Purpose.DATA), 20, 1);
        List<LinearOperator> js = new ArrayList<>();
        List<TruncatedSvd> svds = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            LowRankOperator j = LowRankOperator.rankOne(1.0 / i, u, u);
            js.add(j);
            svds.add(DenseSvd.top(j.toDense(), 5));
        }
        AlignmentGrid g = AlignmentGrid.of(js, svds, 5, new int[] {0, 5}, 9);
        for (double[] row : g.scores()) {
            for (double s : row) {
                assertEquals(1.0, s, 1e-12);
            }
        }
        assertEquals(1.0, g.meanOffDiagonal(), 1e-12);
        assertTrue(g.chanceLevel() < 0.8, "chance " + g.chanceLevel());
        assertNotNull(g.matrices()[1][0]);
        assertEquals(5, g.matrices()[1][0].length);
        // M_{6,1} = (1/6)·e₁e₁ᵀ up to rounding.
        assertEquals(1.0 / 6, Math.abs(g.matrices()[1][0][0][0]), 1e-14);
    }

    @Test
    void agreesWithAnIndependentCommonsMathComputation() {
        RandomGenerator rng = Seeds.stream(5, Seeds.Purpose.DATA);
        int n = 24;
        int k = 4;
        List<DMatrixRMaj> mats = new ArrayList<>();
        List<LinearOperator> js = new ArrayList<>();
        List<TruncatedSvd> svds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DMatrixRMaj a = gaussian(rng, n);
            mats.add(a);
            js.add(new EjmlOperator(a));
            svds.add(DenseSvd.top(a, k));
        }
        AlignmentGrid g = AlignmentGrid.of(js, svds, k, new int[0], 1);
        for (int j = 0; j < 4; j++) {
            SingularValueDecomposition svd = new SingularValueDecomposition(toCommons(mats.get(j)));
            RealMatrix uk = svd.getU().getSubMatrix(0, n - 1, 0, k - 1);
            RealMatrix vk = svd.getV().getSubMatrix(0, n - 1, 0, k - 1);
            for (int i = 0; i < 4; i++) {
                RealMatrix m = uk.transpose().multiply(toCommons(mats.get(i))).multiply(vk);
                double diag = 0;
                for (int r = 0; r < k; r++) {
                    diag += m.getEntry(r, r) * m.getEntry(r, r);
                }
                double expected = Math.sqrt(diag) / m.getFrobeniusNorm();
                assertEquals(expected, g.scores()[i][j], 1e-10, "i=" + i + " j=" + j);
            }
        }
        assertEquals(1.0, g.scores()[2][2], 1e-12, "a matrix is diagonalised by its own singular vectors");
    }

    @Test
    void unrelatedJacobiansScoreNearChance() {
        RandomGenerator rng = Seeds.stream(8, Seeds.Purpose.DATA);
        int n = 60;
        int k = 8;
        List<LinearOperator> js = new ArrayList<>();
        List<TruncatedSvd> svds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DMatrixRMaj a = gaussian(rng, n);
            js.add(new EjmlOperator(a));
            svds.add(DenseSvd.top(a, k));
        }
        AlignmentGrid g = AlignmentGrid.of(js, svds, k, new int[0], 2);
        double expectedChance = 1 / Math.sqrt(k);
        assertEquals(expectedChance, g.chanceLevel(), 0.1, "chance level");
        assertEquals(g.chanceLevel(), g.meanOffDiagonal(), 0.1, "unrelated blocks score at chance");
        assertTrue(g.meanOffDiagonal() < 0.6, "negative control: random Jacobians must not look aligned");
    }

    @Test
    void sameSeedSameChanceLevelAndBadShapesRejected() {
        double[] u = Seeds.onSphere(Seeds.stream(1, Seeds.Purpose.DATA), 10, 1);
        LowRankOperator j = LowRankOperator.rankOne(1, u, u);
        TruncatedSvd s = DenseSvd.top(j.toDense(), 3);
        AlignmentGrid a = AlignmentGrid.of(List.of(j, j), List.of(s, s), 3, new int[0], 4);
        AlignmentGrid b = AlignmentGrid.of(List.of(j, j), List.of(s, s), 3, new int[0], 4);
        assertEquals(a.chanceLevel(), b.chanceLevel(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> AlignmentGrid.of(List.of(j), List.of(s), 4, new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGrid.of(List.of(j), List.of(s), 3, new int[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGrid.of(List.of(j, j), List.of(s), 3, new int[0], 1));
        assertThrows(IllegalArgumentException.class,
                () -> AlignmentGrid.of(List.of(j, j), List.of(s, s), 3, new int[] {1, 1}, 1));
    }

    static RealMatrix toCommons(DMatrixRMaj a) {
        double[][] d = new double[a.numRows][a.numCols];
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < a.numCols; c++) {
                d[r][c] = a.get(r, c);
            }
        }
        return new Array2DRowRealMatrix(d, false);
    }
}
