package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

class LowRankOperatorTest {

    @Test
    void appliesLikeTheFormedMatrixBothWays() {
        RandomGenerator rng = Seeds.stream(2, Seeds.Purpose.DATA);
        DMatrixRMaj a = DenseOperatorTest.gaussian(rng, 9, 3);
        DMatrixRMaj b = DenseOperatorTest.gaussian(rng, 7, 3);
        double[] s = {2, -0.5, 0.25};
        LowRankOperator op = new LowRankOperator(a, s, b);
        // Formed independently: Σ_r s_r a_r b_rᵀ entry by entry.
        DMatrixRMaj j = new DMatrixRMaj(9, 7);
        for (int p = 0; p < 9; p++) {
            for (int q = 0; q < 7; q++) {
                double sum = 0;
                for (int r = 0; r < 3; r++) {
                    sum += s[r] * a.get(p, r) * b.get(q, r);
                }
                j.set(p, q, sum);
            }
        }
        DMatrixRMaj x = DenseOperatorTest.gaussian(rng, 7, 4);
        DMatrixRMaj expected = new DMatrixRMaj(9, 4);
        CommonOps_DDRM.mult(j, x, expected);
        assertClose(expected, op.times(x));
        DMatrixRMaj z = DenseOperatorTest.gaussian(rng, 9, 2);
        DMatrixRMaj expectedT = new DMatrixRMaj(7, 2);
        CommonOps_DDRM.multTransA(j, z, expectedT);
        assertClose(expectedT, op.transposeTimes(z));
        assertClose(j, op.toDense());
        assertEquals(9, op.rows());
        assertEquals(7, op.cols());
    }

    @Test
    void rejectsWrongShapesAndNonFiniteFactors() {
        LowRankOperator op = LowRankOperator.rankOne(1, new double[] {1, 0}, new double[] {0, 1, 0});
        assertThrows(IllegalArgumentException.class, () -> op.apply(new DMatrixRMaj(2, 1), new DMatrixRMaj(2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> op.applyTranspose(new DMatrixRMaj(3, 1), new DMatrixRMaj(3, 1)));
        assertThrows(ArithmeticException.class,
                () -> LowRankOperator.rankOne(Double.NaN, new double[] {1}, new double[] {1}));
        assertThrows(ArithmeticException.class,
                () -> LowRankOperator.rankOne(1, new double[] {Double.POSITIVE_INFINITY}, new double[] {1}));
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        for (int t = 0; t < expected.getNumElements(); t++) {
            assertEquals(expected.data[t], actual.data[t], 1e-13 * (1 + Math.abs(expected.data[t])));
        }
    }
}
