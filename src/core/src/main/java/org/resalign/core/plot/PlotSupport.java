package org.resalign.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.imageio.ImageIO;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.resalign.core.io.AtomicFile;

/**
 * What every plot shares: headless AWT, input checks, the colour maps, the fonts and chart style, a colour bar, and
 * the atomic PNG writer.
 */
final class PlotSupport {

    static {
        ensureHeadless();
    }

    /** Largest width or height of any image, in pixels. */
    static final int MAX_SIDE = 3000;

    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    static final Color FRAME = new Color(0x88, 0x88, 0x88);
    static final Color NOTE = new Color(0x55, 0x55, 0x55);

    static final String FONT_FAMILY = Font.SANS_SERIF;

    /**
     * Viridis (perceptually uniform, readable in grey scale and by colour-blind viewers), at 11 equally spaced
     * points; {@link #viridis} interpolates linearly between them.
     */
    private static final int[] VIRIDIS = {
        0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C, 0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725,
    };

    /** Tableau 10: distinct colours for unordered categories (series, labels). */
    private static final int[] CATEGORICAL = {
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    };

    private PlotSupport() {
    }

    /** Sets {@code java.awt.headless=true} unless the property was set by the user; must run before AWT starts. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    // ---------------------------------------------------------------- colours

    /** Viridis at {@code t ∈ [0, 1]} (clamped): dark purple at 0, yellow at 1. */
    static Color viridis(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int lo = Math.min((int) Math.floor(x), VIRIDIS.length - 2);
        double f = x - lo;
        return mix(new Color(VIRIDIS[lo]), new Color(VIRIDIS[lo + 1]), f);
    }

    /**
     * Viridis restricted to {@code [0, 0.82]}, for lines on a white background (the yellow end is too pale for a
     * thin line).
     */
    static Color depthColour(int position, int count) {
        double t = count <= 1 ? 0 : (double) position / (count - 1);
        return viridis(0.82 * t);
    }

    static Color categorical(int index) {
        return new Color(CATEGORICAL[Math.floorMod(index, CATEGORICAL.length)]);
    }

    static Color mix(Color a, Color b, double f) {
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Relative luminance in [0, 1], to choose black or white text over a colour. */
    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    // ---------------------------------------------------------------- fonts and text

    static Font font(int style, double size) {
        return new Font(FONT_FAMILY, style, 1).deriveFont(style, (float) size);
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** A white RGB image of the given size, checked against {@link #MAX_SIDE}. */
    static BufferedImage whiteImage(int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SIDE + 400 || height > MAX_SIDE + 400) {
            throw new IllegalStateException("image size " + width + "×" + height + " out of range");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** The rendering context of {@link #graphics}: anti-aliased text with fractional metrics. */
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    /** Width of {@code text} in {@code font}, measured as drawn by {@link #graphics}. */
    static double textWidth(String text, Font font) {
        return font.getStringBounds(text, FRC).getWidth();
    }

    /** Metrics of {@code font} as drawn by {@link #graphics} (a fresh context: safe from any thread). */
    static FontMetrics metrics(Font font) {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** Draws {@code text} with its horizontal centre at {@code cx} and its baseline at {@code baseline}. */
    static void drawCentred(Graphics2D g, String text, double cx, double baseline) {
        Rectangle2D b = g.getFont().getStringBounds(text, g.getFontRenderContext());
        g.drawString(text, (float) (cx - b.getWidth() / 2), (float) baseline);
    }

    /** Draws {@code text} rotated 90° anticlockwise (reading upwards), centred on ({@code cx}, {@code cy}). */
    static void drawVertical(Graphics2D g, String text, double cx, double cy) {
        FontMetrics fm = g.getFontMetrics();
        double w = g.getFont().getStringBounds(text, g.getFontRenderContext()).getWidth();
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        g.drawString(text, (float) (-w / 2), (float) ((fm.getAscent() - fm.getDescent()) / 2.0));
        g.setTransform(saved);
    }

    // ---------------------------------------------------------------- number formatting

    /** A short label for a tick value: plain for moderate magnitudes, {@code 1e-3} style otherwise. */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            DecimalFormat f = new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));
            String s = f.format(v);
            return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
        }
        DecimalFormat f = new DecimalFormat("0.##E0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v).replace("E", "e").replace("-", "\u2212");
    }

    /** {@code v} with {@code digits} significant digits, for legends. */
    static String sig(double v, int digits) {
        String s = String.format(Locale.ROOT, "%." + digits + "g", v);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            s = mant + "e" + Integer.parseInt(parts[1]);
        } else if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.replace("-", "\u2212");
    }

    /**
     * About {@code target} "nice" tick values (1, 2, 2.5 or 5 times a power of ten) covering {@code [lo, hi]}, all
     * inside the interval.
     */
    static double[] niceTicks(double lo, double hi, int target) {
        if (!(hi > lo)) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(n, 0)];
        for (int i = 0; i < t.length; i++) {
            double v = first + i * step;
            t[i] = Math.abs(v) < step * 1e-9 ? 0 : v;
        }
        return t;
    }

    // ---------------------------------------------------------------- input checks

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; only finite values can be plotted");
        }
    }

    static String requireText(String text, String what) {
        return Objects.requireNonNull(text, what + " must not be null");
    }

    // ---------------------------------------------------------------- chart style

    /** Font sizes, in points, for a chart of about 1200 pixels across. */
    static final double TITLE_PT = 26;
    static final double AXIS_TITLE_PT = 21;
    static final double TICK_PT = 18;
    static final double LEGEND_PT = 17;
    static final double NOTE_PT = 16;

    /**
     * The look of every category chart (one column per network): white, large fonts, horizontal grid lines only, the
     * legend below.
     */
    static void style(org.knowm.xchart.style.CategoryStyler st) {
        st.setAntiAlias(true);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(FRAME);
        st.setPlotGridLinesColor(GRID);
        st.setPlotGridVerticalLinesVisible(false);
        st.setChartFontColor(INK);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(font(Font.BOLD, TITLE_PT));
        st.setChartPadding(22);
        st.setAxisTitleFont(font(Font.PLAIN, AXIS_TITLE_PT));
        st.setAxisTickLabelsFont(font(Font.PLAIN, TICK_PT));
        st.setAxisTickLabelsColor(INK);
        st.setLegendFont(font(Font.PLAIN, LEGEND_PT));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(GRID);
    }

    /** White background, large fonts, light grid: the look of every XY chart. */
    static void style(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setAntiAlias(true);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(FRAME);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(INK);
        s.setChartTitleVisible(!chart.getTitle().isEmpty());
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(font(Font.BOLD, TITLE_PT));
        s.setChartTitlePadding(18);
        s.setChartPadding(22);
        s.setAxisTitleFont(font(Font.PLAIN, AXIS_TITLE_PT));
        s.setAxisTitlePadding(12);
        s.setAxisTickLabelsFont(font(Font.PLAIN, TICK_PT));
        s.setAxisTickLabelsColor(INK);
        s.setAxisTickMarksColor(FRAME);
        s.setAxisTickPadding(8);
        s.setAxisTickMarkLength(6);
        s.setAxisTicksLineVisible(false);
        s.setXAxisTickMarkSpacingHint(90);
        s.setYAxisTickMarkSpacingHint(70);
        s.setPlotMargin(10);
        s.setLegendFont(font(Font.PLAIN, LEGEND_PT));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 235));
        s.setLegendBorderColor(GRID);
        s.setLegendPadding(10);
        s.setLegendSeriesLineLength(36);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setMarkerSize(9);
        s.setToolTipsEnabled(false);
        s.setCursorEnabled(false);
        s.setZoomEnabled(false);
        s.setLocale(Locale.ROOT);
    }

    /**
     * y tick labels as {@link #tick} writes them (a leading zero, a proper minus sign). Only for a linear y axis: a
     * custom formatter replaces XChart's logarithmic tick placement.
     */
    static void plainYTickLabels(XYChart chart) {
        if (!chart.getStyler().isYAxisLogarithmic()) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(PlotSupport::tick);
        }
    }

    /**
     * x tick labels without decimals at whole numbers (block and singular value indices), plain elsewhere; for a
     * linear x axis only.
     */
    static void integerTickLabels(XYChart chart) {
        if (!chart.getStyler().isXAxisLogarithmic()) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(
                    v -> Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : tick(v));
        }
    }

    /** Draws something (a colour bar) into a strip to the right of a chart. */
    interface Strip {
        /** Width the strip needs, in pixels. */
        int width();

        /** Paints the strip into the rectangle (x, y, width, height). */
        void paint(Graphics2D g, int x, int y, int height);
    }

    /**
     * Paints {@code chart} (chartWidth × chartHeight) into a new white image, with an optional {@code strip} to its
     * right and the {@code notes} (small grey lines) below it.
     */
    static BufferedImage compose(XYChart chart, int chartWidth, int chartHeight, Strip strip, List<String> notes) {
        Font noteFont = font(Font.PLAIN, NOTE_PT);
        FontMetrics nm = metrics(noteFont);
        int lineHeight = nm.getHeight();
        int notesHeight = notes.isEmpty() ? 0 : notes.size() * lineHeight + 18;
        int stripWidth = strip == null ? 0 : strip.width();
        double widest = 0;
        for (String n : notes) {
            widest = Math.max(widest, textWidth(n, noteFont));
        }
        int width = (int) Math.max(chartWidth + stripWidth, Math.ceil(widest + 2 * 22));
        int height = chartHeight + notesHeight;
        BufferedImage image = whiteImage(width, height);
        Graphics2D g = graphics(image);
        chart.paint(g, chartWidth, chartHeight);
        if (strip != null) {
            strip.paint(g, chartWidth, 0, chartHeight);
        }
        g.setFont(noteFont);
        g.setColor(NOTE);
        for (int i = 0; i < notes.size(); i++) {
            g.drawString(notes.get(i), 22f, (float) (chartHeight + 4 + nm.getAscent() + i * lineHeight));
        }
        g.dispose();
        return image;
    }

    /**
     * Places images in rows of at most {@code perRow}, each row's tops aligned, rows left-aligned one under the
     * other, under an optional bold title.
     */
    static BufferedImage rows(String title, int perRow, BufferedImage... panels) {
        List<BufferedImage> rows = new ArrayList<>();
        for (int from = 0; from < panels.length; from += perRow) {
            rows.add(across(java.util.Arrays.copyOfRange(panels, from, Math.min(panels.length, from + perRow))));
        }
        int width = 0;
        int height = 0;
        for (BufferedImage r : rows) {
            width = Math.max(width, r.getWidth());
            height += r.getHeight();
        }
        BufferedImage body = whiteImage(width, height);
        Graphics2D g = graphics(body);
        int y = 0;
        for (BufferedImage r : rows) {
            g.drawImage(r, 0, y, null);
            y += r.getHeight();
        }
        g.dispose();
        return titled(title, body);
    }

    /** Places images side by side on white, tops aligned, under an optional bold title. */
    static BufferedImage sideBySide(String title, BufferedImage... panels) {
        return titled(title, across(panels));
    }

    /** Images side by side on white, tops aligned. */
    private static BufferedImage across(BufferedImage... panels) {
        int width = 0;
        int height = 0;
        for (BufferedImage p : panels) {
            width += p.getWidth();
            height = Math.max(height, p.getHeight());
        }
        BufferedImage image = whiteImage(width, height);
        Graphics2D g = graphics(image);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return image;
    }

    /** {@code body} under a bold centred title (none when it is empty), at least as wide as the title. */
    private static BufferedImage titled(String title, BufferedImage body) {
        Font titleFont = font(Font.BOLD, TITLE_PT * 1.1);
        FontMetrics tm = metrics(titleFont);
        int top = title.isEmpty() ? 0 : tm.getHeight() + 30;
        int width = (int) Math.max(body.getWidth(), Math.ceil(textWidth(title, titleFont) + 60));
        BufferedImage image = whiteImage(width, body.getHeight() + top);
        Graphics2D g = graphics(image);
        g.drawImage(body, 0, top, null);
        if (!title.isEmpty()) {
            g.setFont(titleFont);
            g.setColor(INK);
            drawCentred(g, title, width / 2.0, 22 + tm.getAscent());
        }
        g.dispose();
        return image;
    }

    /**
     * A strip with a vertical colour bar for depth: one swatch per block in the colours of
     * {@link #depthColour}, labelled with block indices (thinned so labels do not collide).
     */
    static Strip depthBar(int[] blockIndices) {
        int count = blockIndices.length;
        Font tickFont = font(Font.PLAIN, TICK_PT);
        Font titleFont = font(Font.PLAIN, AXIS_TITLE_PT);
        String title = "block i (depth)";
        String[] all = new String[count];
        for (int b = 0; b < count; b++) {
            all[b] = Integer.toString(blockIndices[b]);
        }
        double barWidth = 26;
        int width = (int) Math.ceil(colourBarWidth(barWidth, all, title, tickFont, titleFont) + 36);
        return new Strip() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public void paint(Graphics2D g, int x, int y, int height) {
                double barHeight = height * 0.62;
                double swatch = barHeight / count;
                int stride = niceStride(metrics(tickFont).getHeight() * 1.15 / swatch);
                List<Double> ticks = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (int b = 0; b < count; b += stride) {
                    ticks.add((double) b);
                    labels.add(all[b]);
                }
                drawColourBar(g, x + 6, y + (height - barHeight) / 2.0, barWidth, barHeight, 0, Math.max(1, count - 1),
                        v -> depthColour((int) Math.round(v), count),
                        ticks.stream().mapToDouble(Double::doubleValue).toArray(), labels.toArray(new String[0]),
                        title, tickFont, titleFont, true, count);
            }
        };
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, … that is at least {@code need}. */
    static int niceStride(double need) {
        int stride = 1;
        for (int m = 1; ; m *= 10) {
            for (int f : new int[] {1, 2, 5}) {
                if (f * m >= need) {
                    return Math.max(stride, f * m);
                }
            }
            if (m > 1_000_000) {
                return m;
            }
        }
    }

    // ---------------------------------------------------------------- colour bar

    /** How a colour bar maps values to colours. */
    interface ColourMap {
        Color colour(double value);
    }

    /**
     * The width a vertical colour bar with these tick labels and title needs, from the left edge of the bar to the
     * right end of its title.
     */
    static double colourBarWidth(double barWidth, String[] tickLabels, String title, Font tickFont, Font titleFont) {
        double maxTick = 0;
        for (String t : tickLabels) {
            maxTick = Math.max(maxTick, textWidth(t, tickFont));
        }
        FontMetrics tm = metrics(titleFont);
        return barWidth + 8 + maxTick + 14 + tm.getAscent() + tm.getDescent();
    }

    /**
     * A vertical colour bar with its top-left corner at {@code (x, y)}: a gradient (or one swatch per value when
     * {@code discrete}), ticks at {@code ticks} labelled {@code tickLabels}, and {@code title} written upwards on
     * its right. {@code lo} is drawn at the bottom and {@code hi} at the top.
     */
    static void drawColourBar(Graphics2D g, double x, double y, double barWidth, double barHeight, double lo,
            double hi, ColourMap scale, double[] ticks, String[] tickLabels, String title, Font tickFont,
            Font titleFont, boolean discrete, int discreteCount) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        if (discrete) {
            double h = barHeight / discreteCount;
            for (int i = 0; i < discreteCount; i++) {
                double v = discreteCount == 1 ? lo : lo + (hi - lo) * i / (discreteCount - 1);
                g.setColor(scale.colour(v));
                double top = y + barHeight - (i + 1) * h;
                g.fill(new Rectangle2D.Double(x, Math.floor(top), barWidth, Math.ceil(top + h) - Math.floor(top)));
            }
        } else {
            int rows = (int) Math.round(barHeight);
            for (int r = 0; r < rows; r++) {
                double v = lo + (hi - lo) * (rows - 1 - r) / Math.max(1, rows - 1);
                g.setColor(scale.colour(v));
                g.fill(new Rectangle2D.Double(x, y + r, barWidth, 1));
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x, y, barWidth, barHeight));

        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        double maxTick = 0;
        for (int i = 0; i < ticks.length; i++) {
            double frac = hi == lo ? 0.5 : (ticks[i] - lo) / (hi - lo);
            if (discrete) {
                double h = barHeight / discreteCount;
                int idx = (int) Math.round(frac * (discreteCount - 1));
                frac = (idx + 0.5) * h / barHeight;
            }
            double ty = y + barHeight - frac * barHeight;
            g.setColor(FRAME);
            g.draw(new java.awt.geom.Line2D.Double(x + barWidth, ty, x + barWidth + 5, ty));
            g.setColor(INK);
            float baseline = (float) (ty + (fm.getAscent() - fm.getDescent()) / 2.0);
            g.drawString(tickLabels[i], (float) (x + barWidth + 8), baseline);
            maxTick = Math.max(maxTick, textWidth(tickLabels[i], tickFont));
        }
        g.setFont(titleFont);
        FontMetrics tm = g.getFontMetrics();
        double tx = x + barWidth + 8 + maxTick + 14 + (tm.getAscent() + tm.getDescent()) / 2.0;
        g.setColor(INK);
        drawVertical(g, title, tx, y + barHeight / 2);
    }

    // ---------------------------------------------------------------- output

    /**
     * Writes {@code image} as a PNG to {@code target} atomically ({@link AtomicFile}): a reader sees the old file or
     * the whole new one, never a part, and a failed encoding leaves no temporary file. The folder must exist.
     */
    static void writePng(BufferedImage image, Path target) throws IOException {
        Objects.requireNonNull(target, "output path must not be null");
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the folder for the plot " + file.getFileName()
                    + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write the plot: " + file + " is a folder");
        }
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
