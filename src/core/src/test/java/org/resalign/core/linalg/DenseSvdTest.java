package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

class DenseSvdTest {

    @Test
    void topTripletsAgreeWithCommonsMath() {
        RandomGenerator rng = Seeds.stream(4, Seeds.Purpose.DATA);
        for (int[] shape : new int[][] {{12, 12}, {15, 9}, {8, 13}}) {
            DMatrixRMaj a = new DMatrixRMaj(shape[0], shape[1]);
            double[][] data = new double[shape[0]][shape[1]];
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    data[r][c] = rng.nextGaussian();
                    a.set(r, c, data[r][c]);
                }
            }
            int k = 5;
            TruncatedSvd ours = DenseSvd.top(a, k);
            SingularValueDecomposition cm = new SingularValueDecomposition(new Array2DRowRealMatrix(data));
            for (int j = 0; j < k; j++) {
                assertEquals(cm.getSingularValues()[j], ours.value(j), 1e-12);
                double cu = 0;
                double cv = 0;
                for (int r = 0; r < shape[0]; r++) {
                    cu += cm.getU().getEntry(r, j) * ours.u().get(r, j);
                }
                for (int r = 0; r < shape[1]; r++) {
                    cv += cm.getV().getEntry(r, j) * ours.v().get(r, j);
                }
                assertEquals(1.0, Math.abs(cu), 1e-10);
                assertEquals(cu, cv, 1e-10, "left and right vectors flip together");
            }
        }
    }

    @Test
    void signConventionAndMaterialise() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{0, -3}, {-1, 0}});
        TruncatedSvd s = DenseSvd.top(a, 2);
        assertEquals(3, s.value(0), 1e-15);
        assertTrue(s.u().get(0, 0) > 0, "largest entry of u₁ positive");
        assertEquals(-1, s.v().get(1, 0), 1e-15);
        LowRankOperator op = LowRankOperator.rankOne(2, new double[] {1, 0}, new double[] {0, 1});
        DMatrixRMaj m = DenseSvd.materialise(op);
        assertEquals(2, m.get(0, 1), 0);
        assertEquals(0, m.get(1, 0), 0);
        assertThrows(IllegalArgumentException.class, () -> DenseSvd.top(a, 3));
        assertThrows(ArithmeticException.class,
                () -> DenseSvd.top(new DMatrixRMaj(new double[][] {{Double.NaN}}), 1));
    }
}
