package org.resalign.bridge;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * Which data a network is trained on, kept in the model file so that {@code analyze} measures the Jacobians at the
 * same training inputs.
 *
 * @param kind          {@code synthetic} or {@code fashion-mnist}
 * @param classes       the classes: original FashionMNIST labels, or {@code 0 … C−1} for the mixture
 * @param directory     the FashionMNIST folder (ignored for the mixture)
 * @param trainPerClass mixture: training images per class; FashionMNIST: the first this many training images of
 *                      each class in the file's order, 0 for all 6000
 * @param testPerClass  mixture: test images per class (ignored for FashionMNIST)
 * @param seed          mixture: the seed of its draw (ignored for FashionMNIST)
 */
public record DatasetSpec(String kind, int[] classes, String directory, int trainPerClass, int testPerClass,
        long seed) {

    public static final String SYNTHETIC = "synthetic";
    public static final String FASHION_MNIST = "fashion-mnist";

    public DatasetSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals(SYNTHETIC) && !kind.equals(FASHION_MNIST)) {
            throw new InvalidInputException("kind", "unknown {kind} '%s' (expected synthetic or fashion-mnist)", kind);
        }
        FashionMnist.validateClasses(classes, kind.equals(FASHION_MNIST) ? 10 : Integer.MAX_VALUE);
        classes = classes.clone();
        if (kind.equals(SYNTHETIC)) {
            for (int c = 0; c < classes.length; c++) {
                if (classes[c] != c) {
                    throw new InvalidInputException("classes", "the synthetic mixture's classes are 0.."
                            + (classes.length - 1) + " in order; choose how many with {classes} 0,1,…");
                }
            }
        }
    }

    /**
     * The mixture with {@code C} classes and the default sizes ({@link RunDefaults#MIXTURE_TRAIN_PER_CLASS} training
     * and half as many test images per class).
     */
    public static DatasetSpec synthetic(int classes, long seed) {
        int[] cs = new int[classes];
        for (int c = 0; c < classes; c++) {
            cs[c] = c;
        }
        return mixture(cs, RunDefaults.MIXTURE_TRAIN_PER_CLASS, seed);
    }

    /**
     * The mixture's classes {@code 0 … C−1} with {@code trainPerClass} training images each and half as many test
     * images.
     */
    public static DatasetSpec mixture(int[] classes, int trainPerClass, long seed) {
        return new DatasetSpec(SYNTHETIC, classes, "", trainPerClass, mixtureTestPerClass(trainPerClass), seed);
    }

    /** The mixture's test images per class beside {@code trainPerClass} training images: half, at least 1. */
    static int mixtureTestPerClass(int trainPerClass) {
        return Math.max(1, trainPerClass / 2);
    }

    /** FashionMNIST's classes {@code chosen} in {@code dir}. */
    public static DatasetSpec fashionMnist(int[] chosen, Path dir) {
        return fashionMnist(chosen, dir, 0);
    }

    /** FashionMNIST's classes {@code chosen} in {@code dir}, the first {@code trainPerClass} training images of each. */
    public static DatasetSpec fashionMnist(int[] chosen, Path dir, int trainPerClass) {
        return new DatasetSpec(FASHION_MNIST, chosen, dir.toString(), trainPerClass, 0, 0);
    }

    /** Loads (or draws) the data. */
    public Split load() {
        if (kind.equals(SYNTHETIC)) {
            return GaussianMixture.generate(classes.length, trainPerClass, testPerClass, GaussianMixture.DEFAULT_RADIUS,
                    seed);
        }
        return FashionMnist.load(Path.of(directory), classes, trainPerClass);
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    /** {@code C}. */
    public int classCount() {
        return classes.length;
    }

    /** Parses {@code 0,1,4}. */
    public static int[] parseClasses(String list) {
        String[] parts = list.split(",");
        int[] out = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                out[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("classes", "{classes} takes class numbers separated by commas, got '%s'",
                        list);
            }
        }
        return out;
    }

    /** This data set drawn from another seed (the same one for FashionMNIST, which ignores it). */
    public DatasetSpec withSeed(long s) {
        return new DatasetSpec(kind, classes, directory, trainPerClass, testPerClass, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetSpec d && d.kind.equals(kind) && Arrays.equals(d.classes, classes)
                && d.directory.equals(directory) && d.trainPerClass == trainPerClass
                && d.testPerClass == testPerClass && d.seed == seed;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
        return kind + " classes " + Arrays.toString(classes);
    }
}
