package org.resalign.core.ujm;

/**
 * The training inputs of an Unconstrained Jacobians Model (paper Definition 3.2 and its N-input generalisation).
 *
 * @param inputs  {@code Δx_n ∈ R^D}, one row per input
 * @param labels  for two classes {@code y_n = ±1}; for {@code C ≥ 3} classes {@code y_n ∈ {0, …, C−1}}
 * @param classes {@code C ≥ 2}
 */
public record UjmData(double[][] inputs, int[] labels, int classes) {

    public UjmData {
        if (inputs.length == 0 || inputs.length != labels.length) {
            throw new IllegalArgumentException("need at least one input and one label per input");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        int dim = inputs[0].length;
        for (int n = 0; n < inputs.length; n++) {
            if (inputs[n].length != dim) {
                throw new IllegalArgumentException("inputs have different dimensions");
            }
            for (double v : inputs[n]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("input " + n + " has a non-finite entry");
                }
            }
            int y = labels[n];
            boolean ok = classes == 2 ? (y == 1 || y == -1) : (y >= 0 && y < classes);
            if (!ok) {
                throw new IllegalArgumentException("label " + y + " of input " + n + " is not valid for " + classes
                        + " classes");
            }
        }
    }

    public int dimension() {
        return inputs[0].length;
    }

    public int size() {
        return inputs.length;
    }

    /** True for the binary model with a scalar logit {@code wᵀh}. */
    public boolean binary() {
        return classes == 2;
    }
}
