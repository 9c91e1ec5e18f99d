package org.resalign.bridge;

import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code bridge compare}: the network's analysis and, per stage, the UJM optimum beside it.
 *
 * @param command     {@code bridge compare}
 * @param seed        the analysis and UJM seed
 * @param versions    library versions
 * @param seconds     wall time
 * @param verdict     the UJM solve's verdict ({@code holds}/{@code converged} when its optimum was reached)
 * @param analysis    the network's measurements
 * @param comparisons one per stage
 */
public record CompareReport(String command, long seed, Map<String, String> versions, double seconds, String verdict,
        AnalysisReport analysis, List<UjmComparison.Result> comparisons) {

    /** True when every UJM solve reached its optimum. */
    public boolean success() {
        return comparisons.stream().allMatch(c -> c.solve().success());
    }
}
