package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Eq. (1)'s weight decay reaches every parameter ({@link DecayScope#ALL}) or the weight matrices only
 * ({@link DecayScope#WEIGHTS}), in both engines: with the data's gradient exactly zero, one step moves each parameter
 * by exactly the coupled L2 step, {@code −η·λ·θ} for plain SGD and {@code −(1+μ)·η·λ·θ} for Nesterov's first step, and
 * the parameters outside the scope do not move at all.
 *
 * <p>The data's gradient is made exactly zero, not small: with the classifier's weights zero and its bias equal in
 * every class, the softmax of every input is {@code 1/C} exactly ({@code C = 4}), and the labels are that same
 * uniform distribution, so {@code p − y = 0} and every gradient behind it is a product with zero.
 */
class WeightDecayTest {

    static final int CLASSES = 4;
    static final int BATCH = 8;
    static final double LR = 0.05;
    static final double LAMBDA = 0.03;
    static final double MU = 0.9;
    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 2, CLASSES);

    /** A graph whose every parameter is non-zero but whose data gradient is exactly zero (see the class comment). */
    static ComputationGraph flat(IUpdater updater, DecayScope scope) {
        ComputationGraph g = TinyNetworks.withRandomNorms(ResNetBuilder.build(SPEC, updater, LAMBDA, scope, 0, 5,
                DataType.FLOAT), 5);
        Layer out = g.getLayer(ResNetBuilder.OUTPUT);
        out.setParam(DefaultParamInitializer.WEIGHT_KEY, out.getParam(DefaultParamInitializer.WEIGHT_KEY).mul(0));
        out.setParam(DefaultParamInitializer.BIAS_KEY, Nd4j.valueArrayOf(new long[] {1, CLASSES}, 0.75f));
        return g;
    }

    static DataSet uniformLabels() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[BATCH * ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rng.nextDouble();
        }
        float[] y = new float[BATCH * CLASSES];
        java.util.Arrays.fill(y, 1f / CLASSES);
        return new DataSet(Nd4j.create(x, new long[] {BATCH, ResNetSpec.INPUT_SIZE}),
                Nd4j.create(y, new long[] {BATCH, CLASSES}));
    }

    /** Whether the parameter {@code name} ({@code layer_key}) is a running statistic rather than a trained one. */
    static boolean statistic(String name) {
        return name.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_MEAN)
                || name.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_VAR);
    }

    /** Whether {@code scope} decays the parameter {@code name}. */
    static boolean inScope(DecayScope scope, String name) {
        return scope == DecayScope.ALL || name.endsWith("_" + DefaultParamInitializer.WEIGHT_KEY);
    }

    /** The step factor of the L2 term alone: θ moves by {@code −factor·λ·θ}. */
    static double factor(boolean nesterov) {
        return nesterov ? (1 + MU) * LR : LR;
    }

    /**
     * DL4J's own fit, through {@link ResNetBuilder}'s configuration: every parameter in scope moves by exactly the L2
     * step (to float rounding of the two products), every other one stays where it was, bit for bit.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"all, sgd", "weights, sgd", "all, nesterov", "weights, nesterov"})
    void dl4jMovesEachParameterByExactlyTheL2Step(String scopeName, String optimizer) {
        DecayScope scope = DecayScope.parse(scopeName);
        boolean nesterov = Optimizer.parse(optimizer) == Optimizer.NESTEROV;
        ComputationGraph g = flat(nesterov ? new Nesterovs(LR, MU) : new Sgd(LR), scope);
        Map<String, INDArray> before = copy(g.paramTable());
        // the zero data gradient, checked on DL4J's own gradient (without the L2 term, which the updater adds)
        DataSet data = uniformLabels();
        ComputationGraph probe = g.clone();
        probe.setInputs(data.getFeatures());
        probe.setLabels(data.getLabels());
        probe.computeGradientAndScore();
        for (Map.Entry<String, INDArray> e : probe.gradient().gradientForVariable().entrySet()) {
            if (!statistic(e.getKey())) {
                assertEquals(0, e.getValue().amaxNumber().doubleValue(), 0, "data gradient of " + e.getKey());
            }
        }
        g.fit(data);
        int decayed = 0;
        int kept = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            String name = e.getKey();
            if (statistic(name)) {
                continue;
            }
            float[] was = before.get(name).dup('c').data().asFloat();
            float[] now = e.getValue().dup('c').data().asFloat();
            if (inScope(scope, name)) {
                assertL2Step(name, was, now, factor(nesterov));
                decayed++;
            } else {
                assertArrayEquals(was, now, name + " is outside the decay's scope and must not move");
                kept++;
            }
        }
        int blocks = SPEC.depth();
        // stem W, 2 W per block, the classifier's W; then γ and β of 1 + 2L batch norms and the classifier's b
        int weights = 1 + 2 * blocks + 1;
        int others = 2 * (1 + 2 * blocks) + 1;
        assertEquals(scope == DecayScope.ALL ? weights + others : weights, decayed, "decayed parameters");
        assertEquals(scope == DecayScope.ALL ? 0 : others, kept, "parameters left alone");
    }

    /** The same of the lean engine's update, its gradients set to zero. */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"all, sgd", "weights, sgd", "all, nesterov", "weights, nesterov"})
    void theLeanEngineMovesEachParameterByExactlyTheL2Step(String scopeName, String optimizer) {
        DecayScope scope = DecayScope.parse(scopeName);
        Optimizer o = Optimizer.parse(optimizer);
        boolean nesterov = o == Optimizer.NESTEROV;
        ComputationGraph g = flat(nesterov ? new Nesterovs(LR, MU) : new Sgd(LR), scope);
        LeanNetwork lean = LeanNetwork.of(g, SPEC, new TrainingSettings(1, BATCH, LR, nesterov ? MU : 0, LAMBDA, 0,
                0, 0, TrainingEngine.LEAN, o, scope));
        int decayed = 0;
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        for (String name : lean.parameterNames()) {
            before.put(name, lean.valueOf(name));
        }
        lean.zeroGradients();
        lean.update(LR);
        for (String name : lean.parameterNames()) {
            assertEquals(inScope(scope, name), lean.decays(name), name);
            if (inScope(scope, name)) {
                assertL2Step(name, before.get(name), lean.valueOf(name), factor(nesterov));
                decayed++;
            } else {
                assertArrayEquals(before.get(name), lean.valueOf(name), name);
            }
        }
        assertEquals(scope == DecayScope.ALL ? lean.parameterNames().size() : 2 + 2 * SPEC.depth(), decayed);
    }

    /**
     * Negative control: the check above tells a step of another size apart, and a graph built with
     * {@link DecayScope#WEIGHTS} is seen not to decay batch norm.
     */
    @Test
    void aWrongStepOrAMissingDecayIsToldApart() {
        ComputationGraph g = flat(new Sgd(LR), DecayScope.WEIGHTS);
        String gamma = new BlockNames(1).norm1() + "_" + BatchNormalizationParamInitializer.GAMMA;
        float[] was = g.getParam(gamma).dup('c').data().asFloat();
        g.fit(uniformLabels());
        float[] now = g.getParam(gamma).dup('c').data().asFloat();
        org.opentest4j.AssertionFailedError missing = org.junit.jupiter.api.Assertions.assertThrows(
                org.opentest4j.AssertionFailedError.class, () -> assertL2Step(gamma, was, now, factor(false)));
        assertTrue(missing.getMessage().contains(gamma), missing.getMessage());
        ComputationGraph h = flat(new Sgd(LR), DecayScope.ALL);
        String w = new BlockNames(1).layer1() + "_" + DefaultParamInitializer.WEIGHT_KEY;
        float[] w0 = h.getParam(w).dup('c').data().asFloat();
        h.fit(uniformLabels());
        float[] w1 = h.getParam(w).dup('c').data().asFloat();
        org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> assertL2Step(w, w0, w1, 1.01 * factor(false)));
    }

    /** A model with decayed batch norm reads back with it, and trains on as the one written. */
    @Test
    void aDecayedModelReadsBackWithItsDecay(@TempDir Path dir) {
        ComputationGraph g = flat(new Sgd(LR), DecayScope.ALL);
        assertInstanceOf(DecayedBatchNormalization.class, g.getLayer("stem_bn").conf().getLayer());
        TrainingSettings settings = new TrainingSettings(1, BATCH, LR, 0, LAMBDA, 0, 0);
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, SPEC, DatasetSpec.mixture(new int[] {0, 1, 2, 3}, 8, 0),
                settings, 0, java.util.List.of(), null, BridgeVersions.all());
        Path file = dir.resolve("m.zip");
        ModelFile.write(g, info, file);
        ComputationGraph read = ModelFile.read(file, true).graph();
        assertInstanceOf(DecayedBatchNormalization.class, read.getLayer("stem_bn").conf().getLayer());
        g.fit(uniformLabels());
        read.fit(uniformLabels());
        assertArrayEquals(g.params().dup().data().asFloat(), read.params().dup().data().asFloat());
    }

    /**
     * {@code now = was − factor·λ·was}, entry by entry, to the rounding of the update's float products; and the
     * parameter is not all zero (where the step would show nothing), except the classifier's weights, which the
     * construction zeroes.
     */
    static void assertL2Step(String name, float[] was, float[] now, double factor) {
        assertEquals(was.length, now.length, name);
        boolean moved = false;
        for (int k = 0; k < was.length; k++) {
            double expected = was[k] - factor * LAMBDA * was[k];
            double tolerance = 4 * Math.ulp((float) Math.abs(was[k]));
            assertEquals(expected, now[k], tolerance, name + "[" + k + "]: " + was[k] + " → " + now[k]);
            moved |= was[k] != 0;
        }
        assertTrue(moved || name.equals(ResNetBuilder.OUTPUT + "_" + DefaultParamInitializer.WEIGHT_KEY),
                name + " is all zero: its decay shows nothing");
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
