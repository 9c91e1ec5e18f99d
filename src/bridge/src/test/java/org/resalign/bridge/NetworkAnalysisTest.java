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
