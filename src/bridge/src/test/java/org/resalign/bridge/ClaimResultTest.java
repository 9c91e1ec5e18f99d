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

    private static final java.util.List<Long> SEEDS = java.util.List.of(0L, 1L, 2L);
    private static final double T2 = 4.302652730; // t_{0.975, 2}, from tables

    private static java.util.List<ClaimResult> appearing(double... excess) {
        java.util.List<ClaimResult> out = new java.util.ArrayList<>();
        for (double e : excess) {
            out.add(ClaimResult.appears(summary(0.3 + e, 0.3)));
        }
        return out;
    }

    /**
     * Across seeds the claim is judged on the interval: three seeds of excess 0.20, 0.21, 0.22 hold (mean 0.21,
     * interval 0.21 ± 4.30·0.01/√3); the figure, its interval and the per-seed values are those computed by hand.
     */
    @Test
    void acrossSeedsRaAppearsWhenItsIntervalClearsTheBar() {
        ClaimResult r = ClaimResult.acrossSeeds(ExperimentSpec.Claim.RA_APPEARS, SEEDS, appearing(0.20, 0.21, 0.22));
        assertTrue(r.holds(), r.statement());
        assertEquals(0.21, r.figures().get("excess"), 1e-12);
        org.resalign.core.ra.ConfidenceInterval c = r.ci95().get("excess");
        assertEquals(0.21 - T2 * 0.01 / Math.sqrt(3), c.low(), 1e-9);
        assertEquals(0.21 + T2 * 0.01 / Math.sqrt(3), c.high(), 1e-9);
        assertEquals(3, c.values().length);
        assertEquals(0.20, c.values()[0], 1e-12);
        assertEquals(SEEDS, r.seeds());
        assertTrue(r.statement().contains("0.2100 [0.1852, 0.2348]"), r.statement());
    }

    /**
     * Negative control: two of three seeds clear the bar on their own and the mean (0.167) does too, but the
     * interval across seeds reaches below it, so the claim does not hold.
     */
    @Test
    void acrossSeedsAWideSpreadDoesNotHold() {
        java.util.List<ClaimResult> per = appearing(0.25, 0.05, 0.20);
        assertEquals(2, per.stream().filter(ClaimResult::holds).count());
        ClaimResult r = ClaimResult.acrossSeeds(ExperimentSpec.Claim.RA_APPEARS, SEEDS, per);
        assertFalse(r.holds(), r.statement());
        assertTrue(r.figures().get("excess") > 0.1);
        assertTrue(r.statement().contains("2 of 3 seeds hold"), r.statement());
    }

    /** The paired claims read the per-seed differences, paired by seed, and skips its vanishing margin. */
    @Test
    void acrossSeedsPairedClaimsAreJudgedOnPairedDifferences() {
        // baselines vary a lot between seeds, the treatment's lead is steady: paired by seed it holds
        java.util.List<ClaimResult> steady = java.util.List.of(
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.35, 0.30),
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.16, 0.10),
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.26, 0.20));
        ClaimResult r = ClaimResult.acrossSeeds(SD, SEEDS, steady);
        assertTrue(r.holds(), r.statement());
        assertEquals((0.05 + 0.06 + 0.06) / 3, r.figures().get("excessDifference"), 1e-12);
        // negative control: the same baselines with a lead that changes sign
        java.util.List<ClaimResult> unsteady = java.util.List.of(
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.40, 0.30),
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.08, 0.10),
                ClaimResult.amplified(SD, "p 0.3", "p 0", new double[] {0.05, 0.04}, 0.26, 0.20));
        assertFalse(ClaimResult.acrossSeeds(SD, SEEDS, unsteady).holds());
        // skips: e_with 0.2 and e_without ≈ 0 at every seed hold; e_without near e_with/2 at one seed does not
        java.util.List<ClaimResult> skips = java.util.List.of(skipsOf(0.20, 0.00), skipsOf(0.22, 0.01),
                skipsOf(0.21, -0.01));
        assertTrue(ClaimResult.acrossSeeds(ExperimentSpec.Claim.SKIPS_CAUSE_RA, SEEDS, skips).holds());
        java.util.List<ClaimResult> lingering = java.util.List.of(skipsOf(0.20, 0.00), skipsOf(0.22, 0.10),
                skipsOf(0.21, -0.01));
        assertFalse(ClaimResult.acrossSeeds(ExperimentSpec.Claim.SKIPS_CAUSE_RA, SEEDS, lingering).holds());
    }

    private static ClaimResult skipsOf(double with, double without) {
        java.util.Map<String, Double> f = new java.util.LinkedHashMap<>();
        f.put("excessWith", with);
        f.put("excessWithout", without);
        f.put("vanishingMargin", without - with / 2);
        return new ClaimResult("skips-cause-ra", with >= 0.1 && without < with / 2, "planted", f);
    }
}
