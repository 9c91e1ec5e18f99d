package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;

class LesionStudyTest {

    @TempDir
    Path dir;

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 4, 3);

    /**
     * The variant computed without the rearranged graph: the network's own h_1, then the blocks in {@code order}
     * as one-block graphs ({@link BlockFunction}), then the classifier's softmax(hW + b) by hand.
     */
    static double[][] byHand(ComputationGraph g, ResNetSpec spec, int[] order, double[][] x) {
        INDArray in = Nd4j.create(x);
        double[][] h = g.feedForward(in, false).get(BlockNames.STEM).toDoubleMatrix();
        for (int i : order) {
            h = new BlockFunction(g, spec, i).apply(h);
        }
        double[][] w = g.getLayer(ResNetBuilder.OUTPUT).getParam(DefaultParamInitializer.WEIGHT_KEY)
                .toDoubleMatrix();
        double[] b = g.getLayer(ResNetBuilder.OUTPUT).getParam(DefaultParamInitializer.BIAS_KEY).toDoubleVector();
        double[][] out = new double[h.length][b.length];
        for (int n = 0; n < h.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < b.length; c++) {
                double z = b[c];
                for (int d = 0; d < h[n].length; d++) {
                    z += h[n][d] * w[d][c];
                }
                out[n][c] = z;
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int c = 0; c < b.length; c++) {
                out[n][c] = Math.exp(out[n][c] - max);
                sum += out[n][c];
            }
            for (int c = 0; c < b.length; c++) {
                out[n][c] /= sum;
            }
        }
        return out;
    }

    static double[][] inputs(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[][] x = new double[n][ResNetSpec.INPUT_SIZE];
        for (double[] v : x) {
            for (int d = 0; d < v.length; d++) {
                v[d] = r.nextDouble();
            }
        }
        return x;
    }

    @Test
    void eachVariantIsTheNetworkWithItsBlocksInThatOrder() {
        ComputationGraph g = TinyNetworks.withRandomNorms(SPEC, 4);
        double[][] x = inputs(5, 1);
        double[][] whole = g.outputSingle(Nd4j.create(x)).toDoubleMatrix();
        for (int[] order : new int[][] {{1, 2, 3, 4}, {1, 3, 4}, {2, 3, 4}, {1, 2, 3}, {2, 1, 3, 4}, {1, 2, 4, 3},
            {4}, {}}) {
            ComputationGraph v = ResNetBuilder.rearranged(SPEC, order, DataType.DOUBLE);
            ResNetBuilder.copyParameters(g, v);
            double[][] got = v.outputSingle(Nd4j.create(x)).toDoubleMatrix();
            double[][] expected = byHand(g, SPEC, order, x);
            for (int n = 0; n < x.length; n++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected[n][c], got[n][c], 1e-12, java.util.Arrays.toString(order));
                }
            }
            if (order.length == 4 && order[0] == 1 && order[3] == 4 && order[1] == 2) {
                assertEquals(whole[0][0], got[0][0], 0.0, "the full order is the network itself");
            } else {
                assertNotEquals(whole[0][0], got[0][0], "a lesioned network computes something else");
            }
        }
    }

    @Test
    void anOrderThatBreaksTheNetworkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResNetBuilder.rearranged(SPEC, new int[] {1, 1},
                DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> ResNetBuilder.rearranged(SPEC, new int[] {5},
                DataType.DOUBLE));
        ResNetSpec t3 = new ResNetSpec(ModelType.T3, 2, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> ResNetBuilder.rearranged(t3, new int[] {1, 2, 4},
                DataType.DOUBLE)); // without the downsampling block the classifier gets the wrong size
    }

    @Test
    void theStudyHasOneEntryPerBlockAndTheWholeNetworksOwnAccuracy() throws Exception {
        Path model = dir.resolve("m.zip");
        TrainingSettings s = TrainerTest.settings(2);
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 4, TrainerTest.CLASSES);
        Trainer.train(spec, TrainerTest.DATASET, TrainerTest.DATA, s, model, false, TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        Images test = TrainerTest.DATA.test();
        int[] calls = {0};
        LesionStudy.Report r = LesionStudy.run("bridge lesion", "m.zip", loaded, test, 3, 5, n -> calls[0] = n);
        assertEquals(4, r.blocks().size());
        assertEquals(List.of(1, 2, 3, 4), r.blocks().stream().map(LesionStudy.BlockLesion::block).toList());
        assertEquals(Trainer.accuracy(loaded.graph(), test), r.accuracy(), 0.0);
        assertEquals(3, r.deleted().size());
        assertEquals(3, r.swapped().size());
        assertTrue(calls[0] >= 1 + 4 && calls[0] <= LesionStudy.evaluations(4, 3), "evaluated " + calls[0]);
        // k = L−1 deletions leave one block: its accuracy is that of one of the four single-block networks
        for (LesionStudy.Draws d : r.deleted()) {
            assertTrue(d.min() <= d.mean() && d.mean() <= d.max() && d.sd() >= 0, d.toString());
        }
        LesionStudy.Report again = LesionStudy.run("bridge lesion", "m.zip", loaded, test, 3, 5, n -> { });
        assertEquals(Json.comparable(r), Json.comparable(again));
        assertThrows(InvalidInputException.class, () -> LesionStudy.run("bridge lesion", "m.zip", loaded, test, 0, 5,
                n -> { }));
    }

    @Test
    void chosenBlocksAreDistinctAndCoverEveryBlock() {
        var rng = org.resalign.core.seed.Seeds.stream(3, org.resalign.core.seed.Seeds.Purpose.LESIONS);
        int[] seen = new int[9];
        for (int t = 0; t < 200; t++) {
            List<Integer> c = LesionStudy.choose(rng, 8, 3);
            assertEquals(3, c.stream().distinct().count());
            c.forEach(i -> seen[i]++);
        }
        for (int i = 1; i <= 8; i++) {
            assertTrue(seen[i] > 40, "block " + i + " chosen " + seen[i] + " times of an expected 75");
        }
    }
}
