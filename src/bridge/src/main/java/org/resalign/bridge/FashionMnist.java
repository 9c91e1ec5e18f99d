package org.resalign.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.resalign.core.input.InvalidInputException;

/**
 * FashionMNIST (paper §2.2) from the IDX files of the Debian package {@value #PACKAGE}, restricted to a subset of
 * its ten classes. Pixels are scaled to {@code [0, 1]} and standardised with the training set's per-pixel-pooled
 * mean {@value #MEAN} and standard deviation {@value #STD}, the usual FashionMNIST normalisation.
 */
public final class FashionMnist {

    /** The Debian package that installs the files. */
    public static final String PACKAGE = "dataset-fashion-mnist";
    /** Where the package puts them. */
    public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    /** {@link #DEFAULT_DIRECTORY} as a path. */
    public static final Path DEFAULT_DIR = Path.of(DEFAULT_DIRECTORY);
    /** The ten class names, by original label. */
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};
    static final double MEAN = 0.2860;
    static final double STD = 0.3530;

    private FashionMnist() {
    }

    /**
     * Loads the classes {@code chosen} (original labels {@code 0 … 9}); they become labels {@code 0 … C−1} in the
     * given order.
     */
    public static Split load(Path dir, int[] chosen) {
        return load(dir, chosen, 0);
    }

    /**
     * As {@link #load(Path, int[])}, keeping only the first {@code trainPerClass} training images of each class in
     * the file's order ({@code 0}: all 6000); the test split stays whole.
     */
    public static Split load(Path dir, int[] chosen, int trainPerClass) {
        validateClasses(chosen, 10);
        if (trainPerClass < 0) {
            throw new InvalidInputException("trainPerClass", "the training images per class {trainPerClass} must be "
                    + "≥ 0 (0 for all), got " + trainPerClass);
        }
        if (!Files.isDirectory(dir)) {
            throw notInstalled(dir);
        }
        return new Split(part(dir, "train", chosen, trainPerClass), part(dir, "t10k", chosen, 0));
    }

    /** The error for a missing folder {@code dir}; it names the package when {@code dir} is the package's own. */
    static InvalidInputException notInstalled(Path dir) {
        return new InvalidInputException("dataDir", "FashionMNIST is not installed: {dataDir} %s does not exist"
                + (dir.equals(DEFAULT_DIR) ? " (apt-get install " + PACKAGE + ")" : ""), dir);
    }

    /** The images of {@code chosen} in one split; at most {@code perClass} of each (0: all). */
    private static Images part(Path dir, String prefix, int[] chosen, int perClass) {
        Path imageFile = file(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = file(dir, prefix + "-labels-idx1-ubyte");
        byte[] raw = IdxFile.images(imageFile);
        int[] original = IdxFile.labels(labelFile);
        int side = ResNetSpec.INPUT_SIZE;
        if (raw.length != original.length * side) {
            throw new InvalidInputException("dataDir", "{dataDir} file %s holds " + raw.length / side + " images but "
                    + "%s " + original.length + " labels", imageFile, labelFile);
        }
        int[] map = new int[10];
        Arrays.fill(map, -1);
        for (int c = 0; c < chosen.length; c++) {
            map[chosen[c]] = c;
        }
        int limit = perClass == 0 ? Integer.MAX_VALUE : perClass;
        int[] taken = new int[chosen.length];
        boolean[] keep = new boolean[original.length];
        int n = 0;
        for (int k = 0; k < original.length; k++) {
            int y = original[k];
            if (y > 9) {
                throw new InvalidInputException("dataDir", "{dataDir} file %s holds label " + y + ", FashionMNIST "
                        + "has 0..9", labelFile);
            }
            if (map[y] >= 0 && taken[map[y]] < limit) {
                taken[map[y]]++;
                keep[k] = true;
                n++;
            }
        }
        float[] pixels = new float[n * side];
        int[] labels = new int[n];
        int m = 0;
        for (int k = 0; k < original.length; k++) {
            if (!keep[k]) {
                continue;
            }
            int y = map[original[k]];
            labels[m] = y;
            for (int p = 0; p < side; p++) {
                pixels[m * side + p] = (float) (((raw[k * side + p] & 0xFF) / 255.0 - MEAN) / STD);
            }
            m++;
        }
        String[] names = new String[chosen.length];
        for (int c = 0; c < chosen.length; c++) {
            names[c] = CLASS_NAMES[chosen[c]];
        }
        return new Images("fashion-mnist " + prefix, pixels, labels, chosen.length, names);
    }

    private static Path file(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new InvalidInputException("dataDir", "FashionMNIST file %s is missing from {dataDir} (apt-get install "
                + PACKAGE + ")", gz);
    }

    /** Checks that {@code chosen} holds at least two distinct classes in {@code 0 … available−1}. */
    static void validateClasses(int[] chosen, int available) {
        if (chosen.length < 2) {
            throw new InvalidInputException("classes", "at least two {classes} are needed, got " + chosen.length);
        }
        // a set, not an array of size available: the mixture passes Integer.MAX_VALUE
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int c : chosen) {
            if (c < 0 || c >= available) {
                throw new InvalidInputException("classes", "{classes}: class " + c + " is outside 0.." + (available - 1));
            }
            if (!seen.add(c)) {
                throw new InvalidInputException("classes", "{classes}: class " + c + " is listed twice");
            }
        }
    }
}
