package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each judge with a planted true case and planted false ones (its negative controls). */
class ClaimResultTest {

    static final ExperimentSpec.Claim SD = ExperimentSpec.Claim.STOCHASTIC_DEPTH_AMPLIFIES;

    private static NetworkAnalysis.Summary summary(double alignment, double chance) {
        return SkipCounterfactualTest.summary(alignment, chance);
    }

    @Test
    void raAppearsAtAnExcessOfATenth() {
        assertTrue(ClaimResult.appears(summary(0.45, 0.30)).holds());
        assertEquals(0.15, ClaimResult.appears(summary(0.45, 0.30)).figures().get("excess"), 1e-12);
        assertFalse(ClaimResult.appears(summary(0.38, 0.30)).holds(), "excess 0.08");
        assertFalse(ClaimResult.appears(summary(0.30, 0.30)).holds(), "chance alignment");
    }

    @Test
    void amplificationNeedsAConsistentlyPositivePairedDifference() {
        ClaimResult yes = ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04, 0.06, 0.05, 0.03}, 0.2,
                0.15);
        assertTrue(yes.holds(), yes.statement());
        // mean 0.046, sd ≈ 0.0114, t ≈ 9.0
        assertEquals(0.046, yes.figures().get("meanPairedDifference"), 1e-12);
        assertEquals(0.046 / (Math.sqrt(0.00052 / 4) / Math.sqrt(5)), yes.figures().get("pairedT"), 1e-9);
        assertFalse(ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, -0.06, 0.04, -0.05, 0.03}, 0.2,
                0.2).holds(), "a positive mean within the noise");
        assertFalse(ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {-0.05, -0.04, -0.06}, 0.1, 0.15).holds(),
                "weakened");
        assertFalse(ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05}, 0.2, 0.15).holds(),
                "one pair proves nothing");
        assertTrue(ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.02, 0.02, 0.02}, 0.2, 0.18).holds(),
                "the same positive difference at every input: t is infinite");
    }

    @Test
    void settingsAreWrittenAsInASpec() {
        assertEquals("40", ClaimResult.plain(40.0));
        assertEquals("0.3", ClaimResult.plain(0.3));
        assertEquals("0", ClaimResult.plain(0.0));
        assertEquals("0.01", ClaimResult.plain(0.01));
    }

    @Test
    void theRankMustNeverFallAndEndHigherThanItStarts() {
        int[] c = {6, 2, 10, 4, 8};
        double[] spectral = {5, 1, 9, 3, 7};
        assertTrue(ClaimResult.rankGrows(c, new double[] {5, 1, 9, 3, 7}, spectral).holds(), "in any order of runs");
        assertTrue(ClaimResult.rankGrows(c, new double[] {3, 1, 4, 3, 4}, spectral).holds(), "plateaus allowed");
        assertFalse(ClaimResult.rankGrows(c, new double[] {5, 1, 9, 6, 7}, spectral).holds(), "falls from C=4 to 6");
        assertFalse(ClaimResult.rankGrows(c, new double[] {1, 1, 1, 1, 1}, spectral).holds(), "flat");
        assertFalse(ClaimResult.rankGrows(c, new double[] {5, 1, Double.NaN, 3, 7}, spectral).holds(), "NaN");
        assertEquals(9.0, ClaimResult.rankGrows(c, new double[] {5, 1, 9, 3, 7}, spectral).figures()
                .get("alignedRankC10"));
    }
}
