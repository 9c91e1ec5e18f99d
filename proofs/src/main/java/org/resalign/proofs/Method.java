package org.resalign.proofs;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a proof step is checked, strongest first. None of them is "assumed". */
public enum Method {
    /** A computer-algebra identity (Symja) that holds for all values of its symbols, or an induction over them. */
    SYMBOLIC,
    /** Rational arithmetic (Hipparchus {@code BigFraction}): no rounding, over a range of random instances. */
    EXACT,
    /** Double precision over many random (and adversarial) instances, with the worst slack reported. */
    NUMERIC;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
