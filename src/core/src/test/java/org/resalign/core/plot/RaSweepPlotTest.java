package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaSweepPlotTest {

    @TempDir
    Path dir;

    static final double[] EPS = {1e-4, 1e-3, 1e-2, 1e-1};

    static List<RaSweepPlot.Series> deficits(double[] eps) {
        double[] a = new double[eps.length];
        double[] b = new double[eps.length];
        double[] c = new double[eps.length];
        for (int t = 0; t < eps.length; t++) {
            a[t] = eps[t] * eps[t];
            b[t] = 0.3 * eps[t] * eps[t];
            c[t] = 0.01 * eps[t];
        }
        return List.of(new RaSweepPlot.Series("ra2", a), new RaSweepPlot.Series("ra3", b),
                new RaSweepPlot.Series("ra4", c));
    }

    @Test
    void writesLinearAndLogLogSweeps() throws IOException {
        Path lin = dir.resolve("lin.png");
        Path log = dir.resolve("log.png");
        Path again = dir.resolve("log-again.png");
        RaSweepPlot.write(EPS, deficits(EPS), "sweep", "ε", "1 − lineFraction", false, false, lin);
        RaSweepPlot.write(EPS, deficits(EPS), "sweep", "ε", "1 − lineFraction", true, true, log);
        RaSweepPlot.write(EPS, deficits(EPS), "sweep", "ε", "1 − lineFraction", true, true, again);
        Pngs.assertNotBlank(Pngs.decode(lin, RaSweepPlot.WIDTH, RaSweepPlot.HEIGHT), 40);
        Pngs.assertNotBlank(Pngs.decode(log, RaSweepPlot.WIDTH, RaSweepPlot.HEIGHT), 40);
        Pngs.assertSameBytes(log, again);
        Pngs.assertOnly(dir, "lin.png", "log.png", "log-again.png");
    }

    @Test
    void nonPositiveValuesOnLogAxesAreLeftOutWithANote() throws IOException {
        double[] eps = {0, 1e-3, 1e-2, 1e-1};
        List<RaSweepPlot.Series> s = deficits(eps);
        s.get(0).y()[2] = -1e-17;
        BufferedImage image = RaSweepPlot.render(eps, s, "", "ε", "deficit", true, true);
        assertTrue(image.getHeight() > RaSweepPlot.HEIGHT, "a note below the chart");
        RaSweepPlot.write(eps, s, "", "ε", "deficit", true, true, dir.resolve("log.png"));
        RaSweepPlot.write(eps, s, "", "ε", "deficit", false, true, dir.resolve("logy.png"));
        // nothing positive at all: both axes fall back to linear
        double[] zeros = {0, 0, 0};
        RaSweepPlot.write(new double[] {-1, 0, 0}, List.of(new RaSweepPlot.Series("zero", zeros)), "", "x", "y",
                true, true, dir.resolve("fallback.png"));
        // one point
        RaSweepPlot.write(new double[] {0.5}, List.of(new RaSweepPlot.Series("one", new double[] {2})), "", "x",
                "y", false, false, dir.resolve("one.png"));
        RaSweepPlot.write(new double[] {0.5}, List.of(new RaSweepPlot.Series("one", new double[] {2})), "", "x",
                "y", true, true, dir.resolve("one-log.png"));
        Pngs.assertOnly(dir, "log.png", "logy.png", "fallback.png", "one.png", "one-log.png");
    }

    @Test
    void linearChartWithoutNotesHasTheNominalSize() {
        BufferedImage image = RaSweepPlot.render(EPS, deficits(EPS), "t", "x", "y", false, false);
        assertEquals(RaSweepPlot.WIDTH, image.getWidth());
        assertEquals(RaSweepPlot.HEIGHT, image.getHeight());
    }

    @Test
    void rejectsBadInput() throws IOException {
        Path out = dir.resolve("x.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(EPS,
                List.of(new RaSweepPlot.Series("ra2", new double[] {1, 2, Double.NaN, 4})), "", "x", "y", false,
                false, out));
        assertTrue(e.getMessage().contains("'ra2' value 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(new double[] {1, Double.NaN},
                List.of(new RaSweepPlot.Series("a", new double[] {1, 2})), "", "x", "y", false, false, out));
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(EPS,
                List.of(new RaSweepPlot.Series("short", new double[] {1, 2})), "", "x", "y", false, false, out));
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(EPS,
                List.of(new RaSweepPlot.Series("a", EPS), new RaSweepPlot.Series("a", EPS)), "", "x", "y", false,
                false, out));
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(EPS,
                List.of(new RaSweepPlot.Series(" ", EPS)), "", "x", "y", false, false, out));
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(EPS, List.of(), "", "x", "y", false,
                false, out));
        assertThrows(IllegalArgumentException.class, () -> RaSweepPlot.write(new double[0],
                List.of(new RaSweepPlot.Series("a", new double[0])), "", "x", "y", false, false, out));
        Pngs.assertOnly(dir);
    }
}
