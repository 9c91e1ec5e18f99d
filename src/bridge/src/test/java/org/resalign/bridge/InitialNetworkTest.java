package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The network of a run at initialisation: Trainer's initial weights, batch norm's statistics estimated on the data. */
class InitialNetworkTest {

    static final DatasetSpec DATASET = DatasetSpec.mixture(new int[] {0, 1, 2}, 40, 4);
    static final Split DATA = DATASET.load();
    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 8, 2, 3);
    static final TrainingSettings SETTINGS = new TrainingSettings(3, 16, 0.1, 0, 0.02, 9, 0);

    static ModelInfo trained() {
        return new ModelInfo(ModelInfo.FORMAT, SPEC, DATASET, SETTINGS, 3, List.of(), 0.9, BridgeVersions.all());
    }

    static boolean statistic(String name) {
        return name.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_MEAN)
                || name.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_VAR);
    }

    /**
     * Every trained parameter is, bit for bit, the one the Trainer starts from (built with the run's own updater),
     * so the 50 passes at learning rate 0 moved none of them.
     */
    @Test
    void theWeightsAreTheTrainersInitialOnes() {
        ComputationGraph start = ResNetBuilder.build(SPEC, Trainer.updater(SETTINGS, SETTINGS.stepsPerEpoch(120)),
                SETTINGS.weightDecay(), SETTINGS.decayScope(), 0, SETTINGS.seed(), DataType.FLOAT);
        ComputationGraph initial = InitialNetwork.of(trained(), DATA).graph();
        int compared = 0;
        for (Map.Entry<String, INDArray> e : start.paramTable().entrySet()) {
            if (statistic(e.getKey())) {
                continue;
            }
            assertArrayEquals(e.getValue().dup().data().asFloat(),
                    initial.getParam(e.getKey()).dup().data().asFloat(), e.getKey());
            compared++;
        }
        assertEquals(3 + 6 * SPEC.depth() + 2, compared);
    }

    /**
     * The stem's running mean is the exponential average (decay 0.9, from 0) of the 50 calibration batches' means of
     * {@code X·W₀}, recomputed here in double precision from the images and the stem's weights; the fresh network's
     * is 0 (negative control).
     */
    @Test
    void theStemsRunningMeanIsTheAverageOfTheCalibrationBatches() {
        ComputationGraph initial = InitialNetwork.of(trained(), DATA).graph();
        float[] w = initial.getParam("stem_" + DefaultParamInitializer.WEIGHT_KEY).dup('c').data().asFloat();
        int d = SPEC.width();
        int side = ResNetSpec.INPUT_SIZE;
        Images train = DATA.train();
        int n = train.size();
        int b = SETTINGS.batchSize();
        int[] order = Trainer.permutation(n, SETTINGS.seed(), 1);
        double[] running = new double[d];
        int from = 0;
        for (int step = 0; step < InitialNetwork.CALIBRATION_STEPS; step++) {
            if (from + b > n) {
                from = 0;
            }
            double[] mean = new double[d];
            for (int r = 0; r < b; r++) {
                int k = order[from + r];
                for (int j = 0; j < d; j++) {
                    double z = 0;
                    for (int p = 0; p < side; p++) {
                        z += (double) train.pixels()[k * side + p] * w[p * d + j];
                    }
                    mean[j] += z / b;
                }
            }
            for (int j = 0; j < d; j++) {
                running[j] = 0.9 * running[j] + 0.1 * mean[j];
            }
            from += b;
        }
        float[] dl4j = initial.getParam("stem_bn_" + BatchNormalizationParamInitializer.GLOBAL_MEAN).dup().data()
                .asFloat();
        double scale = 0;
        for (double v : running) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0.05, "the check needs non-trivial means: " + scale);
        for (int j = 0; j < d; j++) {
            assertEquals(running[j], dl4j[j], 1e-5 * scale + 1e-6, "running mean " + j);
        }
        float[] fresh = InitialNetwork.fresh(SPEC, SETTINGS)
                .getParam("stem_bn_" + BatchNormalizationParamInitializer.GLOBAL_MEAN).dup().data().asFloat();
        double apart = 0;
        for (int j = 0; j < d; j++) {
            assertEquals(0, fresh[j], 0, "a fresh network's running mean");
            apart = Math.max(apart, Math.abs(dl4j[j] - fresh[j]));
        }
        assertTrue(apart > 0.05 * scale, "calibration moved the statistics");
    }
}
