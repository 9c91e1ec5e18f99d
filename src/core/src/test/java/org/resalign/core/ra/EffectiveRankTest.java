package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.RandomFrame;

class EffectiveRankTest {

    @Test
    void closedFormSpectra() {
        assertEquals(3, EffectiveRank.of(new double[] {2, 2, 2, 0, 0}), 1e-15);
        assertEquals(1.25 * 1.25 / 1.0625, EffectiveRank.of(new double[] {1, 0.5}), 1e-15);
        assertEquals(1.25 * 1.25 / 1.0625, EffectiveRank.of(new double[] {0.5, 1}), 1e-15, "order does not matter");
        assertEquals(1, EffectiveRank.of(new double[] {7}), 0);
        assertEquals(0, EffectiveRank.of(new double[] {0, 0, 0}), 0);
    }

    @Test
    void scaleFreeAndSafeAtTheEndsOfTheDoubleRange() {
        assertEquals(2, EffectiveRank.of(new double[] {1e300, 1e300}), 1e-15);
        assertEquals(2, EffectiveRank.of(new double[] {1e-300, 1e-300, 0}), 1e-15);
        assertEquals(EffectiveRank.of(new double[] {3, 2, 1}), EffectiveRank.of(new double[] {3e-7, 2e-7, 1e-7}),
                1e-14);
    }

    /** A tail of rounding noise does not move it (a largest-gap rule would jump to the noise). */
    @Test
    void aNoiseTailBarelyCounts() {
        assertEquals(4, EffectiveRank.of(new double[] {1, 1, 1, 1, 1e-9, 1e-12, 1e-16, 1e-30}), 1e-12);
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EffectiveRank.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> EffectiveRank.of(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> EffectiveRank.of(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class,
                () -> EffectiveRank.of(new double[] {Double.POSITIVE_INFINITY, 1}));
        assertThrows(IllegalArgumentException.class, () -> EffectiveRank.aligned(new double[][] {{1, 2}, {3}}));
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
                s[t] = t < r ? 1 + 0.01 * t : 1e-3 * rng.nextDouble();
            }
            double[][] m = frameOf(u, v, s, u, v, k);
            assertEquals(r, EffectiveRank.aligned(m), 0.05, "planted rank " + r);
        }
    }

    /** Unequal aligned values: the closed form of the participation ratio of the diagonal. */
    @Test
    void alignedUnequalValuesGiveTheClosedForm() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(11);
        int d = 40;
        DMatrixRMaj u = RandomFrame.orthonormal(rng, d, d);
        DMatrixRMaj v = RandomFrame.orthonormal(rng, d, d);
        double[] s = new double[d];
        s[0] = 1;
        s[1] = 0.5;
        s[2] = 0.25;
        double want = Math.pow(1 + 0.25 + 0.0625, 2) / (1 + 0.0625 + 0.00390625);
        assertEquals(want, EffectiveRank.aligned(frameOf(u, v, s, u, v, 12)), 1e-12);
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
