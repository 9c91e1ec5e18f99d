package org.resalign.core.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.hipparchus.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

    @Test
    void smallCasesByHand() {
        assertEquals(2.0, OrderStatistics.median(3, 1, 2));
        assertEquals(2.5, OrderStatistics.median(4, 1, 2, 3));
        assertEquals(-1.0, OrderStatistics.median(-1));
        assertEquals(Double.POSITIVE_INFINITY, OrderStatistics.median(1, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY));
    }

    /** Against Hipparchus's median: equal for odd counts, within one ulp of the middle pair for even ones. */
    @Test
    void agreesWithHipparchus() {
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 500; t++) {
            double[] x = new double[1 + r.nextInt(40)];
            for (int i = 0; i < x.length; i++) {
                x[i] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-5, 6));
            }
            double ours = OrderStatistics.median(x);
            double theirs = new Median().evaluate(x);
            if (x.length % 2 == 1) {
                assertEquals(theirs, ours, 0.0);
            } else {
                assertEquals(theirs, ours, 2 * Math.ulp(Math.max(Math.abs(ours), Math.abs(theirs))));
            }
        }
    }

    @Test
    void noValuesAndNanAreRefused() {
        assertThrows(IllegalArgumentException.class, OrderStatistics::median);
        assertThrows(IllegalArgumentException.class, () -> OrderStatistics.median(1, Double.NaN, 3));
    }

    @Test
    void theInputIsNotReordered() {
        double[] x = {3, 1, 2};
        OrderStatistics.median(x);
        assertEquals(3.0, x[0]);
    }
}
