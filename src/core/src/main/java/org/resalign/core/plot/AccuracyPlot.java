package org.resalign.core.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Test accuracies of trained networks beside the paper's (Table 1): one column per network, its measured accuracy
 * as a filled circle and, where the paper reports the same model on the same data, the paper's figure as a diamond.
 */
public final class AccuracyPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    private AccuracyPlot() {
    }

    /**
     * Writes the chart.
     *
     * @param labels   one per network, shown under its column
     * @param measured measured test accuracies in [0, 1]
     * @param paper    the paper's figure per network, NaN where it has none
     * @param title    title line
     * @param out      the PNG file; its folder must exist
     */
    public static void write(String[] labels, double[] measured, double[] paper, String title, Path out)
            throws IOException {
        PlotSupport.requireText(title, "title");
        int n = labels.length;
        PlotSupport.check(n > 0, "no networks");
        PlotSupport.check(measured.length == n && paper.length == n, "one measured and one paper value per label");
        double lo = 1;
        boolean anyPaper = false;
        for (int t = 0; t < n; t++) {
            PlotSupport.requireFinite(measured[t], "accuracy of " + labels[t]);
            PlotSupport.check(measured[t] >= 0 && measured[t] <= 1, "accuracy of " + labels[t] + " is outside [0, 1]");
            lo = Math.min(lo, measured[t]);
            if (!Double.isNaN(paper[t])) {
                PlotSupport.check(paper[t] >= 0 && paper[t] <= 1, "paper accuracy of " + labels[t]
                        + " is outside [0, 1]");
                anyPaper = true;
                lo = Math.min(lo, paper[t]);
            }
        }
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(Math.min(PlotSupport.MAX_SIDE, Math.max(1200, 110 * n + 500))).height(1000).title(title).xAxisTitle("trained network")
                .yAxisTitle("test accuracy").build();
        org.knowm.xchart.style.CategoryStyler st = chart.getStyler();
        PlotSupport.style(st);
        st.setXAxisLabelRotation(35);
        st.setYAxisMin(Math.max(0, Math.floor((lo - 0.02) * 50) / 50));
        st.setYAxisMax(1.0);
        st.setMarkerSize(18);
        st.setToolTipsEnabled(false);
        st.setLocale(java.util.Locale.ROOT);
        st.setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        List<String> names = java.util.Arrays.asList(labels);
        List<Double> m = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            m.add(measured[t]);
            p.add(Double.isNaN(paper[t]) ? null : paper[t]);
        }
        org.knowm.xchart.CategorySeries ms = chart.addSeries("measured here (CPU scale)", names, m);
        ms.setMarker(SeriesMarkers.CIRCLE);
        ms.setMarkerColor(PlotSupport.categorical(0));
        if (anyPaper) {
            org.knowm.xchart.CategorySeries ps = chart.addSeries("paper, Table 1 (500 epochs, all training images)",
                    names, p);
            ps.setMarker(SeriesMarkers.DIAMOND);
            ps.setMarkerColor(new Color(0xD5, 0x5E, 0x00));
        }
        java.awt.image.BufferedImage image = PlotSupport.whiteImage(chart.getWidth(), chart.getHeight());
        java.awt.Graphics2D g = PlotSupport.graphics(image);
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        PlotSupport.writePng(image, out);
    }
}
