package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class StochasticDepthTest {

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 3, 2);
    static final double P = 0.3;
    static final int BATCH = 24;

    @TempDir
    Path dir;

    @Test
    void masksDropAboutPOfTheExamplesAndScaleTheRestToKeepTheMean() {
        int n = 200_000;
        double[] f = StochasticDepth.factors(P, 5, 2, 17, n);
        long dropped = Arrays.stream(f).filter(v -> v == 0).count();
        // binomial sd √(n p (1−p)) ≈ 205; 5 sd
        assertEquals(P * n, dropped, 5 * Math.sqrt(n * P * (1 - P)));
        assertTrue(Arrays.stream(f).allMatch(v -> v == 0 || v == 1 / (1 - P)));
        assertEquals(1, Arrays.stream(f).average().orElseThrow(), 5 * Math.sqrt(P / (1 - P) / n));
    }

    @Test
    void masksAreTheOnesCommittedRunsWereTrainedWith() {
        // Recorded from the masks as they stood before the seed facility derived its streams itself.
        assertArrayEquals(new double[] {2, 0, 2, 0, 0, 2, 0, 0, 2, 0, 2, 2}, StochasticDepth.factors(0.5, 5, 2, 17, 12),
                0);
        double k = 1 / 0.75;
        assertArrayEquals(new double[] {k, 0, k, k, k, k, 0, k, 0, 0},
                StochasticDepth.factors(0.25, 3, 0, 123_456_789L, 10), 0);
    }

    @Test
    void masksAreAFunctionOfSeedBlockAndStep() {
        double[] a = StochasticDepth.factors(P, 5, 2, 17, 64);
        assertArrayEquals(a, StochasticDepth.factors(P, 5, 2, 17, 64), 0);
        assertFalse(Arrays.equals(a, StochasticDepth.factors(P, 5, 3, 17, 64)), "another block");
        assertFalse(Arrays.equals(a, StochasticDepth.factors(P, 5, 2, 18, 64)), "another step");
        assertFalse(Arrays.equals(a, StochasticDepth.factors(P, 6, 2, 17, 64)), "another seed");
    }

    @Test
    void onlySkipTypesTakeStochasticDepthAndPMustBeAProbability() {
        ResNetSpec noSkips = new ResNetSpec(ModelType.T4B, 6, 3, 2);
        assertThrows(IllegalArgumentException.class,
                () -> ResNetBuilder.build(noSkips, new NoOp(), 0, P, 1, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class,
                () -> ResNetBuilder.build(SPEC, new NoOp(), 0, 1.0, 1, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class,
                () -> ResNetBuilder.build(SPEC, new NoOp(), 0, -0.1, 1, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(1, 8, 0.1, 0.9, 0, 1, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepthVertex(0, 1, 1));
    }

    /** In inference the network with stochastic depth is the plain ResNet with the same weights. */
    @Test
    void inferenceIsThePlainNetwork() {
        ComputationGraph plain = ResNetBuilder.build(SPEC, new NoOp(), 0, 0, 3, DataType.DOUBLE);
        ComputationGraph sd = ResNetBuilder.build(SPEC, new NoOp(), 0, P, 3, DataType.DOUBLE);
        assertNotNull(sd.getVertex(new BlockNames(1).drop()));
        assertNull(plain.getVertex(new BlockNames(1).drop()));
        sd.setParams(plain.params());
        INDArray x = inputs(BATCH, 1);
        assertArrayEquals(plain.outputSingle(false, x).ravel().toDoubleVector(),
                sd.outputSingle(false, x).ravel().toDoubleVector(), 0);
    }

    /** A training forward pass scales each example's branch by its mask factor, exactly. */
    @Test
    void trainingForwardAppliesTheStepsMasks() {
        ComputationGraph g = ResNetBuilder.build(SPEC, new NoOp(), 0, P, 3, DataType.DOUBLE);
        g.getConfiguration().setIterationCount(41);
        Map<String, INDArray> act = g.feedForward(inputs(BATCH, 2), true);
        int zeros = 0;
        for (int i = 1; i <= SPEC.depth(); i++) {
            BlockNames n = new BlockNames(i);
            double[] f = StochasticDepth.factors(P, 3, i, 41, BATCH);
            INDArray branch = act.get(n.norm2());
            INDArray dropped = act.get(n.drop());
            for (int e = 0; e < BATCH; e++) {
                double[] want = branch.getRow(e).mul(f[e]).toDoubleVector();
                assertArrayEquals(want, dropped.getRow(e).toDoubleVector(), 1e-15, "block " + i + " example " + e);
                zeros += f[e] == 0 ? 1 : 0;
            }
        }
        assertTrue(zeros > 0 && zeros < SPEC.depth() * BATCH, "some, not all, branches dropped: " + zeros);
    }

    /**
     * The backward pass through the vertex: DL4J's gradient of the training loss with respect to the weights of
     * every block's branch equals central differences of the same loss (same masks: the step does not move). The
     * negative control reads the finite differences at the next step, whose masks differ: they must disagree.
     */
    @Test
    void gradientThroughDroppedBranchesMatchesFiniteDifferences() {
        ComputationGraph g = ResNetBuilder.build(SPEC, new NoOp(), 0, P, 3, DataType.DOUBLE);
        g.getConfiguration().setIterationCount(7);
        DataSet data = new DataSet(inputs(BATCH, 3), labels(BATCH, 4));
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.computeGradientAndScore();
        // DL4J's gradient is the sum over the mini-batch (its updater divides by the batch size); the score the mean
        INDArray analytic = g.gradient().gradient().dup().divi(BATCH);
        INDArray params = g.params();
        double worst = 0;
        double worstShifted = 0;
        String[] layers = {new BlockNames(1).layer2(), new BlockNames(2).layer1(), new BlockNames(3).layer2()};
        for (String layer : layers) {
            INDArray w = g.getLayer(layer).getParam("W");
            long offset = offsetOf(g, layer);
            for (int k = 0; k < Math.min(8, w.length()); k++) {
                long at = offset + k;
                double fd = centralDifference(g, data, params, at);
                double an = analytic.getDouble(at);
                worst = Math.max(worst, Math.abs(fd - an) / Math.max(1e-6, Math.abs(an) + Math.abs(fd)));
                g.getConfiguration().setIterationCount(8);
                double shifted = centralDifference(g, data, params, at);
                g.getConfiguration().setIterationCount(7);
                worstShifted = Math.max(worstShifted, Math.abs(shifted - an)
                        / Math.max(1e-6, Math.abs(an) + Math.abs(shifted)));
            }
        }
        assertTrue(worst < 1e-6, "relative error " + worst);
        assertTrue(worstShifted > 1e-2, "the next step's masks gave the same gradient: " + worstShifted);
    }

    /** The vertex survives DL4J's configuration JSON: a trained model with stochastic depth reads back whole. */
    @Test
    void aModelWithStochasticDepthIsSavedAndRead() {
        Split data = GaussianMixture.generate(2, 32, 16, 8.0, 5);
        DatasetSpec dataset = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", 32, 16, 5);
        TrainingSettings s = new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 9, 1, P);
        Path file = dir.resolve("sd.zip");
        ModelInfo info = Trainer.train(SPEC, dataset, data, s, file, false, TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(file, true);
        assertEquals(P, loaded.info().training().stochasticDepth());
        assertTrue(loaded.info().sameRun(SPEC, dataset, s));
        assertFalse(loaded.info().sameRun(SPEC, dataset, new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 9, 1)));
        assertEquals(new StochasticDepthVertex(P, 9, 2),
                loaded.graph().getConfiguration().getVertices().get(new BlockNames(2).drop()));
        assertEquals(info.testAccuracy(), Trainer.accuracy(loaded.graph(), data.test()), 0);
    }

    private static double centralDifference(ComputationGraph g, DataSet data, INDArray params, long at) {
        double h = 1e-6;
        double x = params.getDouble(at);
        params.putScalar(at, x + h);
        g.setParams(params);
        double up = g.score(data, true);
        params.putScalar(at, x - h);
        g.setParams(params);
        double down = g.score(data, true);
        params.putScalar(at, x);
        g.setParams(params);
        return (up - down) / (2 * h);
    }

    /** Where {@code layer}'s weights start in the flattened parameter vector (they are a view of it). */
    private static long offsetOf(ComputationGraph g, String layer) {
        return g.getLayer(layer).getParam("W").offset() - g.params().offset();
    }

    private static INDArray inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextGaussian();
        }
        return Nd4j.create(x, new long[] {n, ResNetSpec.INPUT_SIZE});
    }

    private static INDArray labels(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n * 2];
        for (int e = 0; e < n; e++) {
            y[e * 2 + rng.nextInt(2)] = 1;
        }
        return Nd4j.create(y, new long[] {n, 2});
    }
}
