package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochCurvesPlotTest {

    @TempDir
    Path dir;

    static final double[] EPOCHS = {0, 10, 20, 30};

    static EpochCurvesPlot.Panel panel(String name, boolean log) {
        return new EpochCurvesPlot.Panel(name, log, List.of(new RaSweepPlot.Series("seed 0", new double[] {4, 2, 1, 0.5}),
                new RaSweepPlot.Series("seed 1", new double[] {5, 3, 1, 0.4})));
    }

    @Test
    void ninePanelsAreThreeRowsOfThreeWithinTheLargestImage() throws IOException {
        List<EpochCurvesPlot.Panel> panels = new ArrayList<>();
        for (int p = 0; p < 9; p++) {
            panels.add(panel("measure " + p, p == 4));
        }
        Path out = dir.resolve("epochs.png");
        Path again = dir.resolve("again.png");
        EpochCurvesPlot.write(EPOCHS, panels, "over training", out);
        EpochCurvesPlot.write(EPOCHS, panels, "over training", again);
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(3 * EpochCurvesPlot.PANEL_WIDTH, image.getWidth());
        assertTrue(image.getHeight() >= 3 * EpochCurvesPlot.PANEL_HEIGHT, "three rows under a title");
        assertTrue(image.getWidth() <= PlotSupport.MAX_SIDE && image.getHeight() <= PlotSupport.MAX_SIDE);
        Pngs.assertNotBlank(image, 40);
        Pngs.assertSameBytes(out, again);
    }

    @Test
    void noPanelsOrAValueThatCannotBePlottedAreRefused() {
        Path out = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class, () -> EpochCurvesPlot.write(EPOCHS, List.of(), "t", out));
        EpochCurvesPlot.Panel nan = new EpochCurvesPlot.Panel("nc1", true,
                List.of(new RaSweepPlot.Series("seed 0", new double[] {1, Double.NaN, 1, 1})));
        assertThrows(IllegalArgumentException.class, () -> EpochCurvesPlot.write(EPOCHS, List.of(nan), "t", out));
    }
}
