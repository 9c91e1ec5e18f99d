package org.resalign.bridge;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.resalign.core.input.InvalidInputException;

/**
 * Reads the IDX files of (Fashion)MNIST: a big-endian header (magic {@code 0x00000801} for labels, {@code 0x00000803}
 * for images, then the sizes) and unsigned bytes, plain or gzipped. A short or foreign file is an
 * {@link InvalidInputException} of the parameter {@code dataDir} naming it.
 */
public final class IdxFile {

    private static final int LABELS = 0x00000801;
    private static final int IMAGES = 0x00000803;
    /** The most values one Java array holds. */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private IdxFile() {
    }

    /** Unsigned byte labels. */
    public static int[] labels(Path file) {
        try (DataInputStream in = open(file)) {
            magic(in, file, LABELS);
            int n = count(in, file);
            byte[] raw = read(in, file, n);
            int[] labels = new int[n];
            for (int k = 0; k < n; k++) {
                labels[k] = raw[k] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Images as raw pixel values {@code 0 … 255}, {@code n × rows × cols} row-major; the shape must be 28×28. */
    public static byte[] images(Path file) {
        try (DataInputStream in = open(file)) {
            magic(in, file, IMAGES);
            int n = count(in, file);
            int rows = count(in, file);
            int cols = count(in, file);
            if (rows != ResNetSpec.IMAGE_SIDE || cols != ResNetSpec.IMAGE_SIDE) {
                throw new InvalidInputException("dataDir", "{dataDir} file %s holds " + rows + "×" + cols
                        + " images, expected 28×28", file);
            }
            long values = (long) n * rows * cols;
            if (values > MAX_VALUES) {
                throw new InvalidInputException("dataDir", "{dataDir} file %s has a damaged header: it announces " + n
                        + " images, too many to hold", file);
            }
            return read(in, file, (int) values);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static void magic(DataInputStream in, Path file, int expected) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new InvalidInputException("dataDir", "{dataDir} file %s is not an IDX "
                    + (expected == IMAGES ? "image" : "label")
                    + " file (magic 0x" + Integer.toHexString(magic) + ")", file);
        }
    }

    private static int count(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new InvalidInputException("dataDir", "{dataDir} file %s has a negative size in its header", file);
        }
        return n;
    }

    private static byte[] read(DataInputStream in, Path file, int n) throws IOException {
        // the array grows with what is actually read: a damaged header may announce gigabytes in a short file
        byte[] data = new byte[Math.min(n, 1 << 20)];
        int filled = 0;
        try {
            while (filled < n) {
                if (filled == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
                }
                int r = in.read(data, filled, data.length - filled);
                if (r < 0) {
                    throw new EOFException();
                }
                filled += r;
            }
        } catch (EOFException e) {
            throw new InvalidInputException("dataDir", "{dataDir} file %s is truncated: its header announces " + n
                    + " values", file);
        }
        return data;
    }

    private static RuntimeException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException("dataDir", "{dataDir} file %s does not exist", file);
        }
        if (e instanceof EOFException) {
            return new InvalidInputException("dataDir", "{dataDir} file %s is truncated", file);
        }
        if (e instanceof java.util.zip.ZipException) {
            return new InvalidInputException("dataDir", "{dataDir} file %s is not a valid gzip file: %s", file,
                    e.getMessage());
        }
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
}
