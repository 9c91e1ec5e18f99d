package org.resalign.bridge;

import java.util.Map;

/**
 * The JSON of {@code bridge skips}.
 *
 * @param command      {@code bridge skips}
 * @param seed         the training seed
 * @param versions     library versions
 * @param seconds      wall time (training included)
 * @param verdict      {@code confirmed} when RA appears with skips and vanishes without, else {@code not-confirmed}
 * @param with         training of the network with skips
 * @param without      training of the network without
 * @param withAnalysis its analysis
 * @param withoutAnalysis its analysis
 * @param result       the judgement
 */
public record SkipsReport(String command, long seed, Map<String, String> versions, double seconds, String verdict,
        TrainReport with, TrainReport without, AnalysisReport withAnalysis, AnalysisReport withoutAnalysis,
        SkipCounterfactual result) {
}
