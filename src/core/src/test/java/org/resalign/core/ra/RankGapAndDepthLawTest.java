package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RA3's gap test and RA4's late line and power law, against hand computations and planted false cases. */
class RankGapAndDepthLawTest {

    private static double[][] blocks(double[]... s) {
        return s;
    }

    /** Rank C plus a tiny noise floor passes with a large excess; a geometric spectrum, gapless, fails with excess 0. */
    @Test
    void theGapTestPassesARankStructureAndRejectsAFastDecay() {
        double[] planted = {5, 3, 1e-6, 0.9e-6, 0.8e-6, 0.7e-6};
        RankGapTest t = RankGapTest.of(blocks(planted, planted), 2);
        assertNotNull(t);
        assertEquals(1, t.fraction(), 0);
        double g = Math.log10(3 / 1e-6);
        double n = Math.log10(0.8e-6 / 0.7e-6); // the largest of the tail's three gaps
        assertEquals(g - n, t.medianExcess(), 1e-12);
        double[] geometric = new double[8];
        for (int k = 0; k < 8; k++) {
            geometric[k] = Math.pow(0.5, k);
        }
        RankGapTest f = RankGapTest.of(blocks(geometric, geometric, geometric), 3);
        assertEquals(0, f.fraction(), 0);
        assertEquals(0, f.medianExcess(), 1e-12);
        // its energy share would pass: 1 + 1/4 + 1/16 of 1.333 ≈ 98%
        assertTrue(RankProfile.energyShare(geometric, 3) > 0.98);
        // and no ratio r passes by rounding: the powers of most r are not exact, so their gaps differ in the last bits
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 20000; trial++) {
            double r = 0.01 + 0.98 * rng.nextDouble();
            double[] s = new double[10];
            for (int k = 0; k < 10; k++) {
                s[k] = Math.pow(r, k);
            }
            assertEquals(0, RankGapTest.of(blocks(s), 3).fraction(), 0, "geometric ratio " + r);
        }
    }

    /** A gap before C (rank below C) passes; a gap after C fails; an exact zero tail passes with the capped excess. */
    @Test
    void theGapMayLieBeforeCButNotAfterIt() {
        assertEquals(1, RankGapTest.of(blocks(new double[] {4, 1e-5, 0.9e-5, 0.8e-5, 0.7e-5}), 2).fraction(), 0);
        RankGapTest late = RankGapTest.of(blocks(new double[] {4, 3.5, 3, 2.6, 1e-5, 0.9e-5}), 2);
        assertEquals(0, late.fraction(), 0);
        assertTrue(late.medianExcess() < -4);
        RankGapTest exact = RankGapTest.of(blocks(new double[] {2, 1, 0, 0, 0}), 2);
        assertEquals(1, exact.fraction(), 0);
        assertEquals(RankGapTest.CAP, exact.medianExcess(), 0);
        assertNull(RankGapTest.of(blocks(new double[] {2, 1, 0.5}), 2), "no tail gap with K = C + 1");
    }

    /** σ₁ = c/i: α = 1; σ₁ = c·i^−½: α = ½; equal σ₁: α = 0 with R² 1; each to rounding. */
    @Test
    void thePowerLawReadsTheExponent() {
        double[] inverse = new double[12];
        double[] root = new double[12];
        double[] flat = new double[12];
        for (int i = 1; i <= 12; i++) {
            inverse[i - 1] = 0.7 / i;
            root[i - 1] = 0.7 / Math.sqrt(i);
            flat[i - 1] = 0.3;
        }
        assertEquals(1, PowerLawFit.of(inverse).exponent(), 1e-12);
        assertEquals(1, PowerLawFit.of(inverse).rSquared(), 1e-12);
        assertEquals(0.5, PowerLawFit.of(root).exponent(), 1e-12);
        assertEquals(0, PowerLawFit.of(flat).exponent(), 1e-12);
        assertEquals(1, PowerLawFit.of(flat).rSquared(), 0);
        assertNull(PowerLawFit.of(new double[] {1, 0, 0.5}));
        assertNull(PowerLawFit.of(new double[] {1}));
    }

    /**
     * Early blocks far off the law and the late ones on it ({@code σ₁ = 1/i} for the last half): the late fit gives
     * slope 1, intercept 0 and R² 1, equal to a closed-form least squares; the whole-depth fit does not (planted case).
     */
    @Test
    void theLateWindowRecoversTheLateLaw() {
        int depth = 16;
        double[] s = new double[depth];
        double[] wild = {5, 0.05, 3, 0.1, 4, 0.02, 2, 0.3};
        for (int i = 1; i <= depth; i++) {
            s[i - 1] = i <= 8 ? wild[i - 1] : 1.0 / i;
        }
        double[][] top = new double[depth][];
        for (int i = 0; i < depth; i++) {
            top[i] = new double[] {s[i], s[i] / 2, s[i] / 4};
        }
        ResidualAlignmentReport r = new ResidualAlignmentReport(4, depth, new RaSettings(3, 1, 1, 0, 0, 0), top,
                null, null, null, InverseDepthFit.of(s, 1, depth));
        assertEquals(9, ResidualAlignmentReport.lateWindowFrom(depth));
        InverseDepthFit late = r.ra4Late();
        assertEquals(9, late.from());
        // closed form over i = 9..16 of y = 1/σ₁ = i: slope Σ(i−ī)(y−ȳ)/Σ(i−ī)² = 1, intercept ȳ − ī = 0
        double mi = 0;
        double my = 0;
        for (int i = 9; i <= 16; i++) {
            mi += i / 8.0;
            my += (1 / s[i - 1]) / 8.0;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 9; i <= 16; i++) {
            sxy += (i - mi) * (1 / s[i - 1] - my);
            sxx += (i - mi) * (i - mi);
        }
        assertEquals(sxy / sxx, late.slope(), 1e-12);
        assertEquals(1, late.slope(), 1e-12);
        assertEquals(0, late.intercept(), 1e-10);
        assertEquals(1, late.rSquared(), 1e-12);
        assertFalse(Math.abs(r.ra4().slope() - 1) < 0.2 && r.ra4().rSquared() > 0.9, "the whole depth is not on it");
        assertEquals(2, ResidualAlignmentReport.lateWindowFrom(3));
        assertEquals(1, ResidualAlignmentReport.lateWindowFrom(2));
    }
}
