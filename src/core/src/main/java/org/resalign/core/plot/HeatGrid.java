package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws an L×L grid of square blocks, each a k×k heat map, separated by white gaps, with block labels at the block
 * centres on both axes, a title, a subtitle and one vertical colour bar: the layout of the paper's Figure 2 and of
 * the L×L score matrix.
 *
 * <p>Drawn directly rather than through XChart's {@code HeatMapChart}: that chart labels every one of the L·k
 * categories, does not keep cells square, writes the colour-bar ends as raw doubles without a title, and uses one
 * text colour for values whatever the cell colour — none of which reads at L = 16, k = 10.
 */
final class HeatGrid {

    static {
        PlotSupport.ensureHeadless();
    }

    /** Where the grid went, so callers (and tests) can find block (i, j) in the image. */
    record Layout(int width, int height, int gridX, int gridY, int blocks, int k, int blockPx, int gap) {

        int pitch() {
            return blockPx + gap;
        }

        /** Left edge of the blocks of column {@code j}. */
        int blockLeft(int j) {
            return gridX + j * pitch();
        }

        /** Top edge of the blocks of row {@code i}. */
        int blockTop(int i) {
            return gridY + i * pitch();
        }

        int gridSide() {
            return blocks * blockPx + (blocks - 1) * gap;
        }
    }

    record Rendered(BufferedImage image, Layout layout) {
    }

    /** Colour of entry (r, c) of block (i, j), as a fraction in [0, 1] of the colour map. */
    interface Fractions {
        double at(int i, int j, int r, int c);
    }

    /** Text written in the centre of block (i, j), or {@code null}. */
    interface Annotations {
        String at(int i, int j);
    }

    /** The colour bar: its range in bar units, ticks (in the same units), their labels and its title. */
    record Bar(double lo, double hi, double[] ticks, String[] tickLabels, String title) {
    }

    /** Everything the grid shows. */
    record Spec(String title, String subtitle, String rowTitle, String columnTitle, int[] labels, int k,
            int blockPx, int gap, Fractions fractions, Annotations annotations, Bar bar) {
    }

    private HeatGrid() {
    }

    /** Largest side of the grid of blocks, in pixels. */
    static final int MAX_GRID = 2400;

    /** Most blocks a grid can show (one pixel per block and a one-pixel gap would not fit more). */
    static final int MAX_BLOCKS = 1000;

    /** Block size and gap, in pixels. */
    record Size(int blockPx, int gap) {
    }

    /**
     * Block size and gap for {@code blocks} blocks of {@code k}×{@code k} entries: a whole number of pixels per
     * entry (at least 2 while the grid stays ≲ 2200 px), gaps of about 6% of a block; the grid never exceeds
     * {@link #MAX_GRID} pixels (entries are then sampled).
     */
    static Size entrySize(int blocks, int k) {
        return entrySize(blocks, k, 1400);
    }

    /** As {@link #entrySize(int, int)} for a grid of about {@code target} pixels instead of 1400. */
    static Size entrySize(int blocks, int k, int target) {
        long n = (long) blocks * k;
        int p = (int) Math.max(1, target / n);
        if (p < 2 && 2 * n <= 2200) {
            p = 2;
        }
        int blockPx = n <= 2400 ? p * k : Math.max(1, 2400 / blocks);
        return fit(blocks, blockPx, defaultGap(blocks, blockPx));
    }

    static int defaultGap(int blocks, int blockPx) {
        if (blocks == 1) {
            return 0;
        }
        return (int) Math.max(2, Math.min(10, Math.round(blockPx * 0.06)));
    }

    /** Shrinks the gap, then the blocks, until the grid fits {@link #MAX_GRID}. */
    static Size fit(int blocks, int blockPx, int gap) {
        if (blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException(blocks + " blocks are too many to draw; at most " + MAX_BLOCKS);
        }
        int g = gap;
        int b = blockPx;
        while ((long) blocks * b + (long) (blocks - 1) * g > MAX_GRID) {
            if (g > 1) {
                g--;
            } else {
                b = (int) Math.max(1, (MAX_GRID - (long) (blocks - 1) * g) / blocks);
                break;
            }
        }
        return new Size(b, g);
    }

    static Rendered render(Spec spec) {
        int blocks = spec.labels().length;
        int k = spec.k();
        int blockPx = spec.blockPx();
        int gap = spec.gap();
        int side = blocks * blockPx + (blocks - 1) * gap;
        double scale = Math.max(1.0, Math.min(1.5, side / 1100.0));

        Font titleFont = PlotSupport.font(Font.BOLD, PlotSupport.TITLE_PT * scale);
        Font subtitleFont = PlotSupport.font(Font.PLAIN, PlotSupport.NOTE_PT * scale);
        Font axisFont = PlotSupport.font(Font.PLAIN, PlotSupport.AXIS_TITLE_PT * scale);
        Font tickFont = PlotSupport.font(Font.PLAIN, PlotSupport.TICK_PT * scale);
        FontMetrics titleM = PlotSupport.metrics(titleFont);
        FontMetrics subM = PlotSupport.metrics(subtitleFont);
        FontMetrics axisM = PlotSupport.metrics(axisFont);
        FontMetrics tickM = PlotSupport.metrics(tickFont);

        String[] labelText = new String[blocks];
        double maxLabel = 0;
        for (int b = 0; b < blocks; b++) {
            labelText[b] = Integer.toString(spec.labels()[b]);
            maxLabel = Math.max(maxLabel, PlotSupport.textWidth(labelText[b], tickFont));
        }
        int pitch = blockPx + gap;
        int columnStep = thinning(maxLabel + 0.6 * tickM.getHeight(), pitch);
        int rowStep = thinning(tickM.getHeight() * 1.05, pitch);

        int margin = (int) Math.round(28 * scale);
        int tickLen = (int) Math.round(6 * scale);
        double barWidth = 30 * scale;
        Bar bar = spec.bar();
        double barBlock = PlotSupport.colourBarWidth(barWidth, bar.tickLabels(), bar.title(), tickFont, axisFont);

        int left = (int) Math.ceil(margin + axisM.getAscent() + axisM.getDescent() + 14 * scale + maxLabel
                + tickLen + 6 * scale);
        int contentWidth = (int) Math.ceil(left + side + 34 * scale + barBlock + margin);
        boolean hasTitle = !spec.title().isEmpty();
        boolean hasSubtitle = !spec.subtitle().isEmpty();
        double titleW = hasTitle ? PlotSupport.textWidth(spec.title(), titleFont) : 0;
        double subW = hasSubtitle ? PlotSupport.textWidth(spec.subtitle(), subtitleFont) : 0;
        int width = (int) Math.ceil(Math.max(contentWidth, Math.max(titleW, subW) + 2 * margin));
        int shift = (width - contentWidth) / 2;

        double y = margin;
        double titleBaseline = y + titleM.getAscent();
        if (hasTitle) {
            y += titleM.getAscent() + titleM.getDescent() + 8 * scale;
        }
        double subtitleBaseline = y + subM.getAscent();
        if (hasSubtitle) {
            y += subM.getAscent() + subM.getDescent();
        }
        y += 22 * scale;
        int gridX = shift + left;
        int gridY = (int) Math.ceil(y);
        int height = (int) Math.ceil(gridY + side + tickLen + 6 * scale + tickM.getAscent() + tickM.getDescent()
                + 14 * scale + axisM.getAscent() + axisM.getDescent() + margin);

        BufferedImage image = PlotSupport.whiteImage(width, height);
        Layout layout = new Layout(width, height, gridX, gridY, blocks, k, blockPx, gap);
        fillBlocks(image, layout, spec.fractions());

        Graphics2D g = PlotSupport.graphics(image);
        g.setColor(PlotSupport.INK);
        if (hasTitle) {
            g.setFont(titleFont);
            PlotSupport.drawCentred(g, spec.title(), width / 2.0, titleBaseline);
        }
        if (hasSubtitle) {
            g.setFont(subtitleFont);
            g.setColor(PlotSupport.NOTE);
            PlotSupport.drawCentred(g, spec.subtitle(), width / 2.0, subtitleBaseline);
        }

        if (spec.annotations() != null) {
            annotate(g, layout, spec.annotations(), spec.fractions(), scale);
        }

        // ticks and block labels
        g.setStroke(new BasicStroke((float) Math.max(1, scale)));
        g.setFont(tickFont);
        for (int b = 0; b < blocks; b++) {
            double centre = b * pitch + blockPx / 2.0;
            if (b % columnStep == 0) {
                double cx = gridX + centre;
                g.setColor(PlotSupport.FRAME);
                g.draw(new Line2D.Double(cx, gridY + side + 2, cx, gridY + side + 2 + tickLen));
                g.setColor(PlotSupport.INK);
                PlotSupport.drawCentred(g, labelText[b], cx, gridY + side + tickLen + 6 * scale + tickM.getAscent());
            }
            if (b % rowStep == 0) {
                double cy = gridY + centre;
                g.setColor(PlotSupport.FRAME);
                g.draw(new Line2D.Double(gridX - 2 - tickLen, cy, gridX - 2, cy));
                g.setColor(PlotSupport.INK);
                double w = PlotSupport.textWidth(labelText[b], tickFont);
                g.drawString(labelText[b], (float) (gridX - 2 - tickLen - 6 * scale - w),
                        (float) (cy + (tickM.getAscent() - tickM.getDescent()) / 2.0));
            }
        }

        // axis titles
        g.setFont(axisFont);
        g.setColor(PlotSupport.INK);
        double columnTitleBaseline = gridY + side + tickLen + 6 * scale + tickM.getAscent() + tickM.getDescent()
                + 14 * scale + axisM.getAscent();
        PlotSupport.drawCentred(g, spec.columnTitle(), gridX + side / 2.0, columnTitleBaseline);
        double rowTitleX = shift + margin + (axisM.getAscent() + axisM.getDescent()) / 2.0;
        PlotSupport.drawVertical(g, spec.rowTitle(), rowTitleX, gridY + side / 2.0);

        // colour bar
        double barHeight = Math.min(side, Math.max(side * 0.8, Math.min(side, 360 * scale)));
        double barX = gridX + side + 34 * scale;
        double barY = gridY + (side - barHeight) / 2.0;
        PlotSupport.drawColourBar(g, barX, barY, barWidth, barHeight, bar.lo(), bar.hi(),
                v -> PlotSupport.viridis(bar.hi() == bar.lo() ? 0 : (v - bar.lo()) / (bar.hi() - bar.lo())),
                bar.ticks(), bar.tickLabels(), bar.title(), tickFont, axisFont, false, 0);
        g.dispose();
        return new Rendered(image, layout);
    }

    /** Label every {@code step}-th block so that labels of width {@code need} do not collide at this pitch. */
    private static int thinning(double need, int pitch) {
        int step = Math.max(1, (int) Math.ceil(need / pitch));
        for (int nice : new int[] {1, 2, 4, 5, 10, 20, 25, 50, 100}) {
            if (nice >= step) {
                return nice;
            }
        }
        return step;
    }

    /** Writes the block pixels straight into the raster: exact, fast, and no anti-aliasing across entries. */
    private static void fillBlocks(BufferedImage image, Layout layout, Fractions fractions) {
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int width = image.getWidth();
        int k = layout.k();
        int px = layout.blockPx();
        int[] colours = new int[k * k];
        int[] entryOf = new int[px];
        for (int t = 0; t < px; t++) {
            entryOf[t] = (int) Math.min(k - 1, (long) t * k / px);
        }
        for (int i = 0; i < layout.blocks(); i++) {
            for (int j = 0; j < layout.blocks(); j++) {
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        colours[r * k + c] = PlotSupport.viridis(fractions.at(i, j, r, c)).getRGB() & 0xFFFFFF;
                    }
                }
                int x0 = layout.blockLeft(j);
                int y0 = layout.blockTop(i);
                for (int yy = 0; yy < px; yy++) {
                    int row = (y0 + yy) * width + x0;
                    int r = entryOf[yy] * k;
                    for (int xx = 0; xx < px; xx++) {
                        data[row + xx] = colours[r + entryOf[xx]];
                    }
                }
            }
        }
    }

    /** Writes each block's annotation in its centre, in black or white, whichever reads on the block's colour. */
    private static void annotate(Graphics2D g, Layout layout, Annotations annotations, Fractions fractions,
            double scale) {
        int px = layout.blockPx();
        double size = Math.min(PlotSupport.TICK_PT * scale, px * 0.30);
        if (size < 9) {
            return;
        }
        Font font = PlotSupport.font(Font.PLAIN, size);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < layout.blocks(); i++) {
            for (int j = 0; j < layout.blocks(); j++) {
                String text = annotations.at(i, j);
                if (text == null || PlotSupport.textWidth(text, font) > px * 0.92) {
                    continue;
                }
                Color under = PlotSupport.viridis(fractions.at(i, j, 0, 0));
                g.setColor(PlotSupport.luminance(under) > 0.5 ? Color.BLACK : Color.WHITE);
                PlotSupport.drawCentred(g, text, layout.blockLeft(j) + px / 2.0,
                        layout.blockTop(i) + px / 2.0 + (fm.getAscent() - fm.getDescent()) / 2.0);
            }
        }
    }
}
