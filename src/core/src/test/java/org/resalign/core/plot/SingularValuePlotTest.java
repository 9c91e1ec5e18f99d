package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingularValuePlotTest {

    @TempDir
    Path dir;

    /** Top-K singular values 1/i · (1, 0.9, …) for C of them, then a small tail; the tail is 0 when asked. */
    static double[][] profile(int blocks, int k, boolean zeroTail) {
        double[][] s = new double[blocks][k];
        for (int b = 0; b < blocks; b++) {
            for (int t = 0; t < k; t++) {
                s[b][t] = t < 4 ? (1.0 / (b + 1)) * (1 - 0.1 * t) : zeroTail ? 0 : 1e-3 / (t + 1);
            }
        }
        return s;
    }

    static int[] labels(int n) {
        return AlignmentGridPlotTest.labels(n);
    }

    @Test
    void topSingularValuesLinearAndLog() throws IOException {
        double[][] s = profile(12, 10, false);
        Path lin = dir.resolve("lin.png");
        Path log = dir.resolve("log.png");
        Path again = dir.resolve("log-again.png");
        SingularValuePlot.topSingularValues(s, labels(12), "top singular values", false, lin);
        SingularValuePlot.topSingularValues(s, labels(12), "top singular values", true, log);
        SingularValuePlot.topSingularValues(s, labels(12), "top singular values", true, again);
        BufferedImage image = SingularValuePlot.renderTop(s, labels(12), "top singular values", false);
        assertEquals(SingularValuePlot.HEIGHT, image.getHeight(), "no note without omitted values");
        assertTrue(image.getWidth() > SingularValuePlot.WIDTH, "room for the depth colour bar");
        Pngs.assertNotBlank(Pngs.decode(lin, image.getWidth(), image.getHeight()), 60);
        Pngs.assertNotBlank(Pngs.decode(log, image.getWidth(), image.getHeight()), 60);
        Pngs.assertSameBytes(log, again);
        Pngs.assertOnly(dir, "lin.png", "log.png", "log-again.png");
    }

    /** Values below 1e-13 of their block's largest are rounding noise: left out like zeros; 1e-12 is kept. */
    @Test
    void roundingNoiseOnALogAxisIsLeftOutWithANote() {
        BufferedImage kept = SingularValuePlot.renderTop(new double[][] {{1, 0.5, 1e-12}}, labels(1), "kept", true);
        assertEquals(SingularValuePlot.HEIGHT, kept.getHeight(), "no note");
        BufferedImage noise = SingularValuePlot.renderTop(new double[][] {{1, 0.5, 1e-20}}, labels(1), "noise", true);
        assertTrue(noise.getHeight() > SingularValuePlot.HEIGHT, "a note below the chart");
    }

    @Test
    void zerosOnALogAxisAreLeftOutWithANote() throws IOException {
        double[][] s = profile(5, 8, true);
        BufferedImage image = SingularValuePlot.renderTop(s, labels(5), "rank 4", true);
        assertTrue(image.getHeight() > SingularValuePlot.HEIGHT, "a note below the chart");
        double[][] zeros = new double[3][4];
        BufferedImage allZero = SingularValuePlot.renderTop(zeros, labels(3), "all zero", true);
        assertTrue(allZero.getHeight() > SingularValuePlot.HEIGHT, "a note on the linear fall-back");
        SingularValuePlot.topSingularValues(zeros, labels(3), "all zero", true, dir.resolve("zeros.png"));
        SingularValuePlot.topSingularValues(new double[][] {{2}}, new int[] {1}, "one value", false,
                dir.resolve("one.png"));
        Pngs.assertOnly(dir, "zeros.png", "one.png");
    }

    @Test
    void inverseTopSingularValueWithFit() throws IOException {
        int n = 16;
        double[] sigma1 = new double[n];
        for (int i = 0; i < n; i++) {
            sigma1[i] = 1.0 / (i + 1 + 0.05 * Math.sin(i));
        }
        Path a = dir.resolve("inv.png");
        Path b = dir.resolve("inv-again.png");
        SingularValuePlot.inverseTopSingularValue(labels(n), sigma1, 0.998, 0.01, 0.9993, 3, 16, "RA4", a);
        SingularValuePlot.inverseTopSingularValue(labels(n), sigma1, 0.998, 0.01, 0.9993, 3, 16, "RA4", b);
        Pngs.assertNotBlank(Pngs.decode(a, SingularValuePlot.WIDTH, SingularValuePlot.HEIGHT), 60);
        Pngs.assertSameBytes(a, b);
        // a window of one block, and a single block
        SingularValuePlot.inverseTopSingularValue(labels(n), sigma1, 1, 0, 1, 5, 5, "", dir.resolve("w1.png"));
        SingularValuePlot.inverseTopSingularValue(new int[] {4}, new double[] {0.25}, 1, 0, 1, 4, 4, "",
                dir.resolve("n1.png"));
        Pngs.assertOnly(dir, "inv.png", "inv-again.png", "w1.png", "n1.png");
    }

    @Test
    void figure4PutsBothPanelsInOnePng() throws IOException {
        double[][] s = profile(8, 6, false);
        Path out = dir.resolve("fig4.png");
        SingularValuePlot.figure4(s, labels(8), true, 1, 0, 1, 2, 8, "Figure 4", out);
        BufferedImage a = SingularValuePlot.renderTop(s, labels(8), "(a) top singular values of each block", true);
        BufferedImage image = javax.imageio.ImageIO.read(out.toFile());
        assertTrue(image.getWidth() == a.getWidth() + SingularValuePlot.WIDTH, "two panels side by side");
        assertTrue(image.getWidth() <= 3000);
        Pngs.assertNotBlank(image, 60);
    }

    @Test
    void rejectsBadInput() {
        Path out = dir.resolve("x.png");
        double[][] nan = profile(3, 4, false);
        nan[2][1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(nan, labels(3), "", false, out));
        assertTrue(e.getMessage().contains("singular value 2 of block 3"), e.getMessage());
        double[][] ragged = profile(3, 4, false);
        ragged[1] = new double[3];
        assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(ragged, labels(3), "", false, out));
        double[][] negative = profile(3, 4, false);
        negative[0][0] = -1;
        assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(negative, labels(3), "", false, out));
        assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(new double[0][], new int[0], "", false, out));
        assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(new double[2][0], labels(2), "", false, out));
        assertThrows(IllegalArgumentException.class,
                () -> SingularValuePlot.topSingularValues(profile(3, 4, false), labels(2), "", false, out));

        double[] sigma1 = {1, 0.5, 0.25};
        e = assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(3),
                new double[] {1, 0, 0.3}, 1, 0, 1, 1, 3, "", out));
        assertTrue(e.getMessage().contains("block 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(3),
                new double[] {1, Double.POSITIVE_INFINITY, 0.3}, 1, 0, 1, 1, 3, "", out));
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(3),
                sigma1, Double.NaN, 0, 1, 1, 3, "", out));
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(3),
                sigma1, 1, 0, Double.NaN, 1, 3, "", out));
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(3),
                sigma1, 1, 0, 1, 3, 1, "", out));
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(labels(2),
                sigma1, 1, 0, 1, 1, 3, "", out));
        assertThrows(IllegalArgumentException.class, () -> SingularValuePlot.inverseTopSingularValue(new int[0],
                new double[0], 1, 0, 1, 1, 3, "", out));
    }
}
