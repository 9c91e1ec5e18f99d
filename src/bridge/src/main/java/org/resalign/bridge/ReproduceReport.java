package org.resalign.bridge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.resalign.core.engine.EngineRecord;

/**
 * The JSON of {@code resalign reproduce}: one experiment's networks, their measurements and the claim judged.
 *
 * @param command    {@code reproduce}
 * @param experiment the experiment's name (its spec file's name)
 * @param spec       the spec as read
 * @param seed       the analysis seed
 * @param versions   library versions
 * @param seconds    wall time of the command
 * @param verdict    {@code holds} or {@code fails} (the claim), {@code tabulated} for a table
 * @param claim      the claim judged (null for a table)
 * @param runs       every network (empty for a table)
 * @param table      a table's rows (null otherwise)
 * @param engine     where the networks were trained ({@code --master}); absent in one JVM
 */
public record ReproduceReport(String command, String experiment, ExperimentSpec spec, long seed,
        Map<String, String> versions, double seconds, String verdict, ClaimResult claim, List<RunResult> runs,
        List<AccuracyTable.Row> table, @JsonInclude(JsonInclude.Include.NON_NULL) EngineRecord engine) {

    public ReproduceReport {
        runs = List.copyOf(runs);
        table = table == null ? null : List.copyOf(table);
    }
}
