package org.resalign.core.search;

import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Conjecture}'s verdict on one solved instance.
 *
 * @param outcome   holds, violated or inconclusive
 * @param measure   what {@code value} is, e.g. {@code max σ_{C+1}/σ₁}
 * @param value     the measured figure (NaN, {@code null} in JSON, when inconclusive before it could be measured)
 * @param threshold the figure the claim requires {@code value} to respect
 * @param slack     how far the instance is from violating the claim, in the conjecture's own unit: negative when
 *                  violated, and the adaptive phase of the search refines around the smallest
 * @param detail    one sentence for people
 * @param figures   further measured figures, by name (sorted, so the JSON is stable)
 */
public record Judgement(Outcome outcome, String measure, double value, double threshold, double slack, String detail,
                        Map<String, Double> figures) implements java.io.Serializable {

    public Judgement {
        figures = new TreeMap<>(figures);
    }

    /** An inconclusive judgement, with no measured figure. */
    public static Judgement inconclusive(String measure, double threshold, String detail, Map<String, Double> figures) {
        return new Judgement(Outcome.INCONCLUSIVE, measure, Double.NaN, threshold, Double.POSITIVE_INFINITY, detail,
                figures);
    }
}
