package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

class InverseDepthFitTest {

    @Test
    void exactInverseDepthLawIsRecovered() {
        double a = 0.7;
        double b = 0.25;
        double[] sigma = new double[20];
        for (int i = 1; i <= 20; i++) {
            sigma[i - 1] = 1 / (a * i + b);
        }
        InverseDepthFit fit = InverseDepthFit.of(sigma, 1, 20);
        assertEquals(a, fit.slope(), 1e-13);
        assertEquals(b, fit.intercept(), 1e-12);
        assertEquals(1.0, fit.rSquared(), 1e-14);
    }

    @Test
    void agreesWithCommonsMathOnNoisyDataInAWindow() {
        RandomGenerator rng = Seeds.stream(3, Seeds.Purpose.DATA);
        double[] sigma = new double[30];
        for (int i = 1; i <= 30; i++) {
            sigma[i - 1] = 1 / (0.2 * i + 1 + 0.3 * rng.nextDouble());
        }
        InverseDepthFit fit = InverseDepthFit.of(sigma, 5, 25);
        SimpleRegression cm = new SimpleRegression(true);
        for (int i = 5; i <= 25; i++) {
            cm.addData(i, 1 / sigma[i - 1]);
        }
        assertEquals(cm.getSlope(), fit.slope(), 1e-13);
        assertEquals(cm.getIntercept(), fit.intercept(), 1e-12);
        assertEquals(cm.getRSquare(), fit.rSquared(), 1e-13);
        assertTrue(fit.rSquared() < 1, "noise must lower R²");
        assertEquals(30, fit.inverseSigma1().length);
    }

    @Test
    void equalSingularValuesGiveZeroSlopeAndAPerfectHorizontalFit() {
        double[] sigma = new double[8];
        java.util.Arrays.fill(sigma, 0.4);
        InverseDepthFit fit = InverseDepthFit.of(sigma, 1, 8);
        assertEquals(0.0, fit.slope(), 0.0);
        assertEquals(2.5, fit.intercept(), 1e-15);
        assertEquals(1.0, fit.rSquared(), 0.0);
        assertArrayEquals(new double[] {2.5, 2.5}, java.util.Arrays.copyOf(fit.inverseSigma1(), 2), 1e-15);
    }

    @Test
    void equalToRoundingCountsAsFlatButARealTrendDoesNot() {
        double[] sigma = new double[8];
        for (int i = 0; i < 8; i++) {
            sigma[i] = 0.4 * (1 + (i % 3) * 1e-15);
        }
        assertEquals(1.0, InverseDepthFit.of(sigma, 1, 8).rSquared(), 0.0);
        for (int i = 0; i < 8; i++) {
            sigma[i] = 0.4 * (1 + (i % 3) * 1e-6);
        }
        InverseDepthFit noisy = InverseDepthFit.of(sigma, 1, 8);
        assertTrue(noisy.rSquared() < 0.5, "noise without a trend is not a fit: R² " + noisy.rSquared());
        assertEquals(0.0, noisy.slope(), 1e-5);
    }

    @Test
    void aDeadBlockOutsideTheWindowIsAllowed() {
        InverseDepthFit fit = InverseDepthFit.of(new double[] {0, 1, 0.5, 1 / 3.0}, 2, 4);
        assertEquals(1.0, fit.slope(), 1e-14);
        assertEquals(-1.0, fit.intercept(), 1e-13);
        assertEquals(Double.POSITIVE_INFINITY, fit.inverseSigma1()[0]);
        assertThrows(ArithmeticException.class, () -> InverseDepthFit.of(new double[] {0, 1, 0.5, 1 / 3.0}, 1, 4));
        assertThrows(ArithmeticException.class, () -> InverseDepthFit.of(new double[] {-1, 1, 0.5}, 2, 3));
    }

    @Test
    void rejectsZeroSingularValuesAndEmptyWindows() {
        assertThrows(ArithmeticException.class, () -> InverseDepthFit.of(new double[] {1, 0, 1}, 1, 3));
        assertThrows(ArithmeticException.class, () -> InverseDepthFit.of(new double[] {1, Double.NaN, 1}, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> InverseDepthFit.of(new double[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> InverseDepthFit.of(new double[] {1, 2, 3}, 1, 4));
    }
}
