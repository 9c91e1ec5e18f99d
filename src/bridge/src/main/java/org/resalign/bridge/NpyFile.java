package org.resalign.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;

/**
 * {@code .npy} files (NumPy's format, version 1–3) in and out through ND4J's reader and writer. Before ND4J reads a
 * file its header is checked here (magic, little-endian float32 or float64, C order, a size that matches the file),
 * so that a damaged or foreign file is bad input with one line rather than a fault in native code.
 */
public final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {
    }

    /**
     * Inputs to analyse: {@code N} rows of the 784 values of a 28×28 image, from an array of shape {@code N×784},
     * {@code N×28×28} or {@code N×1×28×28}, in the file's order, as they are (float32 widened exactly).
     *
     * @param parameter the parameter the file was given as, for messages
     */
    public static double[][] readInputs(Path file, String parameter) {
        long[] shape = header(file, parameter);
        boolean ok = shape.length == 2 && shape[1] == ResNetSpec.INPUT_SIZE
                || shape.length == 3 && shape[1] == ResNetSpec.IMAGE_SIDE && shape[2] == ResNetSpec.IMAGE_SIDE
                || shape.length == 4 && shape[1] == 1 && shape[2] == ResNetSpec.IMAGE_SIDE
                        && shape[3] == ResNetSpec.IMAGE_SIDE;
        if (!ok || shape[0] < 1) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s holds an array of shape %s; the "
                    + "inputs are N×784, N×28×28 or N×1×28×28 with N ≥ 1", file, Arrays.toString(shape));
        }
        INDArray a = Nd4j.createFromNpyFile(file.toFile()).castTo(DataType.DOUBLE).reshape(shape[0],
                ResNetSpec.INPUT_SIZE);
        double[][] rows = a.toDoubleMatrix();
        for (int n = 0; n < rows.length; n++) {
            for (double v : rows[n]) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException(parameter, "{" + parameter + "} %s: input %s holds a non-finite "
                            + "value", file, n);
                }
            }
        }
        return rows;
    }

    /** Writes {@code a} as a float64 {@code .npy} file (ND4J's writer). */
    public static void write(INDArray a, Path file) throws IOException {
        Nd4j.writeAsNumpy(a.castTo(DataType.DOUBLE).dup('c'), file.toFile());
    }

    /** Writes a rectangular array of doubles of shape {@code shape} (its values in row-major order). */
    public static void write(double[] values, long[] shape, Path file) throws IOException {
        write(Nd4j.create(values, shape, 'c'), file);
    }

    /** The shape in the header of {@code file}, after checking that ND4J can read the file as it says. */
    static long[] header(Path file, String parameter) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(parameter, Files.exists(file) ? "{" + parameter + "} %s is not a file"
                    : "{" + parameter + "} %s does not exist", file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(12);
            if (start.length < 10 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
                throw bad(file, parameter, "it does not start as an .npy file");
            }
            int major = start[6];
            int headerLength;
            int prefix;
            ByteBuffer b = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
            if (major == 1) {
                headerLength = Short.toUnsignedInt(b.getShort(8));
                prefix = 10;
            } else if (major == 2 || major == 3) {
                if (start.length < 12) {
                    throw bad(file, parameter, "it is truncated in its header");
                }
                headerLength = b.getInt(8);
                prefix = 12;
            } else {
                throw bad(file, parameter, "it has .npy format version " + major);
            }
            byte[] rest = Arrays.copyOfRange(start, prefix, start.length);
            byte[] more = in.readNBytes(Math.max(0, headerLength - rest.length));
            if (headerLength < 0 || rest.length + more.length < headerLength) {
                throw bad(file, parameter, "it is truncated in its header");
            }
            byte[] headerBytes = new byte[headerLength];
            System.arraycopy(rest, 0, headerBytes, 0, Math.min(rest.length, headerLength));
            System.arraycopy(more, 0, headerBytes, Math.min(rest.length, headerLength), more.length);
            String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            Matcher o = ORDER.matcher(header);
            Matcher s = SHAPE.matcher(header);
            if (!d.find() || !o.find() || !s.find()) {
                throw bad(file, parameter, "its header is not an .npy dictionary");
            }
            int itemSize = switch (d.group(1)) {
                case "<f4" -> 4;
                case "<f8" -> 8;
                default -> throw bad(file, parameter, "it holds '" + d.group(1) + "'; little-endian float32 (<f4) "
                        + "or float64 (<f8) is read");
            };
            if (o.group(1).equals("True")) {
                throw bad(file, parameter, "it is in Fortran order; save a C-ordered array");
            }
            String[] parts = s.group(1).split(",");
            long[] shape = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToLong(p -> {
                try {
                    return Long.parseLong(p);
                } catch (NumberFormatException e) {
                    throw bad(file, parameter, "its shape (" + s.group(1) + ") is not a list of sizes");
                }
            }).toArray();
            long count = 1;
            for (long n : shape) {
                if (n < 0 || n > Integer.MAX_VALUE || (count *= n) > Integer.MAX_VALUE) {
                    throw bad(file, parameter, "its shape (" + s.group(1) + ") is too large");
                }
            }
            long expected = prefix + headerLength + count * itemSize;
            if (Files.size(file) != expected) {
                throw bad(file, parameter, "it has " + Files.size(file) + " bytes where its header promises "
                        + expected + " (truncated?)");
            }
            return shape;
        } catch (IOException e) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s cannot be read: %s", file,
                    e.getMessage()).causedBy(e);
        }
    }

    private static InvalidInputException bad(Path file, String parameter, String why) {
        return new InvalidInputException(parameter, "{" + parameter + "} %s is not a readable .npy array: %s", file,
                why);
    }
}
