package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

class RandomFrameTest {

    @Test
    void columnsAreOrthonormalAndTheSeedFixesThem() {
        for (int[] shape : new int[][] {{1, 1}, {7, 3}, {12, 12}, {40, 5}}) {
            DMatrixRMaj q = RandomFrame.orthonormal(Seeds.stream(3, Seeds.Purpose.FRAMES), shape[0], shape[1]);
            assertEquals(shape[0], q.numRows);
            assertEquals(shape[1], q.numCols);
            DMatrixRMaj gram = new DMatrixRMaj(shape[1], shape[1]);
            CommonOps_DDRM.multTransA(q, q, gram);
            for (int r = 0; r < shape[1]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    assertEquals(r == c ? 1.0 : 0.0, gram.get(r, c), 1e-14);
                }
            }
            DMatrixRMaj again = RandomFrame.orthonormal(Seeds.stream(3, Seeds.Purpose.FRAMES), shape[0], shape[1]);
            assertArrayEquals(q.data, again.data, 0.0);
        }
    }
}
