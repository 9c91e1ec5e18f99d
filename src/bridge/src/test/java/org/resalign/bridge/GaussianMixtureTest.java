package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianMixtureTest {

    static final int D = ResNetSpec.INPUT_SIZE;

    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
        Split a = GaussianMixture.generate(3, 10, 4, 3.0, 42);
        Split b = GaussianMixture.generate(3, 10, 4, 3.0, 42);
        assertEquals(a, b);
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.test().pixels(), b.test().pixels());
        Split c = GaussianMixture.generate(3, 10, 4, 3.0, 43);
        assertFalse(Arrays.equals(a.train().pixels(), c.train().pixels()));
        assertFalse(Arrays.equals(a.test().pixels(), c.test().pixels()));
    }

    @Test
    void classesAreBalancedInBothSplits() {
        Split s = GaussianMixture.generate(4, 7, 3, 3.0, 1);
        assertEquals(28, s.train().size());
        assertEquals(12, s.test().size());
        assertArrayEquals(new int[] {7, 7, 7, 7}, s.train().classCounts());
        assertArrayEquals(new int[] {3, 3, 3, 3}, s.test().classCounts());
        assertEquals(4, s.classes());
        assertEquals("component 2", s.train().classNames()[2]);
    }

    /** Sample mean of class {@code c}. */
    static double[] classMean(Images images, int c) {
        double[] m = new double[D];
        int n = 0;
        for (int k = 0; k < images.size(); k++) {
            if (images.labels()[k] == c) {
                for (int p = 0; p < D; p++) {
                    m[p] += images.pixels()[k * D + p];
                }
                n++;
            }
        }
        for (int p = 0; p < D; p++) {
            m[p] /= n;
        }
        return m;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++) {
            s += (a[p] - b[p]) * (a[p] - b[p]);
        }
        return s;
    }

    @ParameterizedTest(name = "radius {0}")
    @ValueSource(doubles = {1.5, 3.0, 6.0})
    void classMeansLieAtTheRadiusAndTheNoiseHasUnitVariance(double radius) {
        int n = 2000;
        int nTest = 500;
        Split s = GaussianMixture.generate(2, n, nTest, radius, 7);
        double[] zero = new double[D];
        for (int c = 0; c < 2; c++) {
            double[] m = classMean(s.train(), c);
            // ‖x̄‖² = r² + 2μ·ε̄ + ‖ε̄‖² with ε̄ ~ N(0, I/n): mean r² + D/n, standard deviation ≈ 2r/√n
            double excess = squaredDistance(m, zero) - (double) D / n;
            double tol = 6 * (2 * radius / Math.sqrt(n)) + 0.2;
            assertEquals(radius * radius, excess, tol, "class " + c);
            // the test images come from the same components
            double apart = squaredDistance(m, classMean(s.test(), c));
            assertEquals(D * (1.0 / n + 1.0 / nTest), apart, 1.0, "class " + c + " train vs test mean");
            // unit per-pixel noise around the class mean
            double ss = 0;
            int count = 0;
            for (int k = 0; k < s.train().size(); k++) {
                if (s.train().labels()[k] == c) {
                    for (int p = 0; p < D; p++) {
                        double d = s.train().pixels()[k * D + p] - m[p];
                        ss += d * d;
                    }
                    count++;
                }
            }
            assertEquals(1.0, ss / (count * (double) D), 0.01, "noise variance of class " + c);
        }
        // two random directions in R^784 are nearly orthogonal: the means are about r√2 apart
        double between = squaredDistance(classMean(s.train(), 0), classMean(s.train(), 1));
        assertEquals(2 * radius * radius, between - 2.0 * D / n, 0.35 * radius * radius + 0.5);
    }

    @ParameterizedTest
    @CsvSource({"1, 5, 5, 3", "2, 0, 5, 3", "2, 5, 0, 3", "2, 5, 5, 0", "2, 5, 5, -1", "2, 5, 5, NaN",
        "2, 5, 5, Infinity"})
    void badArgumentsAreRejected(int classes, int train, int test, double radius) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.generate(classes, train, test, radius, 1));
        assertTrue(e.getMessage().contains("mixture"), e.getMessage());
    }
}
