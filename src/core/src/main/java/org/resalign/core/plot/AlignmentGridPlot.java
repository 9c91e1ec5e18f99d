package org.resalign.core.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The paper's Figure 2 (RA2): for blocks i (grid rows) and j (grid columns), the k×k matrix
 * {@code M(i,j) = U_{j,k}ᵀ J_i V_{j,k}}, with {@code U_{j,k}, V_{j,k}} the top-k singular vectors of {@code J_j}.
 * When the singular vectors of all Jacobians align, every cell shows a bright diagonal on a dark background.
 *
 * <p>The grid shows magnitudes {@code |M|} (as the paper does) on ONE colour scale shared by all cells, so that the
 * depth profile of the Jacobians' sizes stays visible. The default scale, {@link Scale#LOG}, spreads the three
 * decades below the largest entry over the colour map: with top singular values falling like 1/i (RA4) a linear
 * scale leaves the deep rows of the grid nearly black, while on the log scale the diagonal of every aligned cell
 * stands out. Colour map: viridis (dark = small). The colour bar's title names the scale.
 */
public final class AlignmentGridPlot {

    static {
        PlotSupport.ensureHeadless();
    }

    /** How |M| is mapped to colour. */
    public enum Scale {
        /** Linear from 0 to the largest |entry| of all cells. */
        LINEAR,
        /**
         * Square root: colour position {@code sqrt(|entry| / max)}, so an entry 1/16 of the largest one still
         * reaches a quarter of the colour map (the colour bar is labelled in |entry|).
         */
        SQRT,
        /** log10 |entry| from three decades below the largest |entry| (smaller entries get the lowest colour). */
        LOG
    }

    /** Decades shown by {@link Scale#LOG}. */
    static final int LOG_DECADES = 3;

    private AlignmentGridPlot() {
    }

    /**
     * Writes the grid of {@code |M(i,j)|} on a shared logarithmic colour scale ({@link Scale#LOG}) as a PNG.
     *
     * @param m            {@code m[i][j]} is the k×k matrix {@code U_{j,k}ᵀ J_i V_{j,k}}; L×L×k×k, L ≥ 1, k ≥ 1
     * @param blockIndices the L block labels shown on both axes (1-based depths)
     * @param title        title line (may be empty)
     * @param out          the PNG file; its folder must exist
     */
    public static void write(double[][][][] m, int[] blockIndices, String title, Path out) throws IOException {
        write(m, blockIndices, title, Scale.LOG, out);
    }

    /** As {@link #write(double[][][][], int[], String, Path)}, with the colour scale chosen. */
    public static void write(double[][][][] m, int[] blockIndices, String title, Scale scale, Path out)
            throws IOException {
        PlotSupport.writePng(render(m, blockIndices, title, scale).image(), out);
    }

    /**
     * Writes the L×L matrix of alignment scores ({@code ‖diag M(i,j)‖₂ / ‖M(i,j)‖_F}, in [0, 1]) as one heat map
     * with each score written in its cell, on a fixed [0, 1] colour scale.
     *
     * @param scores       {@code scores[i][j]}, L×L, each in [0, 1] (up to 1e-6 of rounding)
     * @param blockIndices the L block labels
     * @param title        title line (may be empty)
     * @param out          the PNG file; its folder must exist
     */
    public static void writeScores(double[][] scores, int[] blockIndices, String title, Path out)
            throws IOException {
        PlotSupport.writePng(renderScores(scores, blockIndices, title).image(), out);
    }

    /**
     * One panel of {@link #writePanels}.
     *
     * @param title        the panel's title, e.g. the network it shows
     * @param m            its grid, as for {@link #write(double[][][][], int[], String, Path)}
     * @param blockIndices its block labels
     */
    public record Panel(String title, double[][][][] m, int[] blockIndices) {
    }

    /**
     * Writes several grids side by side under one title, each on its own logarithmic colour scale with its own
     * colour bar, each grid about {@code gridPx} pixels wide: how paper Figures 3, 5 and 6 set networks against each
     * other. Panels that would make the image wider than {@value PlotSupport#MAX_SIDE} pixels wrap onto further rows.
     */
    public static void writePanels(List<Panel> panels, String title, int gridPx, Path out) throws IOException {
        PlotSupport.requireText(title, "title");
        PlotSupport.check(panels != null && !panels.isEmpty(), "no panels");
        PlotSupport.check(gridPx >= 100, "a panel grid needs at least 100 pixels, got " + gridPx);
        java.awt.image.BufferedImage[] images = new java.awt.image.BufferedImage[panels.size()];
        for (int p = 0; p < images.length; p++) {
            Panel panel = panels.get(p);
            images[p] = render(panel.m(), panel.blockIndices(), panel.title(), Scale.LOG, gridPx).image();
        }
        int widest = java.util.Arrays.stream(images).mapToInt(java.awt.image.BufferedImage::getWidth).max().orElse(1);
        int perRow = Math.max(1, Math.min(images.length, PlotSupport.MAX_SIDE / widest));
        PlotSupport.writePng(PlotSupport.rows(title, perRow, images), out);
    }

    static HeatGrid.Rendered render(double[][][][] m, int[] blockIndices, String title, Scale scale) {
        return render(m, blockIndices, title, scale, 1400);
    }

    static HeatGrid.Rendered render(double[][][][] m, int[] blockIndices, String title, Scale scale, int gridPx) {
        PlotSupport.requireText(title, "title");
        if (scale == null) {
            throw new IllegalArgumentException("scale must not be null");
        }
        int k = checkGrid(m, blockIndices);
        int blocks = m.length;
        double max = 0;
        for (int i = 0; i < blocks; i++) {
            for (int j = 0; j < blocks; j++) {
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, Math.abs(m[i][j][r][c]));
                    }
                }
            }
        }
        HeatGrid.Fractions fractions;
        HeatGrid.Bar bar;
        String barTitle = "|entry| of Uⱼᵀ Jᵢ Vⱼ";
        if (scale == Scale.SQRT && max > 0) {
            double hi = max;
            fractions = (i, j, r, c) -> Math.sqrt(Math.abs(m[i][j][r][c]) / hi);
            double[] values = PlotSupport.niceTicks(0, hi, 5);
            double[] ticks = new double[values.length];
            String[] labels = new String[values.length];
            for (int t = 0; t < values.length; t++) {
                ticks[t] = Math.sqrt(values[t] / hi);
                labels[t] = PlotSupport.tick(values[t]);
            }
            bar = new HeatGrid.Bar(0, 1, ticks, labels, barTitle + " (square-root scale)");
        } else if (scale == Scale.LINEAR || max == 0) {
            double hi = max > 0 ? max : 1;
            fractions = (i, j, r, c) -> Math.abs(m[i][j][r][c]) / hi;
            double[] ticks = PlotSupport.niceTicks(0, hi, 5);
            String[] labels = new String[ticks.length];
            for (int t = 0; t < ticks.length; t++) {
                labels[t] = PlotSupport.tick(ticks[t]);
            }
            bar = new HeatGrid.Bar(0, hi, ticks, labels, barTitle + " (linear scale)");
        } else {
            double top = Math.log10(max);
            double bottom = top - LOG_DECADES;
            fractions = (i, j, r, c) -> {
                double a = Math.abs(m[i][j][r][c]);
                return a <= 0 ? 0 : (Math.log10(a) - bottom) / LOG_DECADES;
            };
            // a decade within 2% of a decade of an end still gets its tick
            int first = (int) Math.ceil(bottom - 0.02);
            int last = (int) Math.floor(top + 0.02);
            double[] ticks = new double[last - first + 1];
            String[] labels = new String[ticks.length];
            for (int e = first; e <= last; e++) {
                ticks[e - first] = e;
                labels[e - first] = e == 0 ? "1" : "1e" + (e < 0 ? "\u2212" + (-e) : Integer.toString(e));
            }
            bar = new HeatGrid.Bar(bottom, top, ticks, labels, barTitle + " (log scale)");
        }
        HeatGrid.Size size = HeatGrid.entrySize(blocks, k, gridPx);
        String subtitle = String.format(Locale.ROOT,
                "cell (i, j): Uⱼᵀ Jᵢ Vⱼ, Uⱼ and Vⱼ the top-%d singular vectors of Jⱼ · one colour scale for all cells",
                k);
        return HeatGrid.render(new HeatGrid.Spec(title, subtitle, "Jᵢ, block i", "Uⱼ, Vⱼ of block j",
                blockIndices.clone(), k, size.blockPx(), size.gap(), fractions, null, bar));
    }

    static HeatGrid.Rendered renderScores(double[][] scores, int[] blockIndices, String title) {
        PlotSupport.requireText(title, "title");
        PlotSupport.check(scores != null && scores.length > 0, "the score matrix is empty");
        int blocks = scores.length;
        checkLabels(blockIndices, blocks);
        double offDiagonal = 0;
        for (int i = 0; i < blocks; i++) {
            PlotSupport.check(scores[i] != null && scores[i].length == blocks, "the score matrix is ragged: row for"
                    + " block " + blockIndices[i] + " has " + (scores[i] == null ? 0 : scores[i].length)
                    + " entries, expected " + blocks);
            for (int j = 0; j < blocks; j++) {
                double v = scores[i][j];
                String where = "alignment score (i = " + blockIndices[i] + ", j = " + blockIndices[j] + ")";
                PlotSupport.requireFinite(v, where);
                PlotSupport.check(v >= -1e-6 && v <= 1 + 1e-6, where + " is " + v + ", outside [0, 1]");
                if (i != j) {
                    offDiagonal += v;
                }
            }
        }
        String subtitle = "alignment(i, j) = ‖diag M‖₂ / ‖M‖_F,  M = Uⱼᵀ Jᵢ Vⱼ";
        if (blocks > 1) {
            subtitle += String.format(Locale.ROOT, "  ·  mean over i ≠ j: %.3f",
                    offDiagonal / ((double) blocks * (blocks - 1)));
        }
        HeatGrid.Size size = HeatGrid.fit(blocks, (int) Math.max(1, Math.min(240,
                Math.round(Math.min(1100, Math.max(520, 72.0 * blocks)) / blocks))), blocks == 1 ? 0 : 2);
        double[] ticks = {0, 0.2, 0.4, 0.6, 0.8, 1};
        String[] labels = {"0", "0.2", "0.4", "0.6", "0.8", "1"};
        HeatGrid.Bar bar = new HeatGrid.Bar(0, 1, ticks, labels, "alignment score");
        HeatGrid.Fractions fractions = (i, j, r, c) -> scores[i][j];
        HeatGrid.Annotations text = (i, j) -> String.format(Locale.ROOT, "%.2f", scores[i][j]);
        return HeatGrid.render(new HeatGrid.Spec(title, subtitle, "Jᵢ, block i", "Uⱼ, Vⱼ of block j",
                blockIndices.clone(), 1, size.blockPx(), size.gap(), fractions, text, bar));
    }

    /** Checks the L×L×k×k shape and finiteness; returns k. */
    private static int checkGrid(double[][][][] m, int[] blockIndices) {
        PlotSupport.check(m != null && m.length > 0, "the alignment grid is empty");
        int blocks = m.length;
        checkLabels(blockIndices, blocks);
        int k = -1;
        for (int i = 0; i < blocks; i++) {
            PlotSupport.check(m[i] != null && m[i].length == blocks, "the alignment grid is ragged: row i = "
                    + blockIndices[i] + " has " + (m[i] == null ? 0 : m[i].length) + " cells, expected " + blocks);
            for (int j = 0; j < blocks; j++) {
                String cell = "cell (i = " + blockIndices[i] + ", j = " + blockIndices[j] + ")";
                double[][] a = m[i][j];
                PlotSupport.check(a != null && a.length > 0, cell + " is empty");
                if (k < 0) {
                    k = a.length;
                }
                PlotSupport.check(a.length == k, cell + " has " + a.length + " rows, expected " + k);
                for (int r = 0; r < k; r++) {
                    PlotSupport.check(a[r] != null && a[r].length == k, cell + " is ragged: row " + (r + 1) + " has "
                            + (a[r] == null ? 0 : a[r].length) + " entries, expected " + k);
                    for (int c = 0; c < k; c++) {
                        PlotSupport.requireFinite(a[r][c], cell + " entry (" + (r + 1) + ", " + (c + 1) + ")");
                    }
                }
            }
        }
        return k;
    }

    private static void checkLabels(int[] blockIndices, int blocks) {
        PlotSupport.check(blockIndices != null, "blockIndices must not be null");
        PlotSupport.check(blockIndices.length == blocks, "blockIndices has " + blockIndices.length
                + " labels for " + blocks + " blocks");
    }
}
