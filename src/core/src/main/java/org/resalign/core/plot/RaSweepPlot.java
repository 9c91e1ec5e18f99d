package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart for sweeps: one x grid (such as the violation size ε) and several named y series (such as the RA1
 * line deficit {@code 1 − lineFraction} under each violated assumption), optionally on log axes.
 *
 * <p>A log axis cannot show values ≤ 0 (a perfectly straight trajectory has deficit 0): those points are left out,
 * and a note under the chart says how many, per series. If no point at all is positive on a requested log axis, that
 * axis falls back to linear, with a note.
 */
public final class RaSweepPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    static final int WIDTH = 1400;
    static final int HEIGHT = 860;

    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL,
    };

    /** One named y series; {@code y[t]} belongs to {@code x[t]}. */
    public record Series(String name, double[] y) {
    }

    private RaSweepPlot() {
    }

    /**
     * Writes the sweep as a PNG.
     *
     * @param x      the x values, finite, at least one
     * @param series one or more series with distinct non-blank names, each with one finite y per x
     * @param title  title line (may be empty)
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param logX   logarithmic x axis (points with x ≤ 0 left out, with a note)
     * @param logY   logarithmic y axis (points with y ≤ 0 left out, with a note)
     * @param out    the PNG file; its folder must exist
     */
    public static void write(double[] x, List<Series> series, String title, String xLabel, String yLabel,
            boolean logX, boolean logY, Path out) throws IOException {
        PlotSupport.writePng(render(x, series, title, xLabel, yLabel, logX, logY), out);
    }

    static BufferedImage render(double[] x, List<Series> series, String title, String xLabel, String yLabel,
            boolean logX, boolean logY) {
        return render(x, series, title, xLabel, yLabel, logX, logY, WIDTH, HEIGHT);
    }

    /** The chart at {@code width × height} pixels. */
    static BufferedImage render(double[] x, List<Series> series, String title, String xLabel, String yLabel,
            boolean logX, boolean logY, int width, int height) {
        PlotSupport.requireText(title, "title");
        PlotSupport.requireText(xLabel, "xLabel");
        PlotSupport.requireText(yLabel, "yLabel");
        PlotSupport.check(x != null && x.length > 0, "no x values");
        PlotSupport.check(series != null && !series.isEmpty(), "no series");
        for (int t = 0; t < x.length; t++) {
            PlotSupport.requireFinite(x[t], "x value " + (t + 1));
        }
        Set<String> names = new HashSet<>();
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            PlotSupport.check(ser != null, "series " + (s + 1) + " is null");
            PlotSupport.check(ser.name() != null && !ser.name().isBlank(), "series " + (s + 1) + " has no name");
            PlotSupport.check(names.add(ser.name()), "two series are named '" + ser.name() + "'");
            PlotSupport.check(ser.y() != null && ser.y().length == x.length, "series '" + ser.name() + "' has "
                    + (ser.y() == null ? 0 : ser.y().length) + " values for " + x.length + " x values");
            for (int t = 0; t < x.length; t++) {
                PlotSupport.requireFinite(ser.y()[t], "series '" + ser.name() + "' value " + (t + 1) + " (x = "
                        + x[t] + ")");
            }
        }

        List<String> notes = new ArrayList<>();
        boolean useLogX = logX;
        if (logX && !anyPositiveX(x)) {
            useLogX = false;
            notes.add("No x value is > 0: the x axis is linear instead of logarithmic.");
        }
        boolean useLogY = logY;
        if (logY && !anyPositiveY(x, series, useLogX)) {
            useLogY = false;
            notes.add("No value is > 0: the y axis is linear instead of logarithmic.");
        }

        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        PlotSupport.style(chart);
        chart.getStyler().setXAxisLogarithmic(useLogX);
        chart.getStyler().setYAxisLogarithmic(useLogY);
        PlotSupport.plainYTickLabels(chart);
        if (!useLogX) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(PlotSupport::tick);
        }

        List<String> omitted = new ArrayList<>();
        int omittedTotal = 0;
        int drawn = 0;
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            double[] xs = new double[x.length];
            double[] ys = new double[x.length];
            int n = 0;
            for (int t = 0; t < x.length; t++) {
                if ((useLogX && x[t] <= 0) || (useLogY && ser.y()[t] <= 0)) {
                    continue;
                }
                xs[n] = x[t];
                ys[n] = ser.y()[t];
                n++;
            }
            if (n < x.length) {
                omitted.add("'" + ser.name() + "': " + (x.length - n));
                omittedTotal += x.length - n;
            }
            if (n == 0) {
                continue;
            }
            XYSeries line = chart.addSeries(ser.name(), java.util.Arrays.copyOf(xs, n),
                    java.util.Arrays.copyOf(ys, n));
            Color colour = PlotSupport.categorical(s);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(colour);
            line.setMarkerColor(colour);
            line.setMarker(MARKERS[s % MARKERS.length]);
            line.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            drawn++;
        }
        if (omittedTotal > 0) {
            String axes = useLogX && useLogY ? "x ≤ 0 or y ≤ 0 (log axes)" : useLogX ? "x ≤ 0 (log x axis)"
                    : "y ≤ 0 (log y axis)";
            notes.add(omittedTotal + (omittedTotal == 1 ? " point" : " points") + " with " + axes
                    + " not shown: " + String.join(", ", omitted) + ".");
        }
        if (drawn == 0) {
            // cannot happen after the fall-backs above, but never hand XChart an empty chart
            throw new IllegalStateException("nothing left to plot");
        }
        if (x.length == 1 && !useLogX) {
            double pad = x[0] == 0 ? 1 : Math.abs(x[0]) * 0.5;
            chart.getStyler().setXAxisMin(x[0] - pad);
            chart.getStyler().setXAxisMax(x[0] + pad);
        }
        return PlotSupport.compose(chart, width, height, null, notes);
    }

    private static boolean anyPositiveX(double[] x) {
        for (double v : x) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyPositiveY(double[] x, List<Series> series, boolean logX) {
        for (Series s : series) {
            for (int t = 0; t < x.length; t++) {
                if (s.y()[t] > 0 && (!logX || x[t] > 0)) {
                    return true;
                }
            }
        }
        return false;
    }
}
