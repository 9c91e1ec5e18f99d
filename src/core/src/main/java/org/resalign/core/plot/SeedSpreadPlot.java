package org.resalign.core.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One measurement of several networks, each trained at several seeds: a column per network with one open marker per
 * seed and, beside them, the seeds' mean with its 95% interval as an error bar, so the spread a claim across seeds
 * rests on is seen.
 */
public final class SeedSpreadPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    private SeedSpreadPlot() {
    }

    /**
     * Writes the chart.
     *
     * @param groups    one label per network (column)
     * @param seeds     the seeds' labels, one per value of a column
     * @param values    {@code values[g][s]}: network {@code g} at seed {@code s}, finite
     * @param mean      per network, the seeds' mean
     * @param halfWidth per network, half the width of its 95% interval (symmetric, Student t)
     * @param title     what is plotted
     * @param yLabel    the measurement
     * @param out       the PNG file; its folder must exist
     */
    public static void write(String[] groups, String[] seeds, double[][] values, double[] mean, double[] halfWidth,
            String title, String yLabel, Path out) throws IOException {
        PlotSupport.requireText(title, "title");
        PlotSupport.requireText(yLabel, "y label");
        int n = groups.length;
        PlotSupport.check(n > 0, "no networks");
        PlotSupport.check(values.length == n && mean.length == n && halfWidth.length == n,
                "one row of values, one mean and one half-width per network");
        for (int g = 0; g < n; g++) {
            PlotSupport.check(values[g].length == seeds.length, groups[g] + " has " + values[g].length
                    + " values for " + seeds.length + " seeds");
            for (double v : values[g]) {
                PlotSupport.requireFinite(v, "a value of " + groups[g]);
            }
            PlotSupport.requireFinite(mean[g], "the mean of " + groups[g]);
            PlotSupport.requireFinite(halfWidth[g], "the interval of " + groups[g]);
        }
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(Math.min(PlotSupport.MAX_SIDE, Math.max(1200, 160 * n + 500))).height(1000).title(title).xAxisTitle("network")
                .yAxisTitle(yLabel).build();
        org.knowm.xchart.style.CategoryStyler st = chart.getStyler();
        PlotSupport.style(st);
        st.setMarkerSize(16);
        st.setErrorBarsColor(PlotSupport.INK);
        st.setToolTipsEnabled(false);
        st.setLocale(java.util.Locale.ROOT);
        st.setOverlapped(true);
        st.setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        List<String> names = Arrays.asList(groups);
        for (int s = 0; s < seeds.length; s++) {
            List<Double> y = new ArrayList<>();
            for (int g = 0; g < n; g++) {
                y.add(values[g][s]);
            }
            org.knowm.xchart.CategorySeries series = chart.addSeries("seed " + seeds[s], names, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(PlotSupport.categorical(s + 1));
        }
        List<Double> m = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            m.add(mean[g]);
            e.add(halfWidth[g]);
        }
        org.knowm.xchart.CategorySeries ms = chart.addSeries("mean ± 95% interval across seeds", names, m, e);
        ms.setMarker(SeriesMarkers.DIAMOND);
        ms.setMarkerColor(PlotSupport.categorical(0));
        java.awt.image.BufferedImage image = PlotSupport.whiteImage(chart.getWidth(), chart.getHeight());
        java.awt.Graphics2D g = PlotSupport.graphics(image);
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        PlotSupport.writePng(image, out);
    }
}
