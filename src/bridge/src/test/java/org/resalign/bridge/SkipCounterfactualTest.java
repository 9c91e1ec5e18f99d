package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.resalign.core.ra.Stat;

class SkipCounterfactualTest {

    /** A summary with only RA2 measured (the rest NaN), for the judges' planted cases. */
    static NetworkAnalysis.Summary summary(double alignment, double chance) {
        Stat nan = Stat.of(new double[] {Double.NaN});
        return new NetworkAnalysis.Summary(nan, nan, nan, nan, Stat.of(new double[] {alignment}),
                Stat.of(new double[] {chance}), nan, nan, nan, nan, nan, nan, nan, new double[] {1}, nan, nan, nan,
                nan, nan, nan, nan, nan, nan, nan, nan, nan);
    }

    @Test
    void alignmentWithSkipsAndNoneWithoutConfirmsThePaper() {
        SkipCounterfactual r = SkipCounterfactual.judge(summary(0.62, 0.31), summary(0.33, 0.31));
        assertEquals(0.31, r.excessWith(), 1e-12);
        assertEquals(0.02, r.excessWithout(), 1e-12);
        assertTrue(r.confirmed());
    }

    /** Planted false cases: alignment at chance with skips, or just as strong without them. */
    @Test
    void eitherHalfMissingIsNotConfirmed() {
        SkipCounterfactual weak = SkipCounterfactual.judge(summary(0.36, 0.31), summary(0.31, 0.31));
        assertFalse(weak.appearsWithSkips());
        assertFalse(weak.confirmed());
        SkipCounterfactual stays = SkipCounterfactual.judge(summary(0.62, 0.31), summary(0.55, 0.31));
        assertTrue(stays.appearsWithSkips());
        assertFalse(stays.vanishesWithout());
        assertFalse(stays.confirmed());
    }

    @Test
    void analysedInputsAreDistinctAndReproducible() {
        int[] a = NetworkAnalysis.chooseInputs(100, 10, 7);
        assertEquals(10, java.util.Arrays.stream(a).distinct().count());
        assertTrue(java.util.Arrays.equals(a, NetworkAnalysis.chooseInputs(100, 10, 7)));
        assertFalse(java.util.Arrays.equals(a, NetworkAnalysis.chooseInputs(100, 10, 8)));
    }
}
