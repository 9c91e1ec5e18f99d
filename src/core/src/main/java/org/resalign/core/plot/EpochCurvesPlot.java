package org.resalign.core.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Measurements over the epochs of training, one panel per measurement, each a line per run (and their mean): the
 * paper's Figure 7, RA beside Neural Collapse as training goes on.
 */
public final class EpochCurvesPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    /** Panels per row. */
    static final int PER_ROW = 3;
    /** One panel's size: three across stay within the largest image written. */
    static final int PANEL_WIDTH = 960;
    static final int PANEL_HEIGHT = 680;

    /**
     * One measurement.
     *
     * @param yLabel what is measured
     * @param logY   a logarithmic y axis (values ≤ 0 are left out, with a note)
     * @param series its values per run, {@code y[t]} at epoch {@code t} of the x grid
     */
    public record Panel(String yLabel, boolean logY, List<RaSweepPlot.Series> series) {
    }

    private EpochCurvesPlot() {
    }

    /**
     * Writes the panels as one PNG.
     *
     * @param epochs the x grid, finite
     * @param panels at least one
     * @param title  the title over all panels
     * @param out    the PNG file; its folder must exist
     */
    public static void write(double[] epochs, List<Panel> panels, String title, Path out) throws IOException {
        PlotSupport.check(panels != null && !panels.isEmpty(), "no panels");
        PlotSupport.requireText(title, "title");
        BufferedImage[] images = new BufferedImage[panels.size()];
        for (int p = 0; p < images.length; p++) {
            Panel panel = panels.get(p);
            images[p] = RaSweepPlot.render(epochs, panel.series(), panel.yLabel(), "epoch", panel.yLabel(), false,
                    panel.logY(), PANEL_WIDTH, PANEL_HEIGHT);
        }
        PlotSupport.writePng(PlotSupport.rows(title, PER_ROW, images), out);
    }
}
