package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

/**
 * The Miranda–Thompson machinery against closed forms: for n = 2, m = 1 the supremum over SO(2) of tr(A R_θ) is
 * √((a₁₁ + a₂₂)² + (a₂₁ − a₁₂)²), since tr(A R_θ) = (a₁₁ + a₂₂)cos θ + (a₂₁ − a₁₂) sin θ.
 */
class MirandaThompsonTest {

    @Test
    void boundAndAscentMatchTheClosedFormOnSO2() {
        RandomGenerator rng = Seeds.stream(5, Seeds.Purpose.SEARCH);
        int negative = 0;
        for (int t = 0; t < 200; t++) {
            DMatrixRMaj a = Dense.gaussian(rng, 2, 2, 1 + rng.nextDouble());
            double closed = Math.hypot(a.get(0, 0) + a.get(1, 1), a.get(1, 0) - a.get(0, 1));
            negative += CommonOps_DDRM.det(a) < 0 ? 1 : 0;
            DMatrixRMaj[] one = {a};
            assertEquals(closed, MirandaThompson.bound(one), 1e-12 * closed, "Theorem 2's value");
            assertEquals(closed, MirandaThompson.maximise(one, rng, 3, 100), 1e-12 * closed, "the ascent");
        }
        assertTrue(negative > 50, "both determinant signs are covered");
    }

    @Test
    void procrustesIsTheBestRotationOnAGrid() {
        RandomGenerator rng = Seeds.stream(6, Seeds.Purpose.SEARCH);
        for (int t = 0; t < 50; t++) {
            DMatrixRMaj m = Dense.gaussian(rng, 2, 2, 1);
            DMatrixRMaj p = MirandaThompson.procrustes(m);
            assertEquals(1, CommonOps_DDRM.det(p), 1e-12, "a rotation");
            double best = CommonOps_DDRM.trace(Dense.times(p, m));
            for (int k = 0; k < 3600; k++) {
                double th = 2 * Math.PI * k / 3600;
                DMatrixRMaj r = new DMatrixRMaj(new double[][] {{Math.cos(th), -Math.sin(th)},
                        {Math.sin(th), Math.cos(th)}});
                assertTrue(CommonOps_DDRM.trace(Dense.times(r, m)) <= best + 1e-12);
            }
        }
    }

    /** Negative control: the bound without the sign term is not what the ascent reaches when det < 0. */
    @Test
    void dropTheSignTermAndTheAscentFallsShort() {
        DMatrixRMaj[] a = {new DMatrixRMaj(new double[][] {{3, 0}, {0, -1}})};
        double best = MirandaThompson.maximise(a, Seeds.stream(7, Seeds.Purpose.SEARCH), 5, 100);
        assertEquals(2, MirandaThompson.bound(a), 1e-12, "3 + (−1)·1");
        assertEquals(2, best, 1e-12);
        assertTrue(best < 4 - 1, "the unsigned value 3 + 1 = 4 is out of reach");
    }

    @Test
    void theCayleyTransformIsExactlyOrthogonal() {
        RandomGenerator rng = Seeds.stream(8, Seeds.Purpose.SEARCH);
        for (int n = 2; n <= 6; n++) {
            var q = Rationals.orthogonal(rng, n);
            assertTrue(Rationals.equal(q.transpose().multiply(q), Rationals.identity(n)));
        }
        var notOrthogonal = Rationals.random(rng, 3, 3, 3);
        assertTrue(!Rationals.equal(notOrthogonal.transpose().multiply(notOrthogonal), Rationals.identity(3)),
                "negative control");
    }
}
