package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 4: (a) the top-K singular values of every block's Residual Jacobian, one line per block coloured
 * by depth; (b) RA4, the inverse top singular value {@code 1/σ₁(J_i)} against the block index with the least-squares
 * line {@code a·i + b} over the fitted window.
 *
 * <p>Each panel can be written on its own ({@link #topSingularValues}, {@link #inverseTopSingularValue}) or both side
 * by side in one PNG ({@link #figure4}).
 */
public final class SingularValuePlot {

    static {
        PlotSupport.ensureHeadless();
    }

    static final int WIDTH = 1300;
    static final int HEIGHT = 860;

    private SingularValuePlot() {
    }

    /**
     * Writes panel (a): {@code sigma[b][k-1]} against k = 1..K, one line per block, coloured along viridis from the
     * first block (dark) to the last, with a depth colour bar.
     *
     * @param sigma        {@code sigma[b]} are the top-K singular values of block b's Jacobian, largest first; all rows
     *                     of the same length K ≥ 1, finite and ≥ 0
     * @param blockIndices the label (depth) of each row of {@code sigma}
     * @param title        title line (may be empty)
     * @param logY         logarithmic y axis; zero singular values are then left out and counted in a note
     * @param out          the PNG file; its folder must exist
     */
    public static void topSingularValues(double[][] sigma, int[] blockIndices, String title, boolean logY,
            Path out) throws IOException {
        PlotSupport.writePng(renderTop(sigma, blockIndices, title, logY), out);
    }

    /**
     * Writes panel (b): {@code 1/σ₁} of each block against its index, points inside the fitted window
     * {@code [fitFirst, fitLast]} (block indices, inclusive) filled blue, the others grey, and the fitted line
     * {@code a·i + b} over the window in red, with a, b and R² in the legend.
     *
     * @param blockIndices the blocks' indices (x values)
     * @param sigma1       each block's top singular value, finite and &gt; 0
     * @param slope        the fitted a
     * @param intercept    the fitted b
     * @param rSquared     the fit's R²
     * @param fitFirst     first block index of the fitted window
     * @param fitLast      last block index of the fitted window (≥ fitFirst)
     * @param title        title line (may be empty)
     * @param out          the PNG file; its folder must exist
     */
    public static void inverseTopSingularValue(int[] blockIndices, double[] sigma1, double slope, double intercept,
            double rSquared, int fitFirst, int fitLast, String title, Path out) throws IOException {
        PlotSupport.writePng(renderInverse(blockIndices, sigma1, slope, intercept, rSquared, fitFirst, fitLast,
                title), out);
    }

    /**
     * Writes both panels side by side into one PNG under {@code title}: (a) from {@code sigma}, (b) from its first
     * column ({@code σ₁ = sigma[b][0]}) and the given fit.
     */
    public static void figure4(double[][] sigma, int[] blockIndices, boolean logY, double slope, double intercept,
            double rSquared, int fitFirst, int fitLast, String title, Path out) throws IOException {
        PlotSupport.requireText(title, "title");
        BufferedImage a = renderTop(sigma, blockIndices, "(a) top singular values of each block", logY);
        double[] sigma1 = new double[sigma.length];
        for (int b = 0; b < sigma.length; b++) {
            sigma1[b] = sigma[b][0];
        }
        BufferedImage b = renderInverse(blockIndices, sigma1, slope, intercept, rSquared, fitFirst, fitLast,
                "(b) RA4: 1/σ₁ of each block, with its least-squares line");
        PlotSupport.writePng(PlotSupport.sideBySide(title, a, b), out);
    }

    static BufferedImage renderTop(double[][] sigma, int[] blockIndices, String title, boolean logY) {
        PlotSupport.requireText(title, "title");
        PlotSupport.check(sigma != null && sigma.length > 0, "no singular values: sigma is empty");
        PlotSupport.check(blockIndices != null && blockIndices.length == sigma.length, "blockIndices has "
                + (blockIndices == null ? 0 : blockIndices.length) + " labels for " + sigma.length + " blocks");
        int blocks = sigma.length;
        PlotSupport.check(sigma[0] != null && sigma[0].length > 0, "block " + blockIndices[0]
                + " has no singular values");
        int k = sigma[0].length;
        for (int b = 0; b < blocks; b++) {
            PlotSupport.check(sigma[b] != null && sigma[b].length == k, "sigma is ragged: block " + blockIndices[b]
                    + " has " + (sigma[b] == null ? 0 : sigma[b].length) + " singular values, expected " + k);
            for (int t = 0; t < k; t++) {
                String what = "singular value " + (t + 1) + " of block " + blockIndices[b];
                PlotSupport.requireFinite(sigma[b][t], what);
                PlotSupport.check(sigma[b][t] >= 0, what + " is negative (" + sigma[b][t] + ")");
            }
        }

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("singular value index k").yAxisTitle(logY ? "σₖ(Jᵢ)  (log scale)" : "σₖ(Jᵢ)").build();
        PlotSupport.style(chart);
        chart.getStyler().setLegendVisible(false);
        PlotSupport.integerTickLabels(chart);
        chart.getStyler().setYAxisLogarithmic(logY);
        PlotSupport.plainYTickLabels(chart);
        List<String> notes = new ArrayList<>();
        int omitted = 0;
        int drawn = 0;
        for (int b = 0; b < blocks; b++) {
            double[] x = new double[k];
            double[] y = new double[k];
            int n = 0;
            double floor = ROUNDING_FLOOR * java.util.Arrays.stream(sigma[b]).max().orElse(0);
            for (int t = 0; t < k; t++) {
                if (logY && (sigma[b][t] <= 0 || sigma[b][t] < floor)) {
                    omitted++;
                    continue;
                }
                x[n] = t + 1;
                y[n] = sigma[b][t];
                n++;
            }
            if (n == 0) {
                continue;
            }
            XYSeries s = chart.addSeries("block " + blockIndices[b] + " (#" + (b + 1) + ")",
                    java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
            Color c = PlotSupport.depthColour(b, blocks);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            s.setMarker(k <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            drawn++;
        }
        if (drawn == 0) {
            // every value was zero on a log axis: show them on a linear axis rather than nothing
            chart.getStyler().setYAxisLogarithmic(false);
            PlotSupport.plainYTickLabels(chart);
            chart.setYAxisTitle("σₖ(Jᵢ)");
            for (int b = 0; b < blocks; b++) {
                double[] x = new double[k];
                for (int t = 0; t < k; t++) {
                    x[t] = t + 1;
                }
                XYSeries s = chart.addSeries("block " + blockIndices[b] + " (#" + (b + 1) + ")", x, sigma[b].clone());
                Color c = PlotSupport.depthColour(b, blocks);
                s.setLineColor(c);
                s.setMarkerColor(c);
            }
            notes.add("All singular values are 0: shown on a linear axis instead of a log axis.");
        } else if (omitted > 0) {
            notes.add(omitted + (omitted == 1 ? " singular value is" : " singular values are") + " 0 to double "
                    + "rounding (below 1e-13 of their block's largest) and not shown on the log axis.");
        }
        if (k == 1) {
            chart.getStyler().setXAxisMin(0.5);
            chart.getStyler().setXAxisMax(1.5);
        }
        return PlotSupport.compose(chart, WIDTH, HEIGHT, PlotSupport.depthBar(blockIndices), notes);
    }

    /**
     * Singular values below this fraction of their block's largest are zero to double rounding (an SVD is accurate to
     * about {@code ε·σ₁}); the log axis leaves them out, with a note, instead of spanning thirty decades of noise.
     */
    static final double ROUNDING_FLOOR = 1e-13;

    static BufferedImage renderInverse(int[] blockIndices, double[] sigma1, double slope, double intercept,
            double rSquared, int fitFirst, int fitLast, String title) {
        PlotSupport.requireText(title, "title");
        PlotSupport.check(sigma1 != null && sigma1.length > 0, "no top singular values: sigma1 is empty");
        PlotSupport.check(blockIndices != null && blockIndices.length == sigma1.length, "blockIndices has "
                + (blockIndices == null ? 0 : blockIndices.length) + " labels for " + sigma1.length + " values");
        PlotSupport.requireFinite(slope, "the fitted slope a");
        PlotSupport.requireFinite(intercept, "the fitted intercept b");
        PlotSupport.requireFinite(rSquared, "the fit's R²");
        PlotSupport.check(fitFirst <= fitLast, "the fitted window [" + fitFirst + ", " + fitLast + "] is empty");
        int n = sigma1.length;
        List<Double> inX = new ArrayList<>();
        List<Double> inY = new ArrayList<>();
        List<Double> outX = new ArrayList<>();
        List<Double> outY = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            String what = "σ₁ of block " + blockIndices[b];
            PlotSupport.requireFinite(sigma1[b], what);
            PlotSupport.check(sigma1[b] > 0, what + " is " + sigma1[b] + ": 1/σ₁ is not finite");
            double inv = 1.0 / sigma1[b];
            PlotSupport.requireFinite(inv, "1/" + what);
            boolean inside = blockIndices[b] >= fitFirst && blockIndices[b] <= fitLast;
            (inside ? inX : outX).add((double) blockIndices[b]);
            (inside ? inY : outY).add(inv);
        }

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("block i (depth)")
                .yAxisTitle("1 / σ₁(Jᵢ)").build();
        PlotSupport.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(12);
        Color blue = PlotSupport.categorical(0);
        Color grey = new Color(0xA0, 0xA0, 0xA0);
        Color red = PlotSupport.categorical(3);
        if (!inX.isEmpty()) {
            XYSeries s = chart.addSeries(outX.isEmpty() ? "1/σ₁" : "1/σ₁, blocks in the fitted window",
                    toArray(inX), toArray(inY));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(blue);
        }
        if (!outX.isEmpty()) {
            XYSeries s = chart.addSeries(inX.isEmpty() ? "1/σ₁ (no block in the fitted window)"
                    : "1/σ₁, blocks outside the window", toArray(outX), toArray(outY));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(grey);
        }
        String fit = "fit a·i + b on blocks " + fitFirst + "–" + fitLast + ":  a = " + PlotSupport.sig(slope, 4)
                + ",  b = " + PlotSupport.sig(intercept, 4) + ",  R² = " + PlotSupport.sig(rSquared, 5);
        double[] lineX = fitFirst == fitLast ? new double[] {fitFirst - 0.5, fitLast + 0.5}
                : new double[] {fitFirst, fitLast};
        double[] lineY = {slope * lineX[0] + intercept, slope * lineX[1] + intercept};
        PlotSupport.requireFinite(lineY[0], "the fitted line at block " + fitFirst);
        PlotSupport.requireFinite(lineY[1], "the fitted line at block " + fitLast);
        XYSeries line = chart.addSeries(fit, lineX, lineY);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(red);
        line.setLineStyle(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        PlotSupport.integerTickLabels(chart);
        PlotSupport.plainYTickLabels(chart);
        if (n == 1 && fitFirst == fitLast) {
            chart.getStyler().setXAxisMin(fitFirst - 1.0);
            chart.getStyler().setXAxisMax(fitLast + 1.0);
        }
        return PlotSupport.compose(chart, WIDTH, HEIGHT, null, List.of());
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
