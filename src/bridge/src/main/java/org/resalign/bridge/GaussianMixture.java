package org.resalign.bridge;

import java.util.random.RandomGenerator;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * The embedded default dataset, which needs nothing installed: {@code C} isotropic Gaussian classes in the shape
 * of 28×28 images. Class {@code c} has mean {@code μ_c}, drawn uniformly on the sphere of radius {@code radius},
 * and unit per-pixel noise: {@code x = μ_c + ε}, {@code ε ~ N(0, I₇₈₄)}. Classes are balanced. Everything is drawn
 * from {@link Seeds.Purpose#DATA} of the seed, so the same seed gives the same images.
 */
public final class GaussianMixture {

    /** Default distance of each class mean from the origin. */
    public static final double DEFAULT_RADIUS = 3.0;

    private GaussianMixture() {
    }

    /**
     * @param classes       {@code C ≥ 2}
     * @param trainPerClass training images per class
     * @param testPerClass  test images per class
     * @param radius        {@code ‖μ_c‖}
     * @param seed          seed
     */
    public static Split generate(int classes, int trainPerClass, int testPerClass, double radius, long seed) {
        if (classes < 2) {
            throw new InvalidInputException("classes", "the mixture needs ≥ 2 {classes}, got " + classes);
        }
        if (trainPerClass < 1 || testPerClass < 1) {
            throw new InvalidInputException("trainPerClass", "the mixture needs ≥ 1 image per class in each split ({trainPerClass} "
                    + trainPerClass + ", test " + testPerClass + ")");
        }
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("the mixture's radius must be positive and finite, got " + radius);
        }
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.DATA);
        double[][] means = new double[classes][];
        for (int c = 0; c < classes; c++) {
            means[c] = Seeds.onSphere(rng, ResNetSpec.INPUT_SIZE, radius);
        }
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = "component " + c;
        }
        Images train = draw("synthetic train", means, trainPerClass, rng, names);
        Images test = draw("synthetic test", means, testPerClass, rng, names);
        return new Split(train, test);
    }

    private static Images draw(String name, double[][] means, int perClass, RandomGenerator rng, String[] names) {
        int classes = means.length;
        int n = classes * perClass;
        int side = ResNetSpec.INPUT_SIZE;
        float[] pixels = new float[n * side];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int c = k % classes;
            labels[k] = c;
            for (int p = 0; p < side; p++) {
                pixels[k * side + p] = (float) (means[c][p] + rng.nextGaussian());
            }
        }
        return new Images(name, pixels, labels, classes, names);
    }
}
