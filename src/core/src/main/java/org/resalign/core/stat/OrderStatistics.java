package org.resalign.core.stat;

import java.util.Arrays;

/** The median, the one every analysis and benchmark of the tool takes. */
public final class OrderStatistics {

    private OrderStatistics() {
    }

    /**
     * The median of {@code x}: its middle value, or for an even count the mean {@code (a + b) / 2} of the middle two.
     * Hipparchus's {@code Median} interpolates {@code a + (b - a) / 2} instead, which may differ in the last bit; the
     * committed experiments' medians are {@code (a + b) / 2}, so this one is kept. NaN is not a value: it is refused.
     *
     * @throws IllegalArgumentException for no values or a NaN among them
     */
    public static double median(double... x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] s = x.clone();
        Arrays.sort(s);
        if (Double.isNaN(s[s.length - 1])) { // Arrays.sort puts NaN last
            throw new IllegalArgumentException("NaN among the values of a median");
        }
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
