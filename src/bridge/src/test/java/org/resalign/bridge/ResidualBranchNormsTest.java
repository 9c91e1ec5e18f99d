package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class ResidualBranchNormsTest {

    @TempDir
    Path dir;

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 4, 3);

    /** {@code BN(z) = γ(z − μ)/√(v + ε) + β} from the layer's parameters. */
    static double[] batchNorm(Layer l, double[] z) {
        double[] gamma = l.getParam(BatchNormalizationParamInitializer.GAMMA).toDoubleVector();
        double[] beta = l.getParam(BatchNormalizationParamInitializer.BETA).toDoubleVector();
        double[] mean = l.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
        double[] var = l.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).toDoubleVector();
        double eps = ((BatchNormalization) l.conf().getLayer()).getEps();
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = gamma[c] * (z[c] - mean[c]) / Math.sqrt(var[c] + eps) + beta[c];
        }
        return out;
    }

    /** {@code hW} with DL4J's {@code [nIn, nOut]} weights. */
    static double[] dense(Layer l, double[] h) {
        double[][] w = l.getParam(DefaultParamInitializer.WEIGHT_KEY).toDoubleMatrix();
        double[] out = new double[w[0].length];
        for (int i = 0; i < h.length; i++) {
            for (int o = 0; o < out.length; o++) {
                out[o] += h[i] * w[i][o];
            }
        }
        return out;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Against the branch computed by hand from the parameters: F(h) = BN₂(W₂ relu(BN₁(W₁ h))). */
    @Test
    void theRatioIsTheBranchOverItsInputByHand() {
        ComputationGraph g = TinyNetworks.withRandomNorms(SPEC, 11);
        double[][] x = LesionStudyTest.inputs(3, 12);
        ResidualBranchNorms.Ratios r = ResidualBranchNorms.of(g, SPEC, x);
        for (int i = 1; i <= SPEC.depth(); i++) {
            BlockNames n = new BlockNames(i);
            double mean = 0;
            for (double[] xn : x) {
                double[] h = g.feedForward(Nd4j.create(new double[][] {xn}), false).get(n.input()).toDoubleVector();
                double[] a = batchNorm(g.getLayer(n.norm1()), dense(g.getLayer(n.layer1()), h));
                for (int k = 0; k < a.length; k++) {
                    a[k] = Math.max(0, a[k]);
                }
                double[] f = batchNorm(g.getLayer(n.norm2()), dense(g.getLayer(n.layer2()), a));
                mean += norm(f) / norm(h) / x.length;
            }
            assertEquals(mean, r.mean()[i - 1], 1e-12 * mean, "block " + i);
        }
    }

    /** The exponent is the least-squares slope of log ratio on log i over the blocks. */
    @Test
    void theExponentIsTheSlopeOfLogRatioOnLogDepth() {
        ComputationGraph g = TinyNetworks.withRandomNorms(SPEC, 13);
        ResidualBranchNorms.Ratios r = ResidualBranchNorms.of(g, SPEC, LesionStudyTest.inputs(2, 14));
        org.hipparchus.stat.regression.SimpleRegression fit = new org.hipparchus.stat.regression.SimpleRegression();
        for (int i = 1; i <= 4; i++) {
            fit.addData(Math.log(i), Math.log(r.mean()[i - 1]));
        }
        assertEquals(fit.getSlope(), r.exponent(), 1e-12);
        assertEquals(fit.getRSquare(), r.rSquared(), 1e-12);
    }

    @Test
    void aTrainedNetworkAndItsInitialisation() throws Exception {
        Path model = dir.resolve("m.zip");
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 4, TrainerTest.CLASSES);
        Trainer.train(spec, TrainerTest.DATASET, TrainerTest.DATA, TrainerTest.settings(2), model, false,
                TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        ResidualBranchNorms.Report r = ResidualBranchNorms.run("bridge branches", "m.zip", loaded, TrainerTest.DATA,
                4, 0);
        assertNotNull(r.initial());
        assertEquals(4, r.trained().mean().length);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.initial().mean()[i] > 0 && r.trained().mean()[i] > 0);
        }
        assertTrue(r.initial().mean()[0] != r.trained().mean()[0], "training changed the branches");
    }
}
