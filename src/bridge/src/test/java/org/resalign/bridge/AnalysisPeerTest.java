package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** resalign's analysis against PyTorch's autograd Jacobians and LAPACK SVDs on the same network (where installed). */
class AnalysisPeerTest {

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"4a", "4b"})
    void pyTorchComputesTheSameSingularValuesAndAlignment(String type) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), 16, 3, 2);
        assumeTrue(AnalysisPeer.unavailable(spec).isEmpty(), () -> AnalysisPeer.unavailable(spec).orElse(""));
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 6);
        Images train = GaussianMixture.generate(2, 8, 1, 3.0, 4).train();
        NetworkAnalysis.StageResult s = NetworkAnalysis.run(g, spec, train, new AnalysisSettings(3, 4, 0), n -> {
        }).get(0);
        AnalysisPeer.Check c = AnalysisPeer.run(g, spec, train, s, 1);
        assertEquals(s.inputs().size(), c.inputs());
        assertTrue(c.maxSingularValueError() < 1e-12, "σ: " + c.maxSingularValueError());
        assertTrue(c.maxAlignmentError() < 1e-12, "RA2: " + c.maxAlignmentError());
        assertTrue(c.seconds() > 0 && c.processSeconds() >= c.seconds());
    }

    /** Negative control: a network changed after the analysis is told apart by the peer. */
    @Test
    void aChangedNetworkDisagrees() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 16, 3, 2);
        assumeTrue(AnalysisPeer.unavailable(spec).isEmpty());
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 6);
        Images train = GaussianMixture.generate(2, 8, 1, 3.0, 4).train();
        NetworkAnalysis.StageResult s = NetworkAnalysis.run(g, spec, train, new AnalysisSettings(3, 4, 0), n -> {
        }).get(0);
        Layer w = g.getLayer(new BlockNames(2).layer2());
        w.setParam(DefaultParamInitializer.WEIGHT_KEY, w.getParam(DefaultParamInitializer.WEIGHT_KEY).mul(1.01));
        AnalysisPeer.Check c = AnalysisPeer.run(g, spec, train, s, 1);
        assertTrue(c.maxSingularValueError() > 1e-4, "σ: " + c.maxSingularValueError());
    }

    @Test
    void convolutionalTypesAreNotCovered() {
        assertTrue(AnalysisPeer.unavailable(new ResNetSpec(ModelType.T5A, 2, 2, 2)).orElseThrow()
                .contains("fully-connected"));
    }
}
