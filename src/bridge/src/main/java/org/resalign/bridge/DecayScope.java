package org.resalign.bridge;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * Which parameters the weight decay {@code λ/2‖W‖²} of eq. (1) reaches. The paper's eq. (1) decays "all the
 * parameters" {@code W}; DL4J's {@code l2} reaches the weight matrices only (its batch normalisation ignores
 * regularisation of {@code γ} and {@code β}), which is what {@link #WEIGHTS} keeps for comparison. Since every weight
 * matrix of the paper's blocks is followed by batch norm, the network is invariant to a matrix's scale: with
 * {@link #WEIGHTS} the decay only changes the effective learning rate, and the branch gain {@code γ₂/√v₂ · γ₁/√v₁}
 * that sets the Residual Jacobian's size is never pulled towards zero.
 */
public enum DecayScope {
    /** Eq. (1): every trainable parameter, weight matrices, biases and batch norm's {@code γ} and {@code β}. */
    ALL,
    /** The weight matrices only (dense and convolutional), not biases or batch norm. */
    WEIGHTS;

    /** The command-line and spec spelling. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code name} ({@code all} or {@code weights}). */
    public static DecayScope parse(String name) {
        for (DecayScope s : values()) {
            if (s.optionName().equals(name)) {
                return s;
            }
        }
        throw new InvalidInputException("decayScope", "unknown {decayScope} '%s' (expected all or weights)", name);
    }
}
