package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.RandomFrame;

class GapRankTest {

    @Test
    void closedFormSpectra() {
        assertEquals(3, GapRank.of(new double[] {3, 2, 1, 0.1}));
        assertEquals(1, GapRank.of(new double[] {10, 1, 0.9, 0.8}));
        assertEquals(2, GapRank.of(new double[] {0.5, 5, 4, 0.4})); // order does not matter
    }

    @Test
    void exactRankIsTheFirstZero() {
        assertEquals(2, GapRank.of(new double[] {1, 1e-300, 0, 0}));
        assertEquals(4, GapRank.of(new double[] {4, 3, 2, 1, 0}));
    }

    @Test
    void flatSpectrumHasNoDropInsideTheWindow() {
        assertEquals(5, GapRank.of(new double[] {2, 2, 2, 2, 2}));
        assertEquals(0, GapRank.of(new double[] {0, 0, 0}));
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GapRank.of(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> GapRank.of(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> GapRank.of(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> GapRank.of(new double[] {Double.POSITIVE_INFINITY, 1}));
        assertThrows(IllegalArgumentException.class, () -> GapRank.aligned(new double[][] {{1, 2}, {3}}));
    }

    /** A Jacobian of planted rank r seen in the frame of one that shares its singular vectors: rank r. */
    @Test
    void alignedRankOfPlantedSharedFrames() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        int d = 24;
        int k = 12;
        DMatrixRMaj u = RandomFrame.orthonormal(rng, d, d);
        DMatrixRMaj v = RandomFrame.orthonormal(rng, d, d);
        for (int r = 1; r <= 8; r++) {
            double[] s = new double[d];
            for (int t = 0; t < d; t++) {
                s[t] = t < r ? 1.0 / (t + 1) : 1e-3 * rng.nextDouble();
            }
            double[][] m = frameOf(u, v, s, u, v, k);
            assertEquals(r, GapRank.aligned(m), "planted rank " + r);
        }
    }

    /**
     * Negative control: the same rank-3 Jacobian read in an unrelated random frame. Its diagonal carries no gap at
     * 3, so the aligned rank is not 3 (it is whatever the noise gives), while its spectrum still says 3.
     */
    @Test
    void unrelatedFramesDoNotShowThePlantedRank() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(11);
        int d = 40;
        int k = 12;
        DMatrixRMaj u = RandomFrame.orthonormal(rng, d, d);
        DMatrixRMaj v = RandomFrame.orthonormal(rng, d, d);
        DMatrixRMaj p = RandomFrame.orthonormal(rng, d, k);
        DMatrixRMaj q = RandomFrame.orthonormal(rng, d, k);
        double[] s = new double[d];
        s[0] = 1;
        s[1] = 0.8;
        s[2] = 0.6;
        double[][] aligned = frameOf(u, v, s, u, v, k);
        double[][] random = frameOf(u, v, s, p, q, k);
        assertEquals(3, GapRank.aligned(aligned));
        int r = GapRank.aligned(random);
        assertNotEquals(3, r, "a random frame showed the planted rank");
        assertEquals(3, GapRank.of(java.util.Arrays.copyOf(s, k)));
    }

    /** {@code Pᵀ (U diag(s) Vᵀ) Q} restricted to the first k columns of P and Q. */
    private static double[][] frameOf(DMatrixRMaj u, DMatrixRMaj v, double[] s, DMatrixRMaj p, DMatrixRMaj q,
            int k) {
        int d = u.numRows;
        DMatrixRMaj us = u.copy();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                us.set(i, j, us.get(i, j) * s[j]);
            }
        }
        DMatrixRMaj j = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(us, v, j);
        DMatrixRMaj pk = CommonOps_DDRM.extract(p, 0, d, 0, k);
        DMatrixRMaj qk = CommonOps_DDRM.extract(q, 0, d, 0, k);
        DMatrixRMaj jq = new DMatrixRMaj(d, k);
        CommonOps_DDRM.mult(j, qk, jq);
        DMatrixRMaj m = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(pk, jq, m);
        double[][] out = new double[k][k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                out[r][c] = m.get(r, c);
            }
        }
        return out;
    }
}
