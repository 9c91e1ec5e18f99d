package org.resalign.bridge;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * The optimiser of a run. Paper §2.3 names "the SGD optimizer" with a batch size of 128, an initial learning rate of
 * 0.1 and the cosine schedule, and no momentum; Nesterov's momentum is the common companion of that recipe and is
 * offered beside it.
 */
public enum Optimizer {
    /** Plain SGD: {@code θ ← θ − η·g}, no state. */
    SGD,
    /**
     * SGD with Nesterov momentum {@code μ}, as DL4J's {@code Nesterovs} computes it: {@code v ← μ·v − η·g},
     * {@code θ ← θ − (μ·v_prev − (1+μ)·v)}.
     */
    NESTEROV;

    /** The command-line and spec spelling. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The optimiser named {@code name} ({@code sgd} or {@code nesterov}). */
    public static Optimizer parse(String name) {
        for (Optimizer o : values()) {
            if (o.optionName().equals(name)) {
                return o;
            }
        }
        throw new InvalidInputException("optimizer", "unknown {optimizer} '%s' (expected sgd or nesterov)", name);
    }
}
