package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 1 (RA1): representation trajectories {@code h_1, …, h_{L+1}} of one or more inputs, projected
 * onto the top two principal directions of all their points together, each drawn as a line through its points
 * with the start {@code h_1} (black square) and the end {@code h_{L+1}} (black triangle) marked. Under RA1 every
 * trajectory is a straight line of equally spaced points.
 *
 * <p>Both axes use the same scale (one unit is as long across as up), so a trajectory that looks straight is
 * straight: stretching a 0.1%-variance second direction to the height of the plot would make noise look like
 * curvature. The paper projects on two random vectors; principal directions show the most of the data in two
 * dimensions, and the axis titles say how much.
 */
public final class TrajectoryPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    static final int WIDTH = 1250;
    static final int HEIGHT = 960;

    /**
     * One trajectory: {@code points[t]} is {@code h_{t+1}} (all of one dimension D), and an optional label (such as
     * the input's class; {@code null} for none). Trajectories with the same label share a colour and one legend
     * entry.
     */
    public record Trajectory(double[][] points, String label) {
    }

    /**
     * The projection of every point onto the top two principal directions of the centred stack of all points.
     *
     * @param coordinates        {@code coordinates.get(n)[t]} = (PC 1, PC 2) coordinates of point t of trajectory n
     * @param explainedVariance  the fractions of the total variance along PC 1 and PC 2 (0 and 0 if all points
     *                           coincide; PC 2's is 0 when D = 1 or the points lie on a line)
     * @param mean               the mean of all points (length D)
     * @param directions         the two unit principal directions (length D each); PC 2's is all zeros when there
     *                           is no second direction (D = 1 or a single point)
     */
    public record Projection(List<double[][]> coordinates, double[] explainedVariance, double[] mean,
            double[][] directions) {
    }

    private TrajectoryPlot() {
    }

    /** Writes the trajectories, unlabelled, as a PNG. */
    public static void writeUnlabelled(List<double[][]> trajectories, String title, Path out) throws IOException {
        if (trajectories == null) {
            throw new IllegalArgumentException("no trajectories");
        }
        List<Trajectory> t = new ArrayList<>();
        for (double[][] h : trajectories) {
            t.add(new Trajectory(h, null));
        }
        write(t, title, out);
    }

    /**
     * Writes the projected trajectories as a PNG.
     *
     * @param trajectories one or more, each with at least one point, all of the same dimension D ≥ 1, finite
     * @param title        title line (may be empty)
     * @param out          the PNG file; its folder must exist
     */
    public static void write(List<Trajectory> trajectories, String title, Path out) throws IOException {
        PlotSupport.writePng(render(trajectories, title), out);
    }

    /**
     * Projects all points of all trajectories onto the top two principal directions of their centred stack (an SVD
     * of the N×D matrix of points minus their mean). PC 1 is oriented so that the trajectories run, on average,
     * towards positive PC 1 (from the mean start to the mean end); a direction without that cue points its largest
     * component positive. Handles D = 1 and points on a line (PC 2 with variance 0) without dividing by zero.
     */
    public static Projection project(List<double[][]> trajectories) {
        int dim = checkShapes(trajectories);
        int total = 0;
        for (double[][] h : trajectories) {
            total += h.length;
        }
        double[] mean = new double[dim];
        for (double[][] h : trajectories) {
            for (double[] p : h) {
                for (int d = 0; d < dim; d++) {
                    mean[d] += p[d];
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= total;
        }
        DMatrixRMaj a = new DMatrixRMaj(total, dim);
        int row = 0;
        for (double[][] h : trajectories) {
            for (double[] p : h) {
                for (int d = 0; d < dim; d++) {
                    a.unsafe_set(row, d, p[d] - mean[d]);
                }
                row++;
            }
        }

        double[][] directions = new double[2][dim];
        double[] variance = new double[2];
        double totalVariance = 0;
        for (double v : a.data) {
            totalVariance += v * v;
        }
        if (dim == 1) {
            directions[0][0] = 1;
            variance[0] = totalVariance;
        } else if (totalVariance > 0) {
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(total, dim, false, true,
                    true);
            if (!svd.decompose(a.copy())) {
                throw new IllegalStateException("the SVD of the " + total + "×" + dim + " point matrix failed");
            }
            double[] s = svd.getSingularValues();
            int count = svd.numberOfSingularValues();
            DMatrixRMaj v = svd.getV(null, false);
            int[] order = orderDescending(s, count);
            for (int pc = 0; pc < 2 && pc < count; pc++) {
                for (int d = 0; d < dim; d++) {
                    directions[pc][d] = v.get(d, order[pc]);
                }
                variance[pc] = s[order[pc]] * s[order[pc]];
            }
            // the sum of squared singular values is the total variance; use it so both fractions are consistent
            double sum = 0;
            for (int t = 0; t < count; t++) {
                sum += s[t] * s[t];
            }
            totalVariance = sum > 0 ? sum : totalVariance;
        } else {
            directions[0][0] = 1;
            directions[1][1] = 1;
        }
        orient(directions[0], trajectories, true);
        orient(directions[1], trajectories, false);

        double[] explained = new double[2];
        if (totalVariance > 0) {
            explained[0] = Math.min(1, variance[0] / totalVariance);
            explained[1] = Math.min(1 - explained[0], variance[1] / totalVariance);
        }
        List<double[][]> coordinates = new ArrayList<>();
        for (double[][] h : trajectories) {
            double[][] c = new double[h.length][2];
            for (int t = 0; t < h.length; t++) {
                for (int pc = 0; pc < 2; pc++) {
                    double dot = 0;
                    for (int d = 0; d < dim; d++) {
                        dot += (h[t][d] - mean[d]) * directions[pc][d];
                    }
                    c[t][pc] = dot;
                }
            }
            coordinates.add(c);
        }
        return new Projection(coordinates, explained, mean, directions);
    }

    static BufferedImage render(List<Trajectory> trajectories, String title) {
        PlotSupport.requireText(title, "title");
        PlotSupport.check(trajectories != null && !trajectories.isEmpty(), "no trajectories");
        List<double[][]> points = new ArrayList<>();
        for (int n = 0; n < trajectories.size(); n++) {
            Trajectory t = trajectories.get(n);
            PlotSupport.check(t != null, "trajectory " + (n + 1) + " is null");
            points.add(t.points());
        }
        Projection p = project(points);

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(axisTitle(1, p.explainedVariance()[0]))
                .yAxisTitle(axisTitle(2, p.explainedVariance()[1])).build();
        PlotSupport.style(chart);
        PlotSupport.plainYTickLabels(chart);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(PlotSupport::tick);

        Map<String, Color> colours = new LinkedHashMap<>();
        boolean anyLabel = false;
        for (Trajectory t : trajectories) {
            if (t.label() != null) {
                anyLabel = true;
                colours.computeIfAbsent(t.label(), l -> PlotSupport.categorical(colours.size()));
            }
        }
        Color unlabelled = anyLabel ? new Color(0x7F, 0x7F, 0x7F) : PlotSupport.categorical(0);
        boolean unlabelledShown = false;
        List<String> shown = new ArrayList<>();
        double[] startX = new double[trajectories.size()];
        double[] startY = new double[trajectories.size()];
        double[] endX = new double[trajectories.size()];
        double[] endY = new double[trajectories.size()];
        float width = trajectories.size() > 50 ? 1.2f : 2f;
        for (int n = 0; n < trajectories.size(); n++) {
            double[][] c = p.coordinates().get(n);
            double[] x = new double[c.length];
            double[] y = new double[c.length];
            for (int t = 0; t < c.length; t++) {
                x[t] = c[t][0];
                y[t] = c[t][1];
            }
            startX[n] = x[0];
            startY[n] = y[0];
            endX[n] = x[c.length - 1];
            endY[n] = y[c.length - 1];
            String label = trajectories.get(n).label();
            Color colour = label == null ? unlabelled : colours.get(label);
            boolean inLegend;
            String name;
            if (label == null) {
                inLegend = anyLabel && !unlabelledShown;
                unlabelledShown |= inLegend;
                name = inLegend ? "unlabelled" : "trajectory " + (n + 1);
            } else {
                inLegend = !shown.contains(label);
                if (inLegend) {
                    shown.add(label);
                }
                name = inLegend ? legendName(label, trajectories) : "trajectory " + (n + 1);
            }
            XYSeries s = chart.addSeries(uniqueName(chart, name), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            s.setShowInLegend(inLegend);
        }
        XYSeries start = chart.addSeries(uniqueName(chart, "start h₁"), startX, startY);
        start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        start.setMarker(new BigMarker(BigMarker.Kind.SQUARE, 1.7));
        start.setMarkerColor(PlotSupport.INK);
        XYSeries end = chart.addSeries(uniqueName(chart, "end " + endName(points)), endX, endY);
        end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        end.setMarker(new BigMarker(BigMarker.Kind.TRIANGLE, 2.0));
        end.setMarkerColor(PlotSupport.INK);
        chart.getStyler().setMarkerSize(trajectories.size() > 50 ? 6 : 8);

        equalAspect(chart, p.coordinates());
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT,
                "%d %s of %s points in D = %d, projected on the top two principal directions of all points;"
                        + " equal scales on both axes.",
                trajectories.size(), trajectories.size() == 1 ? "trajectory" : "trajectories", pointCounts(points),
                p.mean().length));
        return PlotSupport.compose(chart, WIDTH, HEIGHT, null, notes);
    }

    static String axisTitle(int pc, double fraction) {
        String percent;
        if (fraction > 0 && fraction < 0.0005) {
            percent = "< 0.1%";
        } else if (fraction < 1 && fraction > 0.9995) {
            percent = "> 99.9%";
        } else {
            percent = String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
        }
        return "PC " + pc + " (" + percent + " of variance)";
    }

    /** "h₁₇" when every trajectory has 17 points, else "h_{L+1}". */
    private static String endName(List<double[][]> points) {
        int n = points.get(0).length;
        for (double[][] h : points) {
            if (h.length != n) {
                return "h_{L+1}";
            }
        }
        StringBuilder sb = new StringBuilder("h");
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append((char) ('\u2080' + (c - '0')));
        }
        return sb.toString();
    }

    private static String legendName(String label, List<Trajectory> all) {
        int count = 0;
        for (Trajectory t : all) {
            if (label.equals(t.label())) {
                count++;
            }
        }
        return count == 1 ? label : label + " (" + count + ")";
    }

    private static String uniqueName(XYChart chart, String name) {
        String candidate = name;
        for (int i = 2; chart.getSeriesMap().containsKey(candidate); i++) {
            candidate = name + " #" + i;
        }
        return candidate;
    }

    private static String pointCounts(List<double[][]> points) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (double[][] h : points) {
            min = Math.min(min, h.length);
            max = Math.max(max, h.length);
        }
        return min == max ? Integer.toString(min) : min + "–" + max;
    }

    /**
     * Sets axis ranges so that one unit has the same length on both axes: a first paint measures the plot area, a
     * second range fits the data into it with the larger of the two scales.
     */
    private static void equalAspect(XYChart chart, List<double[][]> coordinates) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[][] c : coordinates) {
            for (double[] q : c) {
                minX = Math.min(minX, q[0]);
                maxX = Math.max(maxX, q[0]);
                minY = Math.min(minY, q[1]);
                maxY = Math.max(maxY, q[1]);
            }
        }
        double span = Math.max(maxX - minX, maxY - minY);
        if (!(span > 0)) {
            span = Math.max(1e-12, Math.max(Math.abs(minX), Math.abs(minY))) * 2;
            if (!(span > 1e-12)) {
                span = 2;
            }
        }
        double pad = 0.06 * span;
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        double half = span / 2 + pad;
        setRanges(chart, cx - half, cx + half, cy - half, cy + half);

        // measure pixels per unit on each axis
        BufferedImage scratch = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = PlotSupport.graphics(scratch);
        chart.paint(g, WIDTH, HEIGHT);
        g.dispose();
        double pxX = Math.abs(chart.getScreenXFromChart(cx + half) - chart.getScreenXFromChart(cx - half));
        double pxY = Math.abs(chart.getScreenYFromChart(cy + half) - chart.getScreenYFromChart(cy - half));
        if (!(pxX > 0) || !(pxY > 0)) {
            return;
        }
        double unitsPerPx = 2 * half / Math.min(pxX, pxY);
        double halfX = unitsPerPx * pxX / 2;
        double halfY = unitsPerPx * pxY / 2;
        setRanges(chart, cx - halfX, cx + halfX, cy - halfY, cy + halfY);
    }

    private static void setRanges(XYChart chart, double x0, double x1, double y0, double y1) {
        chart.getStyler().setXAxisMin(x0);
        chart.getStyler().setXAxisMax(x1);
        chart.getStyler().setYAxisMin(y0);
        chart.getStyler().setYAxisMax(y1);
    }

    private static int[] orderDescending(double[] s, int count) {
        Integer[] idx = new Integer[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(s[y], s[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * Fixes the sign of a principal direction: along the mean travel (mean end minus mean start) when
     * {@code byTravel} and that is not perpendicular to it, else so that its largest component is positive.
     */
    private static void orient(double[] v, List<double[][]> trajectories, boolean byTravel) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return;
        }
        double sign = 0;
        if (byTravel) {
            double travel = 0;
            double length = 0;
            for (double[][] h : trajectories) {
                double[] first = h[0];
                double[] last = h[h.length - 1];
                for (int d = 0; d < v.length; d++) {
                    travel += (last[d] - first[d]) * v[d];
                    length += Math.abs(last[d] - first[d]);
                }
            }
            if (Math.abs(travel) > 1e-9 * length && travel != 0) {
                sign = Math.signum(travel);
            }
        }
        if (sign == 0) {
            int arg = 0;
            for (int d = 1; d < v.length; d++) {
                if (Math.abs(v[d]) > Math.abs(v[arg]) + 1e-12) {
                    arg = d;
                }
            }
            sign = v[arg] < 0 ? -1 : 1;
        }
        if (sign < 0) {
            for (int d = 0; d < v.length; d++) {
                v[d] = -v[d];
            }
        }
    }

    /** Checks the list of trajectories (non-empty, each non-empty, one dimension, finite); returns D. */
    private static int checkShapes(List<double[][]> trajectories) {
        PlotSupport.check(trajectories != null && !trajectories.isEmpty(), "no trajectories");
        int dim = -1;
        for (int n = 0; n < trajectories.size(); n++) {
            double[][] h = trajectories.get(n);
            String name = "trajectory " + (n + 1);
            PlotSupport.check(h != null && h.length > 0, name + " has no points");
            for (int t = 0; t < h.length; t++) {
                String point = name + ", point h_" + (t + 1);
                PlotSupport.check(h[t] != null && h[t].length > 0, point + " is empty");
                if (dim < 0) {
                    dim = h[t].length;
                }
                PlotSupport.check(h[t].length == dim, point + " has dimension " + h[t].length + ", expected " + dim);
                for (int d = 0; d < dim; d++) {
                    PlotSupport.requireFinite(h[t][d], point + ", coordinate " + (d + 1));
                }
            }
        }
        return dim;
    }
}
