package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic PNG writer every plot uses, and the headless setting. */
class PlotFilesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsAClearErrorAndNothingIsCreated() throws IOException {
        Path missing = dir.resolve("no-such-folder").resolve("plot.png");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> RaSweepPlot.write(
                new double[] {1, 2}, List.of(new RaSweepPlot.Series("a", new double[] {1, 2})), "", "x", "y", false,
                false, missing));
        assertTrue(e.getMessage().contains("no-such-folder") && e.getMessage().contains("does not exist"),
                e.getMessage());
        assertThrows(NoSuchFileException.class, () -> AlignmentGridPlot.write(new double[][][][] {{{{1}}}},
                new int[] {1}, "", missing));
        assertThrows(NoSuchFileException.class, () -> TrajectoryPlot.writeUnlabelled(
                List.<double[][]>of(new double[][] {{1}, {2}}), "", missing));
        assertThrows(NoSuchFileException.class, () -> SingularValuePlot.topSingularValues(new double[][] {{1}},
                new int[] {1}, "", false, missing));
        assertFalse(Files.exists(missing.getParent()));
        Pngs.assertOnly(dir);
    }

    @Test
    void aFailureWhileEncodingLeavesNoTemporaryFileAndKeepsTheOldPlot() throws IOException {
        Path target = dir.resolve("plot.png");
        Files.write(target, new byte[] {1, 2, 3});
        BufferedImage broken = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB) {
            @Override
            public Raster getData() {
                throw new IllegalStateException("encoder failure");
            }

            @Override
            public Raster getData(java.awt.Rectangle r) {
                throw new IllegalStateException("encoder failure");
            }

            @Override
            public WritableRaster getRaster() {
                throw new IllegalStateException("encoder failure");
            }
        };
        assertThrows(IllegalStateException.class, () -> PlotSupport.writePng(broken, target));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target), "the old file is untouched");
        Pngs.assertOnly(dir, "plot.png");
    }

    @Test
    void replacesAnExistingFileAndRefusesAFolder() throws IOException {
        Path target = dir.resolve("plot.png");
        Files.write(target, new byte[] {1, 2, 3});
        PlotSupport.writePng(PlotSupport.whiteImage(20, 10), target);
        assertEquals(20, javax.imageio.ImageIO.read(target.toFile()).getWidth());
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        assertThrows(IOException.class, () -> PlotSupport.writePng(PlotSupport.whiteImage(20, 10), folder));
        Pngs.assertOnly(dir, "plot.png", "folder.png");
    }

    /** The file holds ImageIO's PNG encoding of the image, byte for byte. */
    @Test
    void theFileIsImageIosEncodingOfTheImage() throws IOException {
        BufferedImage image = PlotSupport.whiteImage(30, 20);
        image.setRGB(3, 4, 0x123456);
        Path target = dir.resolve("plot.png");
        PlotSupport.writePng(image, target);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(image, "png", expected));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(target));
        Pngs.assertOnly(dir, "plot.png");
    }

    @Test
    void runsHeadless() {
        PlotSupport.ensureHeadless();
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
    }

    @Test
    void pngWriterEmbedsNoTimestamp() throws IOException {
        // a PNG tIME chunk would make two renders differ; check the chunk list of a written plot
        Path target = dir.resolve("plot.png");
        RaSweepPlot.write(new double[] {1, 2}, List.of(new RaSweepPlot.Series("a", new double[] {1, 2})), "t",
                "x", "y", false, false, target);
        byte[] png = Files.readAllBytes(target);
        int at = 8;
        while (at + 8 <= png.length) {
            int length = ((png[at] & 0xFF) << 24) | ((png[at + 1] & 0xFF) << 16) | ((png[at + 2] & 0xFF) << 8)
                    | (png[at + 3] & 0xFF);
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            assertFalse(type.equals("tIME") || type.equals("tEXt") || type.equals("iTXt") || type.equals("zTXt"),
                    "chunk " + type);
            at += 12 + length;
        }
        assertEquals(png.length, at, "chunks cover the file");
    }
}
