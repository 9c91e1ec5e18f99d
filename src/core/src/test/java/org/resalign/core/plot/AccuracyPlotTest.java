package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesADeterministicNonBlankChart() throws IOException {
        String[] labels = {"type-1 (C=10)", "classes-2 (C=2)", "type-4b (C=10)"};
        double[] measured = {0.89, 0.99, 0.83};
        double[] paper = {0.909, Double.NaN, Double.NaN};
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        AccuracyPlot.write(labels, measured, paper, "Table 1", a);
        AccuracyPlot.write(labels, measured, paper, "Table 1", b);
        BufferedImage image = ImageIO.read(a.toFile());
        assertTrue(image.getWidth() >= 1200 && image.getHeight() >= 900);
        Pngs.assertNotBlank(image, 20);
        Pngs.assertSameBytes(a, b);
    }

    @Test
    void badValuesAreRefused() {
        Path out = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class, () -> AccuracyPlot.write(new String[] {"a"}, new double[] {1.2},
                new double[] {Double.NaN}, "t", out));
        assertThrows(IllegalArgumentException.class, () -> AccuracyPlot.write(new String[] {"a"},
                new double[] {Double.NaN}, new double[] {0.9}, "t", out));
        assertThrows(IllegalArgumentException.class, () -> AccuracyPlot.write(new String[] {"a", "b"},
                new double[] {0.5}, new double[] {0.9}, "t", out));
        assertThrows(IllegalArgumentException.class, () -> AccuracyPlot.write(new String[0], new double[0],
                new double[0], "t", out));
    }
}
