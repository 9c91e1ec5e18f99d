package org.resalign.proofs;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What is wrong with a false twin: how it differs from the true step beside it. */
public enum Flaw {
    /** The inequality turned around. */
    REVERSED,
    /** A constant, an exponent, an order or an orientation changed. */
    WRONG_CONSTANT,
    /** A condition the true step needs was dropped. */
    MISSING_CONDITION,
    /**
     * The claim as the copy of the paper this audit reads has it, where the step needs something else (whether the
     * published paper reads the same is not checked here).
     */
    AS_READ;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
