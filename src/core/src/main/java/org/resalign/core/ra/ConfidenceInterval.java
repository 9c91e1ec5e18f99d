package org.resalign.core.ra;

import org.hipparchus.distribution.continuous.TDistribution;
import org.resalign.core.io.Format;

/**
 * The mean of a few independent measurements (one per training seed) with its two-sided 95% Student-t interval,
 * {@code mean ± t_{0.975, n−1} · s/√n} with the sample standard deviation {@code s} (divisor {@code n − 1}); the
 * quantile from Hipparchus' {@code TDistribution}.
 *
 * @param mean   the mean of {@code values}
 * @param low    the interval's lower end
 * @param high   its upper end
 * @param n      the number of values, at least 2
 * @param values the values, in the order given (one per seed)
 */
public record ConfidenceInterval(double mean, double low, double high, int n, double[] values) {

    /** The confidence level. */
    public static final double LEVEL = 0.95;

    public ConfidenceInterval {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * The 95% interval of {@code values}: at least two, all finite (a NaN or infinite measurement is refused rather
     * than averaged).
     */
    public static ConfidenceInterval of(double[] values) {
        int n = values.length;
        if (n < 2) {
            throw new IllegalArgumentException("an interval needs at least two values, got " + n);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(values[k])) {
                throw new ArithmeticException("value " + (k + 1) + " of " + n + " is " + values[k]
                        + "; no interval is taken over it");
            }
            sum += values[k];
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
        return new ConfidenceInterval(mean, mean - t * se, mean + t * se, n, values);
    }

    /**
     * The mean and its interval as tables, statements and summaries print them, each to four significant digits
     * ({@link Format#fourDigits}): {@code 0.2100 [0.1852, 0.2348]}.
     */
    public String show() {
        return Format.fourDigits(mean) + " [" + Format.fourDigits(low) + ", " + Format.fourDigits(high) + "]";
    }
}
