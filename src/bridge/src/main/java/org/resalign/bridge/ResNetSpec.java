package org.resalign.bridge;

import org.resalign.core.input.InvalidInputException;

/**
 * One network of the paper's families (§2.1): its type, width, depth and number of classes.
 *
 * <p>Inputs are 28×28 single-channel images, flattened to 784 values (FashionMNIST, and the synthetic mixture
 * drawn in the same shape). A fully-connected type embeds them with one dense layer into {@code R^D}; a
 * convolutional type with one stride-2 convolution into {@code c × 16 × 16}, the paper's resolution.
 *
 * @param type    the model type
 * @param width   {@code D} for fully-connected types, the channel count {@code c} for convolutional ones
 * @param depth   the number of residual blocks {@code L}
 * @param classes the number of classes {@code C}
 */
public record ResNetSpec(ModelType type, int width, int depth, int classes) {

    /** Side of the square input images. */
    public static final int IMAGE_SIDE = 28;
    /** Flattened input size. */
    public static final int INPUT_SIZE = IMAGE_SIDE * IMAGE_SIDE;
    /** Spatial side of the representations of convolutional types (the paper's 16×16, §2.1). */
    public static final int CONV_SIDE = 16;

    public ResNetSpec {
        if (type == null) {
            throw new InvalidInputException("type", "a model {type} is needed");
        }
        if (width < 1) {
            throw new InvalidInputException("width", "{width} must be ≥ 1, got " + width);
        }
        if (depth < 1) {
            throw new InvalidInputException("depth", "{depth} must be ≥ 1, got " + depth);
        }
        if (type.downsamples() && depth < 2) {
            throw new InvalidInputException("depth", "a Type 3 network needs {depth} ≥ 2 to downsample after its middle block");
        }
        if (classes < 2) {
            throw new InvalidInputException("classes", "{classes} must be ≥ 2, got " + classes);
        }
    }

    /** The 1-based block that downsamples in a Type 3 network (footnote 4: the 9th of 16), else 0. */
    public int downsamplingBlock() {
        return type.downsamples() ? depth / 2 + 1 : 0;
    }

    /** Channels of the representation entering block {@code i} (1-based; {@code i = L+1} is the last output). */
    public int channelsAt(int i) {
        return type.downsamples() && i > downsamplingBlock() ? 2 * width : width;
    }

    /** Spatial side of the representation entering block {@code i} (1 for fully-connected types). */
    public int sideAt(int i) {
        if (!type.convolutional()) {
            return 1;
        }
        return type.downsamples() && i > downsamplingBlock() ? CONV_SIDE / 2 : CONV_SIDE;
    }

    /** {@code D_i}: the dimension of the representation {@code h_i} entering block {@code i}. */
    public int dimensionAt(int i) {
        return channelsAt(i) * sideAt(i) * sideAt(i);
    }

    /** The shape of one {@code h_i} as DL4J holds it: {@code [D_i]}, or {@code [channels, side, side]} (NCHW). */
    public long[] shapeAt(int i) {
        return type.convolutional() ? new long[] {channelsAt(i), sideAt(i), sideAt(i)} : new long[] {dimensionAt(i)};
    }

    /** Whether block {@code i} maps {@code R^D} to itself with an identity skip (all but Type 3's projection block). */
    /**
     * Refuses a type whose blocks change dimension midway (Type 3's downsampling block): {@code what} takes
     * the types with one stage.
     */
    public void requireOneStage(String what) {
        if (downsamplingBlock() != 0) {
            throw new org.resalign.core.input.InvalidInputException("model", "{model} is type " + type.optionName()
                    + ", whose blocks change dimension midway; " + what + " take types with one stage (1, 2, 4a, 4b, "
                    + "5a, 5b)");
        }
    }

    public boolean squareBlock(int i) {
        return i != downsamplingBlock();
    }
}
