package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/** The lean engine against the DL4J graph it stands in for: gradients in double precision, and training steps. */
class LeanNetworkTest {

    static final int BATCH = 24;
    static final double LAMBDA = 5e-3;
    static final double MU = 0.9;

    static ComputationGraph graph(ResNetSpec spec, long seed) {
        return TinyNetworks.withRandomNorms(ResNetBuilder.build(spec, new Nesterovs(0.05, MU), LAMBDA, seed,
                DataType.FLOAT), seed);
    }

    /** Nesterov's method with μ = {@link #MU}, λ = {@link #LAMBDA} on every parameter, batches of {@link #BATCH}. */
    static final TrainingSettings NESTEROV = new TrainingSettings(1, BATCH, 0.05, MU, LAMBDA, 0, 0);

    static float[] images(int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[m * ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (rng.nextDouble() * 2 - 1);
        }
        return x;
    }

    static int[] labels(int m, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 1);
        int[] y = new int[m];
        for (int r = 0; r < m; r++) {
            y[r] = rng.nextInt(classes);
        }
        return y;
    }

    static DataSet dataSet(float[] x, int[] y, int classes, DataType type) {
        float[] onehot = new float[y.length * classes];
        for (int r = 0; r < y.length; r++) {
            onehot[r * classes + y[r]] = 1;
        }
        return new DataSet(Nd4j.create(x, new long[] {y.length, ResNetSpec.INPUT_SIZE}).castTo(type),
                Nd4j.create(onehot, new long[] {y.length, classes}).castTo(type));
    }

    /** ‖a − b‖ / ‖b‖ of a lean gradient and a DL4J one. */
    static double relative(float[] lean, INDArray dl4j) {
        double[] r = dl4j.dup('c').data().asDouble();
        assertEquals(r.length, lean.length);
        double num = 0;
        double den = 0;
        for (int k = 0; k < r.length; k++) {
            num += (lean[k] - r[k]) * (lean[k] - r[k]);
            den += r[k] * r[k];
        }
        return Math.sqrt(num / den);
    }

    /**
     * The gradient of every parameter and the score, against the DL4J graph's in double precision at the same
     * parameters (DL4J's gradient is the sum over the batch, which its updater divides by the batch size). The lean
     * engine computes in single precision, so each parameter's gradient carries float rounding, ‖Δ‖/‖g‖ ≈ 1e-7.
     */
    @ParameterizedTest(name = "type {0}")
    @CsvSource({"4a, 16, 3, 3", "4b, 16, 3, 3", "1, 12, 4, 2"})
    void gradientsAgreeWithDl4jInDoublePrecision(String type, int width, int depth, int classes) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, classes);
        ComputationGraph g = graph(spec, 7);
        ComputationGraph reference = g.convertDataType(DataType.DOUBLE);
        float[] x = images(BATCH, 3);
        int[] y = labels(BATCH, classes, 3);
        DataSet data = dataSet(x, y, classes, DataType.DOUBLE);
        reference.setInputs(data.getFeatures());
        reference.setLabels(data.getLabels());
        reference.computeGradientAndScore();
        LeanNetwork lean = LeanNetwork.of(g, spec, NESTEROV);
        double score = lean.gradient(x, y, BATCH);
        assertEquals(reference.score(), score, 1e-6 * Math.abs(reference.score()), "score");
        Map<String, INDArray> grads = reference.gradient().gradientForVariable();
        int checked = 0;
        double worst = 0;
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            if (e.getKey().endsWith("_mean") || e.getKey().endsWith("_var")) {
                continue; // running statistics, not gradients
            }
            double rel = relative(lean.gradientOf(e.getKey()), e.getValue().div(BATCH));
            worst = Math.max(worst, rel);
            assertTrue(rel < 1e-5, e.getKey() + ": ‖Δ‖/‖g‖ = " + rel);
            checked++;
        }
        assertEquals(3 + 6 * depth + 2, checked, "every trainable parameter");
    }

    /** Negative control: the gradient of another batch's labels is told apart. */
    @Test
    void aWrongBatchIsToldApart() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 16, 2, 3);
        ComputationGraph g = graph(spec, 7);
        ComputationGraph reference = g.convertDataType(DataType.DOUBLE);
        float[] x = images(BATCH, 3);
        DataSet data = dataSet(x, labels(BATCH, 3, 3), 3, DataType.DOUBLE);
        reference.setInputs(data.getFeatures());
        reference.setLabels(data.getLabels());
        reference.computeGradientAndScore();
        LeanNetwork lean = LeanNetwork.of(g, spec, NESTEROV);
        lean.gradient(x, labels(BATCH, 3, 4), BATCH);
        String name = new BlockNames(1).layer1() + "_W";
        assertTrue(relative(lean.gradientOf(name), reference.gradient().gradientForVariable().get(name)
                .div(BATCH)) > 1e-2);
    }

    /**
     * Steps of the optimiser with L2 on the same batches as DL4J's own fit, for Nesterov's method and plain SGD and
     * for weight decay on every parameter and on the weights only: the parameters, the running statistics and the
     * momentum stay within float rounding of DL4J's, and a graph written by {@link LeanNetwork#copyInto} resumes as
     * DL4J's does.
     */
    @ParameterizedTest(name = "type {0}, {1}, decay on {2}")
    @CsvSource({"4a, nesterov, all", "4b, nesterov, all", "4a, sgd, all", "4a, nesterov, weights",
            "4b, sgd, weights"})
    void stepsAgreeWithDl4jsOwnTraining(String type, String optimizer, String scope) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), 16, 2, 3);
        Optimizer o = Optimizer.parse(optimizer);
        DecayScope d = DecayScope.parse(scope);
        boolean nesterov = o == Optimizer.NESTEROV;
        TrainingSettings settings = new TrainingSettings(1, BATCH, 0.05, nesterov ? MU : 0, LAMBDA, 0, 0, 0,
                TrainingEngine.LEAN, o, d);
        ComputationGraph dl4j = TinyNetworks.withRandomNorms(ResNetBuilder.build(spec, nesterov
                ? new Nesterovs(0.05, MU) : new org.nd4j.linalg.learning.config.Sgd(0.05), LAMBDA, d, 0, 11,
                DataType.FLOAT), 11);
        ComputationGraph start = dl4j.clone();
        LeanNetwork lean = LeanNetwork.of(start, spec, settings);
        for (int step = 0; step < 5; step++) {
            float[] x = images(BATCH, 100 + step);
            int[] y = labels(BATCH, 3, 100 + step);
            dl4j.fit(dataSet(x, y, 3, DataType.FLOAT));
            double score = lean.fit(x, y, BATCH, 0.05);
            assertEquals(dl4j.score(), score, 1e-5 * Math.abs(dl4j.score()), "score at step " + step);
        }
        ComputationGraph written = start.clone();
        lean.copyInto(written);
        double params = relative(written.params().dup().data().asFloat(), dl4j.params());
        assertTrue(params < 1e-5, "parameters and running statistics: " + params);
        if (nesterov) {
            double state = relative(written.getUpdater(true).getStateViewArray().dup().data().asFloat(),
                    dl4j.getUpdater(true).getStateViewArray());
            assertTrue(state < 1e-4, "momentum: " + state);
        }
        // the written graph, read back, continues the run: one more lean step from it matches one more DL4J step
        LeanNetwork resumed = LeanNetwork.of(written, spec, settings);
        float[] x = images(BATCH, 200);
        int[] y = labels(BATCH, 3, 200);
        dl4j.fit(dataSet(x, y, 3, DataType.FLOAT));
        resumed.fit(x, y, BATCH, 0.05);
        resumed.copyInto(written);
        assertTrue(relative(written.params().dup().data().asFloat(), dl4j.params()) < 1e-5);
    }

    /**
     * Negative control: a lean engine told another decay scope than its graph's is told apart from DL4J's training
     * (batch norm's γ and β move differently).
     */
    @Test
    void aMismatchedDecayScopeIsToldApart() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 16, 2, 3);
        ComputationGraph dl4j = TinyNetworks.withRandomNorms(ResNetBuilder.build(spec,
                new org.nd4j.linalg.learning.config.Sgd(0.05), 0.2, DecayScope.ALL, 0, 11, DataType.FLOAT), 11);
        LeanNetwork lean = LeanNetwork.of(dl4j.clone(), spec, new TrainingSettings(1, BATCH, 0.05, 0, 0.2, 0, 0, 0,
                TrainingEngine.LEAN, Optimizer.SGD, DecayScope.WEIGHTS));
        ComputationGraph written = dl4j.clone();
        for (int step = 0; step < 5; step++) {
            float[] x = images(BATCH, 100 + step);
            int[] y = labels(BATCH, 3, 100 + step);
            dl4j.fit(dataSet(x, y, 3, DataType.FLOAT));
            lean.fit(x, y, BATCH, 0.05);
        }
        lean.copyInto(written);
        assertTrue(relative(written.params().dup().data().asFloat(), dl4j.params()) > 1e-4);
    }
}
