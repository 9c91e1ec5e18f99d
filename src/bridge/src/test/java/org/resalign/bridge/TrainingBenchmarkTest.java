package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.resalign.core.input.InvalidInputException;

class TrainingBenchmarkTest {

    @ParameterizedTest(name = "type {0}")
    @CsvSource({
        // 3 · 2 · batch · (784·D + 2·L·D² + D·C) with batch 4, D = 8, L = 2, C = 3
        "4a, 8, 2, 157248",
        // 3 · 2 · batch · (16²·16·c + L · 2 · 16²·9·c² + c·C) with batch 4, c = 2, L = 1, C = 3
        "5a, 2, 1, 639120"})
    void aMeasurementInThisProcessIsConsistent(String type, int width, int depth, double flops) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, 3);
        TrainingBenchmark.Config config = new TrainingBenchmark.Config(spec, 4, 1, 3, 7);
        TrainingBenchmark.Result r = TrainingBenchmark.inThisProcess(config);
        assertConsistent(config, r);
        assertEquals(flops, r.flopsPerStep());
        assertEquals(System.getenv("OMP_NUM_THREADS"), r.threadEnvironment().get("OMP_NUM_THREADS"));
    }

    @Test
    void theLeanEngineTimesTheSameTrainingInThisProcessAndInAChild() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 2, 3);
        TrainingBenchmark.Config config = new TrainingBenchmark.Config(spec, 4, 1, 3, 7, TrainingEngine.LEAN);
        TrainingBenchmark.Result r = TrainingBenchmark.inThisProcess(config);
        assertConsistent(config, r);
        assertEquals(TrainingEngine.LEAN, r.engine());
        assertEquals(157248, r.flopsPerStep());
        TrainingBenchmark.Result child = TrainingBenchmark.inChildProcess(config, 1);
        assertConsistent(config, child);
        assertEquals(TrainingEngine.LEAN, child.engine());
        assertEquals(TrainingEngine.DL4J,
                TrainingBenchmark.inThisProcess(new TrainingBenchmark.Config(spec, 4, 0, 1, 7)).engine());
    }

    @Test
    void theLeanEngineRefusesAConvolutionalType() {
        ResNetSpec spec = new ResNetSpec(ModelType.T5A, 2, 1, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new TrainingBenchmark.Config(spec, 4, 1, 3, 7, TrainingEngine.LEAN));
        assertTrue(e.getMessage().contains("dl4j"), e.getMessage());
        assertEquals("engine", e.parameter());
        assertThrows(NullPointerException.class,
                () -> new TrainingBenchmark.Config(spec, 4, 1, 3, 7, null));
    }

    @Test
    void aChildProcessLoadsNd4jWithTheRequestedThreads() {
        ResNetSpec spec = new ResNetSpec(ModelType.T1, 6, 1, 2);
        TrainingBenchmark.Config config = new TrainingBenchmark.Config(spec, 3, 0, 2, 1);
        TrainingBenchmark.Result r = TrainingBenchmark.inChildProcess(config, 2);
        assertConsistent(config, r);
        assertEquals("2", r.threadEnvironment().get("OMP_NUM_THREADS"));
        assertEquals(2, r.threads());
        assertEquals(2, r.blasThreads());
        assertEquals(6.0 * 3 * (784 * 6 + 2 * 6 * 6 + 6 * 2), r.flopsPerStep());
    }

    @ParameterizedTest(name = "type {0}, width {1}, depth {2}")
    @CsvSource({"1, 5, 3", "4a, 7, 2", "4b, 4, 1"})
    void fullyConnectedFlopsCountEveryWeightOncePerImageForward(String type, int width, int depth) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, 3);
        long d = width;
        long closedForm = 784 * d + 2L * depth * d * d + d * 3;
        assertEquals(closedForm, TrainingBenchmark.forwardMultiplyAdds(spec));
        // each weight multiplies one input per image: the forward multiply-adds are the weight count
        ComputationGraph g = ResNetBuilder.build(spec, new Sgd(0.1), 0, 1, DataType.FLOAT);
        long weights = 0;
        for (Layer l : g.getLayers()) {
            if (l.paramTable().containsKey(DefaultParamInitializer.WEIGHT_KEY)
                    && !(l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) {
                weights += l.getParam(DefaultParamInitializer.WEIGHT_KEY).length();
            }
        }
        assertEquals(closedForm, weights);
        assertEquals(3.0 * 2.0 * 128 * closedForm, TrainingBenchmark.flopsPerStep(spec, 128));
    }

    @Test
    void convolutionalFlopsFollowTheLayersShapes() {
        // stem 16²·4²·1·c; each block 2 · 16²·3²·c²; classifier c·C (c = 2, C = 3)
        long stem = 256 * 16 * 2;
        long block = 2 * 256 * 9 * 4;
        assertEquals(stem + 2 * block + 2 * 3,
                TrainingBenchmark.forwardMultiplyAdds(new ResNetSpec(ModelType.T5A, 2, 2, 3)));
        assertEquals(stem + 2 * block + 2 * 3,
                TrainingBenchmark.forwardMultiplyAdds(new ResNetSpec(ModelType.T5B, 2, 2, 3)));
        // Type 3, depth 3: block 2 halves the side to 8 and doubles c to 4 through a 1×1 projection
        long down = 64 * 9 * 2 * 4 + 64 * 9 * 4 * 4 + 64 * 2 * 4;
        long after = 2 * 64 * 9 * 16;
        assertEquals(stem + block + down + after + 4 * 3,
                TrainingBenchmark.forwardMultiplyAdds(new ResNetSpec(ModelType.T3, 2, 3, 3)));
        assertEquals(6.0 * 5 * (stem + 2 * block + 2 * 3),
                TrainingBenchmark.flopsPerStep(new ResNetSpec(ModelType.T2, 2, 2, 3), 5));
    }

    @Test
    void gemmShapesAreTheBlockLayers() {
        assertEquals(new TrainingBenchmark.GemmShape(128, 512, 512),
                TrainingBenchmark.gemmShape(new ResNetSpec(ModelType.T4A, 512, 8, 10), 128));
        assertEquals(new TrainingBenchmark.GemmShape(128 * 256, 9 * 64, 64),
                TrainingBenchmark.gemmShape(new ResNetSpec(ModelType.T2, 64, 16, 10), 128));
    }

    @Test
    void rejectsImpossibleSettings() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 4, 1, 2);
        assertEquals("batch", assertThrows(InvalidInputException.class,
                () -> new TrainingBenchmark.Config(spec, 0, 1, 1, 0)).parameter());
        assertEquals("warmupSteps", assertThrows(InvalidInputException.class,
                () -> new TrainingBenchmark.Config(spec, 2, -1, 1, 0)).parameter());
        assertEquals("timedSteps", assertThrows(InvalidInputException.class,
                () -> new TrainingBenchmark.Config(spec, 2, 1, 0, 0)).parameter());
        assertThrows(NullPointerException.class, () -> new TrainingBenchmark.Config(null, 2, 1, 1, 0));
        TrainingBenchmark.Config ok = new TrainingBenchmark.Config(spec, 2, 0, 1, 0);
        assertEquals("threads", assertThrows(InvalidInputException.class,
                () -> TrainingBenchmark.inChildProcess(ok, -1)).parameter());
    }

    @Test
    void theMedianStepIsTheMiddleInterval() {
        assertEquals(3e-9, TrainingBenchmark.medianStepSeconds(new long[] {0, 1, 4, 14}));
        // intervals 1, 3, 10, 2: the mean of the middle two
        assertEquals(2.5e-9, TrainingBenchmark.medianStepSeconds(new long[] {10, 11, 14, 24, 26}), 1e-24);
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"4a, 6, 2", "4b, 5, 1", "1, 3, 3"})
    void thePyTorchPeerTrainsTheSameLayersAndDecaysTheSameWeights(String type, int width, int depth) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, 3);
        assumeTrue(TrainingBenchmark.peerUnavailable(spec).isEmpty(), "PyTorch is not installed");
        TrainingBenchmark.Config config = new TrainingBenchmark.Config(spec, 8, 1, 3, 5);
        TrainingBenchmark.PeerResult p = TrainingBenchmark.peer(config, 1);
        ComputationGraph g = ResNetBuilder.build(spec, new Sgd(0.1), TrainingBenchmark.WEIGHT_DECAY, 1,
                DataType.FLOAT);
        long trainable = 0;
        long decayed = 0;
        for (Layer l : g.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            for (var e : l.paramTable().entrySet()) {
                boolean runningStatistic = conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization
                        && (e.getKey().equals("mean") || e.getKey().equals("var"));
                if (!runningStatistic) {
                    trainable += e.getValue().length();
                }
                List<?> reg = conf.getRegularizationByParam(e.getKey());
                if (reg != null && !reg.isEmpty()) {
                    decayed += e.getValue().length();
                }
            }
        }
        assertEquals(trainable, p.parameters());
        assertEquals(decayed, p.decayedParameters());
        assertEquals(1, p.threads());
        assertTrue(p.framework().startsWith("pytorch "), p.framework());
        assertTrue(p.medianStepSeconds() > 0 && Double.isFinite(p.medianStepSeconds()), p.toString());
        assertEquals(1 / p.medianStepSeconds(), p.stepsPerSecond(), 1e-12 * p.stepsPerSecond());
    }

    @Test
    void thePeerSaysWhyItCannotMeasureAConvolutionalType() {
        assertTrue(TrainingBenchmark.peerUnavailable(new ResNetSpec(ModelType.T5A, 2, 1, 3)).orElseThrow()
                .contains("fully-connected"));
    }

    private static void assertConsistent(TrainingBenchmark.Config c, TrainingBenchmark.Result r) {
        ResNetSpec s = c.spec();
        assertEquals(s.type(), r.type());
        assertEquals(s.width(), r.width());
        assertEquals(s.depth(), r.depth());
        assertEquals(s.classes(), r.classes());
        assertEquals(c.batch(), r.batch());
        assertEquals(c.warmupSteps(), r.warmupSteps());
        assertEquals(c.timedSteps(), r.timedSteps());
        assertTrue(r.threads() >= 1 && r.blasThreads() >= 1);
        for (double v : new double[] {r.seconds(), r.stepsPerSecond(), r.imagesPerSecond(), r.flopsPerStep(),
                r.gemmGflops(), r.rooflineFraction()}) {
            assertTrue(Double.isFinite(v) && v > 0, "a positive finite figure: " + r);
        }
        assertTrue(Double.isNaN(r.busyCores()) || r.busyCores() >= 0, "busy cores " + r.busyCores());
        assertTrue(r.medianStepSeconds() > 0 && r.medianStepSeconds() <= r.seconds(), "median step " + r);
        assertEquals("ENABLED", r.javacpp().get("trainingWorkspaceMode"));
        assertEquals(c.timedSteps() / r.seconds(), r.stepsPerSecond(), 1e-12 * r.stepsPerSecond());
        assertEquals(c.batch() * r.stepsPerSecond(), r.imagesPerSecond(), 1e-12 * r.imagesPerSecond());
        assertEquals(TrainingBenchmark.flopsPerStep(s, c.batch()), r.flopsPerStep());
        assertEquals(r.flopsPerStep() * r.stepsPerSecond() / (r.gemmGflops() * 1e9), r.rooflineFraction(),
                1e-12 * r.rooflineFraction());
    }
}
