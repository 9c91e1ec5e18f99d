package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/** Checks on written PNGs shared by the plot tests. */
final class Pngs {

    private Pngs() {
    }

    /** Decodes {@code file}, which must be a PNG of exactly {@code width}×{@code height}. */
    static BufferedImage decode(Path file, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G', "PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO decodes " + file);
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
        return image;
    }

    /**
     * Not blank: many distinct colours, a white background, real variation in brightness, and more than a few
     * pixels drawn on.
     */
    static void assertNotBlank(BufferedImage image, int minColours) {
        Set<Integer> colours = new HashSet<>();
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        int white = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                double l = luminance(rgb);
                sum += l;
                sumSq += l * l;
                n++;
                if (rgb == 0xFFFFFF) {
                    white++;
                }
            }
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertTrue(colours.size() >= minColours, "distinct colours: " + colours.size());
        assertTrue(variance > 0.002, "brightness variance " + variance);
        assertTrue(n - white > n / 50, "at least 2% of the pixels are drawn on: " + (n - white) + " of " + n);
        assertEquals(0xFFFFFF, image.getRGB(1, 1) & 0xFFFFFF, "white background in the corner");
        assertTrue(white > n / 10, "a white background");
    }

    static double luminance(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
    }

    /** The folder holds exactly {@code names} and nothing else (no temporary files). */
    static void assertOnly(Path dir, String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> found = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(Stream.of(names).sorted().toList(), found, "files in " + dir);
        }
    }

    /** Writes twice and checks the bytes are identical. */
    static void assertSameBytes(Path a, Path b) throws IOException {
        assertEquals(-1L, Files.mismatch(a, b), "two renders of the same input are byte-identical");
    }
}
