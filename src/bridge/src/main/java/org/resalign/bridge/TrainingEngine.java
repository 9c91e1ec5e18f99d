package org.resalign.bridge;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * What computes a training step: DL4J's graph, or {@link LeanNetwork}'s own forward and backward passes (the
 * fully-connected types without stochastic depth). Both train the same network with the same loss, optimiser and
 * batches and write the same DL4J model files; they differ by float rounding (tests hold the lean engine's gradients
 * and steps against DL4J's), so a run's engine is part of its settings.
 */
public enum TrainingEngine {
    /** DL4J's ComputationGraph: every type. */
    DL4J,
    /** {@link LeanNetwork}: types 1, 4a and 4b without stochastic depth, about twenty times faster at D = 64. */
    LEAN;

    /** The command-line and spec spelling. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine named {@code name} ({@code dl4j} or {@code lean}). */
    public static TrainingEngine parse(String name) {
        for (TrainingEngine e : values()) {
            if (e.optionName().equals(name)) {
                return e;
            }
        }
        throw new InvalidInputException("engine", "unknown {engine} '%s' (expected dl4j or lean)", name);
    }

    /** Filters the default out of JSON, so the settings of a DL4J run read as they did before engines existed. */
    public static final class DefaultFilter {
        @Override
        public boolean equals(Object other) {
            return other == null || other == DL4J;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
