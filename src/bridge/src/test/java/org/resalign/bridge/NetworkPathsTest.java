package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;

class NetworkPathsTest {

    @TempDir
    Path dir;

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 4, 3);

    static double[] input(long seed) {
        return LesionStudyTest.inputs(1, seed)[0];
    }

    /** Zero shifts: every batch norm's β and running mean, and the classifier's bias. */
    static ComputationGraph homogeneous(ComputationGraph g) {
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                l.setParam(BatchNormalizationParamInitializer.BETA, l.getParam(BatchNormalizationParamInitializer.BETA)
                        .mul(0));
                l.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                        l.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).mul(0));
            }
        }
        Layer out = g.getLayer(ResNetBuilder.OUTPUT);
        out.setParam(DefaultParamInitializer.BIAS_KEY, out.getParam(DefaultParamInitializer.BIAS_KEY).mul(0));
        return g;
    }

    /**
     * Without shifts the blocks and the classifier are positively homogeneous, so the linearisation is the whole
     * margin: the paths carry all of it. With the shifts back (a negative control) they do not.
     */
    @Test
    void withoutShiftsThePathsCarryTheWholeMargin() {
        ComputationGraph g = homogeneous(TinyNetworks.withRandomNorms(SPEC, 3));
        double[] x = input(2);
        NetworkPaths.InputPaths p = NetworkPaths.at(NetworkPaths.Classifier.of(g, SPEC), SPEC, JacobianExtraction.at(g, SPEC, x),
                0, 1, null);
        assertEquals(0, p.affineShare(), 1e-12);
        ComputationGraph shifted = TinyNetworks.withRandomNorms(SPEC, 3);
        NetworkPaths.InputPaths q = NetworkPaths.at(NetworkPaths.Classifier.of(shifted, SPEC), SPEC,
                JacobianExtraction.at(shifted, SPEC, x), 0, 1, null);
        assertTrue(Math.abs(q.affineShare()) > 1e-3, "affine share " + q.affineShare());
    }

    /** The logits read off h_{L+1} are DL4J's own: their softmax is the network's output. */
    @Test
    void theReadoutIsTheNetworksClassifier() {
        ComputationGraph g = TinyNetworks.withRandomNorms(SPEC, 5);
        double[] x = input(6);
        JacobianExtraction.AtInput at = JacobianExtraction.at(g, SPEC, x);
        double[] z = NetworkPaths.Classifier.of(g, SPEC).logits(at.trajectory()[SPEC.depth()]);
        double[] out = g.outputSingle(Nd4j.create(x, new long[] {1, x.length})).toDoubleVector();
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double sum = java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
        for (int c = 0; c < z.length; c++) {
            assertEquals(out[c], Math.exp(z[c] - max) / sum, 1e-12);
        }
    }

    /** m(h_1) through the network's own blocks (one-block graphs) and the classifier. */
    static double margin(ComputationGraph g, double[] h1, int y, int c) {
        double[][] h = {h1};
        for (int i = 1; i <= SPEC.depth(); i++) {
            h = new BlockFunction(g, SPEC, i).apply(h);
        }
        double[] z = NetworkPaths.Classifier.of(g, SPEC).logits(h[0]);
        return z[y] - z[c];
    }

    /**
     * The gradients of all 2^L paths sum to ∂m/∂h_1, checked against central differences of the margin through the
     * network's own forward pass; a path through a block without skip carries nothing.
     */
    @Test
    void theGradientsOfAllPathsSumToTheMarginsGradient() {
        ComputationGraph g = TinyNetworks.withRandomNorms(SPEC, 7);
        double[] x = input(8);
        JacobianExtraction.AtInput at = JacobianExtraction.at(g, SPEC, x);
        NetworkPaths.InputPaths p = NetworkPaths.at(NetworkPaths.Classifier.of(g, SPEC), SPEC, at, 0, 0, null);
        double[] r = NetworkPaths.Classifier.of(g, SPEC).readout(0, p.rival(), SPEC.width());
        long[] all = new long[1 << SPEC.depth()];
        for (int m = 0; m < all.length; m++) {
            all[m] = m;
        }
        DMatrixRMaj paths = NetworkPaths.pathGradients(at, true, r, all);
        double[] h1 = at.trajectory()[0];
        double eps = 1e-6;
        for (int d = 0; d < h1.length; d++) {
            double sum = 0;
            for (int m = 0; m < all.length; m++) {
                sum += paths.get(d, m);
            }
            double[] plus = h1.clone();
            double[] minus = h1.clone();
            plus[d] += eps;
            minus[d] -= eps;
            double fd = (margin(g, plus, 0, p.rival()) - margin(g, minus, 0, p.rival())) / (2 * eps);
            assertEquals(fd, sum, 1e-6 * (1 + Math.abs(fd)), "coordinate " + d);
        }
        // and the margin itself: the linear part plus the affine rest
        assertEquals(margin(g, h1, 0, p.rival()), p.margin(), 1e-10 * (1 + Math.abs(p.margin())));
        double total = 0;
        for (double v : p.gradientShare()) {
            total += v;
        }
        assertEquals(1, total, 1e-12);
    }

    /** Without skips only the path through every branch exists: all of the linear part, and all the gradient, at k = L. */
    @Test
    void withoutSkipsOnlyTheLongestPathExists() {
        ResNetSpec plain = new ResNetSpec(ModelType.T4B, 6, 4, 3);
        ComputationGraph g = homogeneous(TinyNetworks.withRandomNorms(plain, 9));
        NetworkPaths.InputPaths p = NetworkPaths.at(NetworkPaths.Classifier.of(g, plain), plain,
                JacobianExtraction.at(g, plain, input(10)), 0, 2, null);
        for (int k = 0; k < 4; k++) {
            assertEquals(0, p.pathShare()[k], 0.0);
            assertEquals(0, p.gradientShare()[k], 0.0);
        }
        assertEquals(1, p.pathShare()[4], 1e-12);
        assertEquals(1, p.gradientShare()[4], 0.0);
    }

    @Test
    void theReportOfATrainedNetwork() throws Exception {
        Path model = dir.resolve("m.zip");
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 4, TrainerTest.CLASSES);
        Trainer.train(spec, TrainerTest.DATASET, TrainerTest.DATA, TrainerTest.settings(2), model, false,
                TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        NetworkPaths.Report r = NetworkPaths.run("bridge paths", "m.zip", loaded, TrainerTest.DATA.train(), 3, 1, 8,
                n -> { });
        assertEquals(5, r.pathShare().length);
        assertEquals(3, r.byInput().size());
        assertEquals("all", r.pathsPerLength());
        double sum = r.affineShare();
        for (double v : r.pathShare()) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
        assertTrue(r.effectiveGradientLength() >= 0 && r.effectiveGradientLength() <= 4);
        NetworkPaths.Report again = NetworkPaths.run("bridge paths", "m.zip", loaded, TrainerTest.DATA.train(), 3, 1,
                8, n -> { });
        assertEquals(Json.comparable(r), Json.comparable(again));
        assertThrows(InvalidInputException.class, () -> NetworkPaths.run("bridge paths", "m.zip", loaded,
                TrainerTest.DATA.train(), 3, 1, 0, n -> { }));
    }

    /** Sampled paths have the length they are drawn for, and distinct blocks. */
    @Test
    void sampledPathsHaveTheirLength() {
        var rng = org.resalign.core.seed.Seeds.stream(1, org.resalign.core.seed.Seeds.Purpose.PATHS);
        List<long[]> s = NetworkPaths.samples(rng, 20, 16);
        assertEquals(21, s.size());
        for (int k = 0; k <= 20; k++) {
            for (long m : s.get(k)) {
                assertEquals(k, Long.bitCount(m));
                assertTrue(m >>> 20 == 0);
            }
        }
    }
}
