package org.resalign.core.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
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
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            PlotSupport.requireFinite(measured[t], "accuracy of " + labels[t]);
            PlotSupport.check(measured[t] >= 0 && measured[t] <= 1, "accuracy of " + labels[t] + " is outside [0, 1]");
            x[t] = t + 1;
            lo = Math.min(lo, measured[t]);
            if (!Double.isNaN(paper[t])) {
                PlotSupport.check(paper[t] >= 0 && paper[t] <= 1, "paper accuracy of " + labels[t]
                        + " is outside [0, 1]");
                px.add(x[t]);
                py.add(paper[t]);
                lo = Math.min(lo, paper[t]);
            }
        }
        XYChart chart = new XYChartBuilder().width(Math.max(1200, 150 * n + 500)).height(900).title(title)
                .xAxisTitle("trained network").yAxisTitle("test accuracy").build();
        PlotSupport.style(chart);
        chart.getStyler().setXAxisMin(0.4);
        chart.getStyler().setXAxisMax(n + 0.6);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor((lo - 0.02) * 50) / 50));
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-9 && i >= 1 && i <= n ? labels[(int) i - 1] : " ";
        });
        chart.getStyler().setXAxisTickMarkSpacingHint(40);
        PlotSupport.plainYTickLabels(chart);
        XYSeries m = chart.addSeries("measured here (CPU scale)", x, measured);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        m.setMarker(SeriesMarkers.CIRCLE);
        m.setMarkerColor(PlotSupport.categorical(0));
        if (!px.isEmpty()) {
            XYSeries p = chart.addSeries("paper, Table 1 (500 epochs)", px.stream().mapToDouble(Double::doubleValue)
                    .toArray(), py.stream().mapToDouble(Double::doubleValue).toArray());
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.DIAMOND);
            p.setMarkerColor(new Color(0xD5, 0x5E, 0x00));
        }
        chart.getStyler().setMarkerSize(16);
        PlotSupport.writePng(PlotSupport.compose(chart, chart.getWidth(), chart.getHeight(), null, List.of()), out);
    }
}
