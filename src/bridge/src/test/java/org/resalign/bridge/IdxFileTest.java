package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {

    static final int LABEL_MAGIC = 0x00000801;
    static final int IMAGE_MAGIC = 0x00000803;

    @TempDir
    Path dir;

    /** An IDX file: the magic, the sizes, then the bytes; gzipped if asked. */
    static byte[] idx(int magic, int[] sizes, byte[] data, boolean gzip) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream sink = gzip ? new GZIPOutputStream(bytes) : bytes;
                    DataOutputStream out = new DataOutputStream(sink)) {
                out.writeInt(magic);
                for (int s : sizes) {
                    out.writeInt(s);
                }
                out.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] labelFile(int[] labels, boolean gzip) {
        byte[] data = new byte[labels.length];
        for (int k = 0; k < labels.length; k++) {
            data[k] = (byte) labels[k];
        }
        return idx(LABEL_MAGIC, new int[] {labels.length}, data, gzip);
    }

    static byte[] imageFile(byte[] pixels, boolean gzip) {
        return idx(IMAGE_MAGIC, new int[] {pixels.length / ResNetSpec.INPUT_SIZE, 28, 28}, pixels, gzip);
    }

    /** {@code n} images whose pixel {@code p} of image {@code k} is {@code (37k + p) mod 256}. */
    static byte[] pattern(int n) {
        byte[] px = new byte[n * ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < ResNetSpec.INPUT_SIZE; p++) {
                px[k * ResNetSpec.INPUT_SIZE + p] = (byte) (37 * k + p);
            }
        }
        return px;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void labelsAndImagesReadBack(boolean gzip) throws IOException {
        int[] labels = {0, 9, 3, 200, 255, 128, 1};
        Path l = file("labels", labelFile(labels, gzip));
        assertArrayEquals(labels, IdxFile.labels(l), "unsigned bytes");

        byte[] px = pattern(3);
        Path i = file("images", imageFile(px, gzip));
        byte[] back = IdxFile.images(i);
        assertArrayEquals(px, back);
        assertEquals(255, back[ResNetSpec.INPUT_SIZE + 218] & 0xFF);
    }

    @Test
    void anEmptySetIsAnEmptyArray() throws IOException {
        assertEquals(0, IdxFile.labels(file("l", labelFile(new int[0], false))).length);
        assertEquals(0, IdxFile.images(file("i", imageFile(new byte[0], true))).length);
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void aTruncatedFileIsNamed(boolean gzip) throws IOException {
        // the header announces 5 labels, 3 follow
        Path l = file("labels", idx(LABEL_MAGIC, new int[] {5}, new byte[] {1, 2, 3}, gzip));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(l));
        assertTrue(e.getMessage().contains(l.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        // an image file cut in the middle of its data
        byte[] whole = imageFile(pattern(4), gzip);
        Path i = file("images", Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> IdxFile.images(i));
        assertTrue(f.getMessage().contains(i.toString()) && f.getMessage().contains("truncated"), f.getMessage());

        // cut inside the header
        Path h = file("header", Arrays.copyOf(imageFile(pattern(1), false), 10));
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> IdxFile.images(h));
        assertTrue(g.getMessage().contains(h.toString()) && g.getMessage().contains("truncated"), g.getMessage());

        Path empty = file("empty", new byte[0]);
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(empty));
        assertTrue(z.getMessage().contains(empty.toString()), z.getMessage());
    }

    @Test
    void aWrongMagicNumberIsRefused() throws IOException {
        Path labels = file("labels", labelFile(new int[] {1, 2}, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFile.images(labels));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("not an IDX image file")
                && e.getMessage().contains("0x801"), e.getMessage());

        Path images = file("images", imageFile(pattern(1), true));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(images));
        assertTrue(f.getMessage().contains("not an IDX label file"), f.getMessage());

        Path text = file("text", "hello, this is not IDX".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(text));
    }

    @Test
    void otherImageShapesAndNegativeSizesAreRefused() throws IOException {
        Path small = file("small", idx(IMAGE_MAGIC, new int[] {1, 27, 28}, new byte[27 * 28], false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFile.images(small));
        assertTrue(e.getMessage().contains("27×28"), e.getMessage());

        // a damaged header: more values than any array holds, or far more than the file has
        Path huge = file("huge", idx(IMAGE_MAGIC, new int[] {3_000_000, 28, 28}, new byte[10], false));
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> IdxFile.images(huge));
        assertTrue(h.getMessage().contains(huge.toString()) && h.getMessage().contains("3000000"), h.getMessage());
        Path big = file("big", idx(LABEL_MAGIC, new int[] {Integer.MAX_VALUE - 100}, new byte[10], true));
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(big));
        assertTrue(b.getMessage().contains("truncated"), b.getMessage());

        Path negative = file("negative", idx(LABEL_MAGIC, new int[] {-3}, new byte[0], false));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(negative));
        assertTrue(n.getMessage().contains("negative"), n.getMessage());
    }

    @Test
    void aMissingFileOrABrokenGzipIsNamed() throws IOException {
        Path missing = dir.resolve("nowhere");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());

        // the gzip magic, then garbage
        Path gz = file("broken.gz", new byte[] {0x1f, (byte) 0x8b, 99, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> IdxFile.labels(gz));
        assertTrue(g.getMessage().contains(gz.toString()), g.getMessage());
    }
}
