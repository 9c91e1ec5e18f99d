package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignmentGridPlotTest {

    @TempDir
    Path dir;

    static int[] labels(int blocks) {
        int[] b = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            b[i] = i + 1;
        }
        return b;
    }

    /** An entry of cell {@code (i, j)} at {@code (r, c)}, given the row's size and a random source. */
    @FunctionalInterface
    interface Entry {
        double at(int r, int c, int k, double size, Random rnd);
    }

    /** A grid whose rows are scaled by {@code 1/i} when {@code depthProfile} (RA4), else by 1. */
    static double[][][][] grid(int blocks, int k, long seed, boolean depthProfile, Entry entry) {
        Random rnd = new Random(seed);
        double[][][][] m = new double[blocks][blocks][k][k];
        for (int i = 0; i < blocks; i++) {
            double size = depthProfile ? 1.0 / (i + 1) : 1.0;
            for (int j = 0; j < blocks; j++) {
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        m[i][j][r][c] = entry.at(r, c, k, size, rnd);
                    }
                }
            }
        }
        return m;
    }

    /** Identity-like cells: a decaying diagonal scaled by 1/i (RA4), plus noise 1e-3 of the largest entry. */
    static double[][][][] alignedGrid(int blocks, int k, long seed, boolean depthProfile) {
        return grid(blocks, k, seed, depthProfile,
                (r, c, kk, size, rnd) -> (r == c ? size * (1 - 0.5 * r / kk) : 0) + 1e-3 * rnd.nextGaussian());
    }

    /** Cells with independent Gaussian entries: no alignment at all. */
    static double[][][][] randomGrid(int blocks, int k, long seed, boolean depthProfile) {
        return grid(blocks, k, seed, depthProfile, (r, c, kk, size, rnd) -> size * rnd.nextGaussian() / Math.sqrt(kk));
    }

    /**
     * Mean brightness of the diagonal entries minus that of the off-diagonal entries, over all cells, read at the
     * centre of each entry's pixels in the decoded PNG.
     */
    static double diagonalContrast(BufferedImage image, HeatGrid.Layout layout) {
        int k = layout.k();
        double px = (double) layout.blockPx() / k;
        double diag = 0;
        double off = 0;
        int nd = 0;
        int no = 0;
        for (int i = 0; i < layout.blocks(); i++) {
            for (int j = 0; j < layout.blocks(); j++) {
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        int x = (int) (layout.blockLeft(j) + (c + 0.5) * px);
                        int y = (int) (layout.blockTop(i) + (r + 0.5) * px);
                        double l = Pngs.luminance(image.getRGB(x, y));
                        if (r == c) {
                            diag += l;
                            nd++;
                        } else {
                            off += l;
                            no++;
                        }
                    }
                }
            }
        }
        return diag / nd - off / no;
    }

    @Test
    void writesADecodableNonBlankDeterministicPng() throws IOException {
        double[][][][] m = alignedGrid(6, 8, 1, true);
        HeatGrid.Layout layout = AlignmentGridPlot.render(m, labels(6), "aligned", AlignmentGridPlot.Scale.LOG)
                .layout();
        Path a = dir.resolve("grid.png");
        Path b = dir.resolve("grid-again.png");
        AlignmentGridPlot.write(m, labels(6), "aligned", a);
        AlignmentGridPlot.write(m, labels(6), "aligned", b);
        BufferedImage image = Pngs.decode(a, layout.width(), layout.height());
        Pngs.assertNotBlank(image, 100);
        Pngs.assertSameBytes(a, b);
        Pngs.assertOnly(dir, "grid.png", "grid-again.png");
    }

    @Test
    void alignedCellsShowABrightDiagonalAndRandomCellsDoNot() throws IOException {
        int blocks = 8;
        int k = 10;
        for (AlignmentGridPlot.Scale scale : AlignmentGridPlot.Scale.values()) {
            // the depth profile 1/i is only legible on the log scale; the others get cells of one size
            boolean profile = scale == AlignmentGridPlot.Scale.LOG;
            double[][][][] aligned = alignedGrid(blocks, k, 2, profile);
            double[][][][] random = randomGrid(blocks, k, 3, profile);
            Path pa = dir.resolve("aligned-" + scale + ".png");
            Path pr = dir.resolve("random-" + scale + ".png");
            AlignmentGridPlot.write(aligned, labels(blocks), "aligned", scale, pa);
            AlignmentGridPlot.write(random, labels(blocks), "random", scale, pr);
            HeatGrid.Layout la = AlignmentGridPlot.render(aligned, labels(blocks), "aligned", scale).layout();
            HeatGrid.Layout lr = AlignmentGridPlot.render(random, labels(blocks), "random", scale).layout();
            double ca = diagonalContrast(Pngs.decode(pa, la.width(), la.height()), la);
            double cr = diagonalContrast(Pngs.decode(pr, lr.width(), lr.height()), lr);
            assertTrue(ca > 0.3, scale + ": aligned diagonal contrast " + ca);
            assertTrue(Math.abs(cr) < 0.06, scale + ": random diagonal contrast " + cr);
        }
    }

    /** Panels sit side by side, each as wide as its own rendering, the grids at the size asked for. */
    @Test
    void panelsAreTheGridsSideBySideUnderOneTitle() throws IOException {
        double[][][][] a = alignedGrid(2, 10, 3, true);
        double[][][][] b = randomGrid(3, 10, 4, false);
        int wa = AlignmentGridPlot.render(a, labels(2), "C = 2", AlignmentGridPlot.Scale.LOG, 500).image().getWidth();
        int wb = AlignmentGridPlot.render(b, labels(3), "C = 4", AlignmentGridPlot.Scale.LOG, 500).image().getWidth();
        HeatGrid.Layout small = AlignmentGridPlot.render(a, labels(2), "C = 2", AlignmentGridPlot.Scale.LOG, 500)
                .layout();
        assertTrue(small.gridSide() <= 520 && small.gridSide() >= 400, "grid side " + small.gridSide());
        Path out = dir.resolve("panels.png");
        AlignmentGridPlot.writePanels(java.util.List.of(new AlignmentGridPlot.Panel("C = 2", a, labels(2)),
                new AlignmentGridPlot.Panel("C = 4", b, labels(3))), "classes", 500, out);
        BufferedImage image = javax.imageio.ImageIO.read(out.toFile());
        assertEquals(wa + wb, image.getWidth());
        Pngs.assertNotBlank(image, 50);
        assertThrows(IllegalArgumentException.class,
                () -> AlignmentGridPlot.writePanels(java.util.List.of(), "none", 500, dir.resolve("x.png")));
        // five panels do not fit one row of 3000 pixels: they wrap
        java.util.List<AlignmentGridPlot.Panel> five = new java.util.ArrayList<>();
        for (int c = 0; c < 5; c++) {
            five.add(new AlignmentGridPlot.Panel("C = " + (2 * c + 2), alignedGrid(2, 20, c, true), labels(2)));
        }
        Path wrapped = dir.resolve("five.png");
        AlignmentGridPlot.writePanels(five, "five networks", 520, wrapped);
        BufferedImage w = javax.imageio.ImageIO.read(wrapped.toFile());
        assertTrue(w.getWidth() <= PlotSupport.MAX_SIDE && w.getHeight() > 2 * small.gridSide(),
                w.getWidth() + "×" + w.getHeight());
    }

    @Test
    void gapsBetweenBlocksAreWhite() {
        double[][][][] m = randomGrid(3, 4, 4, false);
        HeatGrid.Rendered r = AlignmentGridPlot.render(m, labels(3), "", AlignmentGridPlot.Scale.LINEAR);
        HeatGrid.Layout l = r.layout();
        assertTrue(l.gap() >= 2);
        int x = l.blockLeft(1) - 1;
        for (int y = l.gridY(); y < l.gridY() + l.gridSide(); y++) {
            assertEquals(0xFFFFFF, r.image().getRGB(x, y) & 0xFFFFFF, "gap pixel at y = " + y);
        }
    }

    @Test
    void thirtyTwoBlocksOfThirtyStayUnder3000Pixels() {
        double[][][][] m = alignedGrid(32, 30, 5, true);
        HeatGrid.Rendered r = AlignmentGridPlot.render(m, labels(32), "L = 32, k = 30", AlignmentGridPlot.Scale.LOG);
        assertTrue(r.image().getWidth() <= 3000 && r.image().getHeight() <= 3000,
                r.image().getWidth() + "×" + r.image().getHeight());
        assertTrue(r.layout().blockPx() >= 30, "at least one pixel per entry");
        assertTrue(diagonalContrast(r.image(), r.layout()) > 0.3);
    }

    @Test
    void manyBlocksStayWithinTheSizeCap() {
        double[][] scores = new double[700][700];
        for (double[] row : scores) {
            java.util.Arrays.fill(row, 0.5);
        }
        BufferedImage s = AlignmentGridPlot.renderScores(scores, labels(700), "700 blocks").image();
        assertTrue(s.getWidth() <= 3000 && s.getHeight() <= 3000, s.getWidth() + "×" + s.getHeight());
        BufferedImage g = AlignmentGridPlot.render(alignedGrid(45, 30, 7, false), labels(45), "45 × 30",
                AlignmentGridPlot.Scale.LOG).image();
        assertTrue(g.getWidth() <= 3000 && g.getHeight() <= 3000, g.getWidth() + "×" + g.getHeight());
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.renderScores(new double[1001][1001],
                labels(1001), ""));
    }

    @Test
    void oneBlockOfOneEntryAndAnAllZeroGridDraw() throws IOException {
        AlignmentGridPlot.write(new double[][][][] {{{{0.5}}}}, new int[] {7}, "one", dir.resolve("one.png"));
        AlignmentGridPlot.write(new double[2][2][3][3], labels(2), "zeros", dir.resolve("zeros.png"));
        Pngs.assertOnly(dir, "one.png", "zeros.png");
    }

    @Test
    void scoreMatrixIsAnnotatedAndDeterministic() throws IOException {
        int blocks = 5;
        double[][] s = new double[blocks][blocks];
        for (int i = 0; i < blocks; i++) {
            for (int j = 0; j < blocks; j++) {
                s[i][j] = i == j ? 1 : 0.2 + 0.15 * Math.abs(i - j);
            }
        }
        HeatGrid.Rendered r = AlignmentGridPlot.renderScores(s, labels(blocks), "scores");
        Path a = dir.resolve("scores.png");
        Path b = dir.resolve("scores-again.png");
        AlignmentGridPlot.writeScores(s, labels(blocks), "scores", a);
        AlignmentGridPlot.writeScores(s, labels(blocks), "scores", b);
        BufferedImage image = Pngs.decode(a, r.layout().width(), r.layout().height());
        Pngs.assertNotBlank(image, 60);
        Pngs.assertSameBytes(a, b);
        // the written value makes a cell more than one colour: black text on the bright diagonal cell
        HeatGrid.Layout l = r.layout();
        boolean dark = false;
        for (int y = l.blockTop(0); y < l.blockTop(0) + l.blockPx(); y++) {
            for (int x = l.blockLeft(0); x < l.blockLeft(0) + l.blockPx(); x++) {
                dark |= Pngs.luminance(image.getRGB(x, y)) < 0.3;
            }
        }
        assertTrue(dark, "the score is written in its cell");
    }

    @Test
    void rejectsBadGrids() throws IOException {
        double[][][][] nan = alignedGrid(3, 4, 6, false);
        nan[1][2][0][3] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlignmentGridPlot.write(nan, labels(3), "", dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("i = 2, j = 3") && e.getMessage().contains("entry (1, 4)"),
                e.getMessage());

        double[][][][] inf = alignedGrid(3, 4, 6, false);
        inf[0][0][1][1] = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(inf, labels(3), "",
                dir.resolve("x.png")));

        double[][][][] raggedCell = alignedGrid(3, 4, 6, false);
        raggedCell[2][1][3] = new double[3];
        e = assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(raggedCell, labels(3), "",
                dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("ragged"), e.getMessage());

        double[][][][] otherK = alignedGrid(3, 4, 6, false);
        otherK[1][1] = new double[5][5];
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(otherK, labels(3), "",
                dir.resolve("x.png")));

        double[][][][] raggedRow = alignedGrid(3, 4, 6, false);
        raggedRow[1] = new double[2][4][4];
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(raggedRow, labels(3), "",
                dir.resolve("x.png")));

        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(new double[0][][][], new int[0],
                "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(new double[1][1][0][0],
                labels(1), "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.write(alignedGrid(3, 4, 6, false),
                labels(2), "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.writeScores(new double[][] {{1, 0.5},
                {0.5, Double.NaN}}, labels(2), "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.writeScores(new double[][] {{1, 1.5},
                {0.5, 1}}, labels(2), "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.writeScores(new double[][] {{1, 1},
                {0.5}}, labels(2), "", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> AlignmentGridPlot.writeScores(new double[0][0],
                new int[0], "", dir.resolve("x.png")));
        Pngs.assertOnly(dir);
    }
}
