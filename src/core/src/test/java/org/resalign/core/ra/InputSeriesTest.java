package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InputSeriesTest {

    private static InputSeries.Builder declared() {
        return InputSeries.builder().defined("a").mayBeUndefined("b").perBlock(2, "s");
    }

    /**
     * Known values, known figures: a = 1, 2, 3, 4 has mean 2.5, population sd √1.25, min 1, max 4; b = 10, NaN, 20,
     * NaN is defined at two inputs, mean 15, sd 5; the per-block rows (1, 2), (3, 6), (5, 1), (7, 3) have means
     * (4, 3).
     */
    @Test
    void closedFormSummary() {
        InputSeries.Builder b = declared();
        double[] a = {1, 2, 3, 4};
        double[] bs = {10, Double.NaN, 20, Double.NaN};
        double[][] s = {{1, 2}, {3, 6}, {5, 1}, {7, 3}};
        for (int t = 0; t < 4; t++) {
            b.input().put("a", a[t]).put("b", bs[t]).put("s", s[t]);
        }
        InputSeries series = b.build();
        assertEquals(4, series.inputs());
        assertEquals(new Stat(2.5, Math.sqrt(1.25), 1, 4, 4), series.stat("a"));
        assertEquals(new Stat(15, 5, 10, 20, 2), series.stat("b"));
        assertArrayEquals(new double[] {4, 3}, series.blockMean("s"), 0);
        assertArrayEquals(a, series.values("a"), 0);
        assertEquals(List.of("a", "b"), List.copyOf(series.series().keySet()), "declaration order");
    }

    /** The per-block mean is Σ x/n in input order, the summation the analysis has always used, to the last bit. */
    @Test
    void blockMeanSumsQuotientsInInputOrder() {
        InputSeries.Builder b = InputSeries.builder().perBlock(1, "s");
        double[] x = {0.1, 0.7, 1e-17, 3.3, 2.9, 1e16, -1e16};
        double expected = 0;
        for (double v : x) {
            b.input().put("s", new double[] {v});
            expected += v / x.length;
        }
        assertEquals(Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(b.build().blockMean("s")[0]));
    }

    @Test
    void noInputsGiveNaNStatisticsAndZeroMeans() {
        InputSeries s = declared().build();
        assertEquals(0, s.inputs());
        assertEquals(0, s.stat("a").count());
        assertTrue(Double.isNaN(s.stat("a").mean()));
        assertArrayEquals(new double[] {0, 0}, s.blockMean("s"), 0);
    }

    /** Negative controls: a value that does not belong in a summary is refused where it is given. */
    @Test
    void aMissingOrUndefinedValueIsRefusedNotPassedOn() {
        InputSeries.Builder missing = declared();
        missing.input().put("a", 1).put("s", new double[] {1, 2});
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::build);
        assertTrue(e.getMessage().contains("input 1 has no value of 'b'"), e.getMessage());

        InputSeries.Builder missingThenNext = declared();
        missingThenNext.input().put("a", 1).put("b", 2);
        assertThrows(IllegalStateException.class, missingThenNext::input, "the per-block value is missing");

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> declared().input().put("a", Double.NaN));
        assertTrue(nan.getMessage().contains("declared defined"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> declared().input().put("b", Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> declared().input().put("s", new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> declared().input().put("s", new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> declared().input().put("c", 1), "undeclared");
        assertThrows(IllegalArgumentException.class, () -> declared().input().put("s", 1), "a per-block quantity");
        assertThrows(IllegalArgumentException.class, () -> declared().input().put("a", 1).put("a", 2), "twice");
        assertThrows(IllegalArgumentException.class, () -> declared().defined("b"), "declared twice");
        assertThrows(IllegalArgumentException.class, () -> declared().build().stat("c"));
        assertThrows(IllegalArgumentException.class, () -> declared().build().blockMean("a"));
        InputSeries.Builder late = declared();
        late.input();
        assertThrows(IllegalStateException.class, () -> late.defined("c"), "declared after the first input");
    }

    @Test
    void theSeriesIsACopy() {
        InputSeries.Builder b = InputSeries.builder().defined("a").perBlock(1, "s");
        double[] row = {5};
        b.input().put("a", 1).put("s", row);
        row[0] = 9;
        InputSeries s = b.build();
        s.values("a")[0] = 7;
        s.series().get("a")[0] = 7;
        s.blockSeries().get("s")[0][0] = 7;
        assertEquals(1, s.stat("a").mean());
        assertArrayEquals(new double[] {5}, s.blockMean("s"), 0);
    }
}
