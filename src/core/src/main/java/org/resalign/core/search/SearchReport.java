package org.resalign.core.search;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.resalign.core.engine.EngineRecord;

/**
 * The result of {@code resalign search}: its inputs, the seed, versions, wall time, the verdict, how much of the box
 * it covered, and every instance it judged. Key names are stable.
 *
 * @param verdict            {@code counterexample} when at least one instance violated the conjecture, else
 *                           {@code none-found}
 * @param closest            the conclusive, non-violating instance of smallest slack (null if none)
 * @param counterexamples    the counterexample files written, in the order found (at most {@code keep})
 * @param shrinkEvaluations  solves spent shrinking counterexamples (not part of the budget)
 * @param engine             where the instances were solved ({@code --master}); absent in one JVM
 */
public record SearchReport(String command, String conjecture, String statement, String source, String expectation,
                           String space, Inputs inputs, long seed, Map<String, String> versions, double seconds,
                           String verdict, int evaluated, int holds, int violated, int inconclusive,
                           List<Coverage> coverage, Evaluation closest, List<String> counterexamples,
                           int shrinkEvaluations, List<Evaluation> evaluations,
                           @JsonInclude(JsonInclude.Include.NON_NULL) EngineRecord engine) {

    /** The search's own settings. */
    public record Inputs(String conjecture, int budget, long seed, int keep, int shrinkSteps) {
    }

    /**
     * How one parameter of the box was covered.
     *
     * @param parameter e.g. {@code D} or {@code lambda}
     * @param hit       buckets with at least one instance
     * @param total     buckets in the box (each integer value; each decade of {@code λ}; each octave of
     *                  {@code ‖Δx‖}; each loss)
     * @param counts    instances per bucket
     */
    public record Coverage(String parameter, int hit, int total, Map<String, Integer> counts) {
    }

    /** True when no counterexample was found (exit code 0). */
    public boolean success() {
        return violated == 0;
    }
}
