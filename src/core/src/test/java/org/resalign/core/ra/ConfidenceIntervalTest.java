package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The 95% Student-t interval against tabulated quantiles and a hand computation. */
class ConfidenceIntervalTest {

    /**
     * {0, 1}: mean ½, s = 1/√2, s/√2 = ½, t_{0.975,1} = 12.706204736 (tables); {1, 2, 3}: s/√3 = 1/√3,
     * t_{0.975,2} = 4.302652730; five values, t_{0.975,4} = 2.776445105.
     */
    @Test
    void agreesWithTabulatedQuantiles() {
        ConfidenceInterval two = ConfidenceInterval.of(new double[] {0, 1});
        assertEquals(0.5, two.mean(), 0);
        assertEquals(0.5 - 12.706204736 * 0.5, two.low(), 1e-8);
        assertEquals(0.5 + 12.706204736 * 0.5, two.high(), 1e-8);
        ConfidenceInterval three = ConfidenceInterval.of(new double[] {1, 2, 3});
        assertEquals(2 - 4.302652730 / Math.sqrt(3), three.low(), 1e-8);
        assertEquals(2 + 4.302652730 / Math.sqrt(3), three.high(), 1e-8);
        double[] five = {0.21, 0.18, 0.25, 0.19, 0.22};
        double mean = 0.21;
        double s = Math.sqrt((0 + 0.0009 + 0.0016 + 0.0004 + 0.0001) / 4);
        ConfidenceInterval c = ConfidenceInterval.of(five);
        assertEquals(mean, c.mean(), 1e-15);
        assertEquals(mean - 2.776445105 * s / Math.sqrt(5), c.low(), 1e-9);
        assertEquals(5, c.n());
    }

    /** Negative controls: the population sd (divisor n) would give another interval; one value or a NaN is refused. */
    @Test
    void refusesWhatIsNotAnInterval() {
        ConfidenceInterval c = ConfidenceInterval.of(new double[] {1, 2, 3});
        double populationSe = Math.sqrt(2.0 / 3) / Math.sqrt(3);
        assertNotEquals(2 - 4.302652730 * populationSe, c.low(), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.of(new double[] {1}));
        assertThrows(ArithmeticException.class, () -> ConfidenceInterval.of(new double[] {1, Double.NaN}));
        assertThrows(ArithmeticException.class, () -> ConfidenceInterval.of(new double[] {1, Double.POSITIVE_INFINITY}));
    }

    /**
     * {1, 2, 3}: 2 ∓ 4.302652730/√3 = −0.48414 and 4.48414, each to four significant digits; scaled by 1e-4 the ends
     * cross into scientific notation apart (−4.841e-05 against 4.484e-04), and a NaN end reads n/a.
     */
    @Test
    void showsTheMeanAndItsEnds() {
        assertEquals("2.000 [-0.4841, 4.484]", ConfidenceInterval.of(new double[] {1, 2, 3}).show());
        assertEquals("2.000e-04 [-4.841e-05, 4.484e-04]",
                ConfidenceInterval.of(new double[] {1e-4, 2e-4, 3e-4}).show());
        assertEquals("1.000 [n/a, 2.000]", new ConfidenceInterval(1, Double.NaN, 2, 2, new double[] {0, 2}).show());
    }
}
