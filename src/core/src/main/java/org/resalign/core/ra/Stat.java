package org.resalign.core.ra;

/**
 * Mean, population standard deviation, minimum and maximum of one measurement over the analysed inputs (NaN values,
 * where the measurement is undefined at an input, e.g. an infinite rank gap turned into NaN, are left out and
 * counted).
 *
 * @param mean  mean of the defined values
 * @param sd    population standard deviation (divisor {@code count})
 * @param min   smallest defined value
 * @param max   largest defined value
 * @param count number of defined values (NaN for the four figures when 0)
 */
public record Stat(double mean, double sd, double min, double max, int count) {

    /** Summarises {@code values}, ignoring NaN. */
    public static Stat of(double[] values) {
        double sum = 0;
        int n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            sum += v;
            n++;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0) {
            return new Stat(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Stat(mean, Math.sqrt(ss / n), min, max, n);
    }
}
