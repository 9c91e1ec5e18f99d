package org.resalign.bridge;

import java.util.Arrays;

/**
 * A labelled set of 28×28 single-channel images, flattened row-major to {@link ResNetSpec#INPUT_SIZE} values each,
 * with labels {@code 0 … C−1}.
 *
 * @param name       where the images came from, for reports
 * @param pixels     {@code n × 784} values, image after image
 * @param labels     {@code n} labels in {@code 0 … classes−1}
 * @param classes    {@code C}
 * @param classNames the original name of each label (for FashionMNIST the original class index)
 */
public record Images(String name, float[] pixels, int[] labels, int classes, String[] classNames) {

    public Images {
        if (pixels.length != labels.length * ResNetSpec.INPUT_SIZE) {
            throw new IllegalArgumentException(labels.length + " labels need " + labels.length * ResNetSpec.INPUT_SIZE
                    + " pixel values, got " + pixels.length);
        }
        if (classNames.length != classes) {
            throw new IllegalArgumentException(classes + " classes with " + classNames.length + " names");
        }
        for (int y : labels) {
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " outside 0.." + (classes - 1));
            }
        }
        for (float v : pixels) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a non-finite pixel value");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Image {@code n} as doubles. */
    public double[] image(int n) {
        double[] x = new double[ResNetSpec.INPUT_SIZE];
        int off = n * ResNetSpec.INPUT_SIZE;
        for (int k = 0; k < x.length; k++) {
            x[k] = pixels[off + k];
        }
        return x;
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Images i && i.name.equals(name) && Arrays.equals(i.pixels, pixels)
                && Arrays.equals(i.labels, labels) && i.classes == classes && Arrays.equals(i.classNames, classNames);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + classes + " classes)";
    }
}
