package org.resalign.bridge;

/**
 * Vertex names of residual block {@code i} (1-based) in a graph from {@link ResNetBuilder}: the two weight layers,
 * their batch norms, the inner ReLU, the skip sum and the block output {@code h_{i+1}}.
 */
public record BlockNames(int block) {

    /** Name of {@code h_1}, the stem's output. */
    public static final String STEM = "h1";

    public String layer1() {
        return "b" + block + "_w1";
    }

    public String norm1() {
        return "b" + block + "_bn1";
    }

    public String act1() {
        return "b" + block + "_relu1";
    }

    public String layer2() {
        return "b" + block + "_w2";
    }

    public String norm2() {
        return "b" + block + "_bn2";
    }

    public String projection() {
        return "b" + block + "_proj";
    }

    public String projectionNorm() {
        return "b" + block + "_projbn";
    }

    /** The residual scaling {@code α·F(h_i)} of the branch, between {@link #norm2()} and the sum (when {@code α ≠ 1}). */
    public String scale() {
        return "b" + block + "_scale";
    }

    /** Stochastic depth on the residual branch, between {@link #norm2()} and {@link #sum()} (training only). */
    public String drop() {
        return "b" + block + "_drop";
    }

    public String sum() {
        return "b" + block + "_sum";
    }

    /** {@code h_{i+1}}. */
    public String output() {
        return "h" + (block + 1);
    }

    /** The name of {@code h_i}, the block's input. */
    public String input() {
        return "h" + block;
    }
}
