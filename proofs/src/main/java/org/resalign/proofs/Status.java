package org.resalign.proofs;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of a step (holds or fails) or of its false twin (refuted or not refuted). */
public enum Status {
    HOLDS("holds"),
    FAILS("fails"),
    REFUTED("refuted"),
    NOT_REFUTED("not refuted");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** True for the outcome the audit wants: a true step that holds, or a false twin that is refuted. */
    public boolean good() {
        return this == HOLDS || this == REFUTED;
    }
}
