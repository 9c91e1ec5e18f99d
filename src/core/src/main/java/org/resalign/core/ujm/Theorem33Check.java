package org.resalign.core.ujm;

/**
 * One condition of the Theorem 3.3 verdict as measured (docs/definitions.md §verdict): the deficit, its tolerance, and
 * whether {@code measured ≤ threshold}. A NaN deficit fails.
 *
 * @param condition which condition
 * @param measured  the deficit ({@link Theorem33Condition#deficit()})
 * @param threshold its tolerance
 * @param passed    {@code measured ≤ threshold}
 */
public record Theorem33Check(Theorem33Condition condition, double measured, double threshold, boolean passed) {

    public Theorem33Check {
        if (condition == null) {
            throw new NullPointerException("condition");
        }
        if (passed != (measured <= threshold)) {
            throw new IllegalArgumentException("passed must be measured <= threshold");
        }
    }

    /** Measures {@code condition} at {@code measured} against its tolerance in {@code tol}. */
    public static Theorem33Check of(Theorem33Condition condition, double measured, Theorem33Tolerances tol) {
        double threshold = condition.threshold(tol);
        return new Theorem33Check(condition, measured, threshold, measured <= threshold);
    }

    /**
     * {@code log₁₀(threshold / measured)}: the decades by which the deficit clears its tolerance, negative when it
     * fails (a deficit of zero or below counts as {@link Double#MIN_NORMAL}; a NaN deficit gives NaN).
     */
    public double decades() {
        return Math.log10(threshold) - Math.log10(Math.max(measured, Double.MIN_NORMAL));
    }
}
