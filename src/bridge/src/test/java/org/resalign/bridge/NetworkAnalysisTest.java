package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NetworkAnalysisTest {

    @Test
    void everyStageIsMeasuredAtEveryInput() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 12, 3, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 2);
        Images train = GaussianMixture.generate(2, 8, 1, 3.0, 1).train();
        List<NetworkAnalysis.StageResult> r = NetworkAnalysis.run(g, spec, train, new AnalysisSettings(3, 4, 0), n -> {
        });
        assertEquals(1, r.size());
        assertEquals(3, r.get(0).inputs().size());
        assertEquals(3, r.get(0).summary().alignment().count());
        assertTrue(r.get(0).deadInputs().isEmpty());
        double a = r.get(0).summary().alignment().mean();
        assertTrue(a > 0 && a <= 1, "alignment " + a);
        // the further summaries, under the keys scripts read, finite at every input
        com.fasterxml.jackson.databind.JsonNode summary = org.resalign.core.io.Json.mapper()
                .valueToTree(r.get(0).summary());
        for (String key : List.of("alignmentAdjacent", "alignmentTop1", "chanceTop1", "alignmentTransposed",
                "frobeniusCosine", "ra4LateSlope", "ra4LateIntercept", "ra4LateRSquared", "ra4Exponent",
                "ra4ExponentRSquared", "ra3GapExcess", "ra3GapFraction")) {
            assertEquals(3, summary.path(key).path("count").asInt(), key + " in " + summary);
            assertTrue(Double.isFinite(summary.path(key).path("mean").asDouble(Double.NaN)), key);
        }
        NetworkAnalysis.InputResult first = r.get(0).inputs().get(0);
        double t = first.report().ra2().transposed();
        assertTrue(r.get(0).summary().alignmentTransposed().min() <= t
                && t <= r.get(0).summary().alignmentTransposed().max(), "the summary is over the inputs' values");
    }

    /**
     * A stem whose ReLUs are dead at every input (h₁ = 0) while the blocks still move the representation: the
     * analysis measures the blocks, and the UJM comparison, whose input would be zero, says why it solves nothing.
     */
    @Test
    void aZeroFirstRepresentationSkipsTheUjm() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 12, 3, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 2);
        Layer stem = g.getLayer("stem_bn");
        stem.setParam(BatchNormalizationParamInitializer.GAMMA, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                1, 12));
        stem.setParam(BatchNormalizationParamInitializer.BETA, Nd4j.valueArrayOf(new long[] {1, 12}, -1.0));
        Images train = GaussianMixture.generate(2, 8, 1, 3.0, 1).train();
        NetworkAnalysis.StageResult s = NetworkAnalysis.run(g, spec, train, new AnalysisSettings(3, 4, 0), n -> {
        }).get(0);
        assertEquals(0, s.inputs().get(0).trajectory()[0][0], 0);
        UjmComparison.Result c = UjmComparison.of(s, 2, 1e-2, 0);
        assertEquals("skipped", c.verdict());
        assertTrue(c.skipped().contains("‖h_1‖"), c.skipped());
        assertTrue(Double.isNaN(c.rows().get(0).ujm()));
        assertEquals(s.summary().lineFraction().mean(), c.rows().get(0).network(), 0);
        assertTrue(!c.success());
    }

    /** A network whose every ReLU is dead has constant trajectories: counted and left out, not a crash. */
    @Test
    void deadNetworkIsReportedNotMeasured() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 12, 3, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 2);
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                long c = l.getParam(BatchNormalizationParamInitializer.GAMMA).length();
                l.setParam(BatchNormalizationParamInitializer.GAMMA, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, c));
                l.setParam(BatchNormalizationParamInitializer.BETA, Nd4j.valueArrayOf(new long[] {1, c}, -1.0));
            }
        }
        Images train = GaussianMixture.generate(2, 8, 1, 3.0, 1).train();
        NetworkAnalysis.StageResult s = NetworkAnalysis.run(g, spec, train, new AnalysisSettings(3, 4, 0), n -> {
        }).get(0);
        assertEquals(3, s.deadInputs().size());
        assertTrue(s.inputs().isEmpty());
        assertTrue(Double.isNaN(s.summary().alignment().mean()));
        assertThrows(IllegalArgumentException.class, () -> UjmComparison.of(s, 2, 1e-2, 0));
    }
}
