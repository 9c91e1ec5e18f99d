package org.resalign.core.thm31;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * Which assumption of Theorem 3.1 (paper §3.2, App. A) a construction breaks, by an amount {@code ε ≥ 0}; at
 * {@code ε = 0} every mode is the exact construction {@code J_i = (1/i)·uuᵀ}. With {@code w} a fixed unit vector
 * orthogonal to {@code u}:
 * <ul>
 *   <li>{@link #RA2}: the aligned direction turns by {@code ε} radians per block in the plane of {@code u, w},
 *       {@code J_i = (1/i)·u_i u_iᵀ}, {@code u_i = cos((i−1)ε)·u + sin((i−1)ε)·w}; RA3 and RA4 still hold.</li>
 *   <li>{@link #RA3}: a second rank along {@code w}, {@code J_i = (1/i)·(uuᵀ + ε·wwᵀ)}; RA2 holds and, for
 *       {@code ε ≤ 1}, so does RA4 for {@code σ₁}. At {@code ε = 1} the two directions grow alike and RA1 holds
 *       again, though the theorem's formula does not.</li>
 *   <li>{@link #RA4}: the top singular value decays faster than {@code 1/i}, {@code J_i = i^{−(1+ε)}·uuᵀ}; RA2 and
 *       RA3 hold, so the points stay on a line but their spacing shrinks with depth.</li>
 * </ul>
 */
public enum Violation {
    NONE, RA2, RA3, RA4;

    /** From {@code none}, {@code ra2}, {@code ra3}, {@code ra4} (case-insensitive). */
    public static Violation parse(String name) {
        for (Violation v : values()) {
            if (v.optionName().equalsIgnoreCase(name.trim())) {
                return v;
            }
        }
        throw new InvalidInputException("violation", "unknown {violation} '%s' (expected none, ra2, ra3 or ra4)", name);
    }

    /** The command-line spelling. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
