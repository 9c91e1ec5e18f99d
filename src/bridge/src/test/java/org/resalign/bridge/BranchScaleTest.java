package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;

/** Residual scaling α: h_{i+1} = σ(h_i + α·F(h_i)) in the graph, its Jacobians, its training and its record. */
class BranchScaleTest {

    @TempDir
    Path dir;

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 8, 3, 3);

    static ComputationGraph scaled(double alpha, long seed) {
        return TinyNetworks.withRandomNorms(ResNetBuilder.build(SPEC, new Sgd(0.1), 1e-3, DecayScope.ALL, 0, alpha,
                seed, DataType.DOUBLE), seed);
    }

    /** With α = 1 the graph is the paper's, vertex for vertex; with α ≠ 1 each block has one scale vertex more. */
    @Test
    void alphaOneIsThePapersGraph() {
        ComputationGraph plain = ResNetBuilder.build(SPEC, new Sgd(0.1), 1e-3, DecayScope.ALL, 0, 3, DataType.DOUBLE);
        ComputationGraph one = ResNetBuilder.build(SPEC, new Sgd(0.1), 1e-3, DecayScope.ALL, 0, 1, 3, DataType.DOUBLE);
        assertEquals(plain.getConfiguration().toJson(), one.getConfiguration().toJson());
        ComputationGraph quarter = scaled(0.25, 3);
        assertEquals(plain.getConfiguration().getVertices().size() + 3, quarter.getConfiguration().getVertices().size());
        for (int i = 1; i <= 3; i++) {
            assertEquals(0.25, ResNetBuilder.branchScale(quarter, i));
            assertEquals(1.0, ResNetBuilder.branchScale(plain, i));
        }
    }

    /**
     * The block is σ(h + α·F(h)), with F computed by hand from the branch of the same network, and its Residual
     * Jacobian σ'(·)·α·∂F/∂h agrees with central differences of the block's forward pass.
     */
    @Test
    void theJacobianCarriesAlpha() {
        double alpha = 0.3;
        ComputationGraph g = scaled(alpha, 5);
        double[] x = GaussianMixture.generate(3, 2, 1, 3.0, 5).train().image(1);
        JacobianExtraction.AtInput at = JacobianExtraction.at(g, SPEC, x);
        for (int i = 1; i <= 3; i++) {
            double[] h = at.trajectory()[i - 1];
            BlockNames n = new BlockNames(i);
            double[] a = ResidualBranchNormsTest.batchNorm(g.getLayer(n.norm1()),
                    ResidualBranchNormsTest.dense(g.getLayer(n.layer1()), h));
            for (int k = 0; k < a.length; k++) {
                a[k] = Math.max(0, a[k]);
            }
            double[] f = ResidualBranchNormsTest.batchNorm(g.getLayer(n.norm2()),
                    ResidualBranchNormsTest.dense(g.getLayer(n.layer2()), a));
            for (int k = 0; k < h.length; k++) {
                double expected = Math.max(0, h[k] + alpha * f[k]);
                assertEquals(expected, at.trajectory()[i][k], 1e-12 * (1 + Math.abs(expected)), "block " + i);
            }
            DMatrixRMaj dense = at.jacobians().get(i - 1).dense();
            DMatrixRMaj fd = new BlockFunction(g, SPEC, i).residualJacobianTimes(h, CommonOps_DDRM.identity(8), 1e-6);
            DMatrixRMaj diff = dense.copy();
            CommonOps_DDRM.subtractEquals(diff, fd);
            assertTrue(NormOps_DDRM.normF(diff) < 1e-6 * NormOps_DDRM.normF(dense), "block " + i);
            assertTrue(NormOps_DDRM.normF(dense) > 1e-3);
        }
    }

    @Test
    void trainedWithAlphaTheModelKeepsIt() throws Exception {
        Path model = dir.resolve("a.zip");
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 4, TrainerTest.CLASSES);
        TrainingSettings s = TrainerTest.settings(1).withBranchScale(0.25);
        Trainer.train(spec, TrainerTest.DATASET, TrainerTest.DATA, s, model, false, TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        assertEquals(0.25, loaded.info().training().branchScale());
        assertEquals(0.25, ResNetBuilder.branchScale(loaded.graph(), 4));
        assertEquals(0.25, Json.mapper().valueToTree(loaded.info().training()).get("branchScale").asDouble());
        // α = 1 stays out of the JSON, as in the records written before the setting existed
        assertTrue(!Json.mapper().valueToTree(TrainerTest.settings(1)).has("branchScale"));
        assertEquals(TrainerTest.settings(1), Json.mapper().readValue(
                Json.mapper().writeValueAsString(TrainerTest.settings(1)), TrainingSettings.class));
        // the initial network of the run has the same α
        assertEquals(0.25, ResNetBuilder.branchScale(InitialNetwork.of(loaded.info(), TrainerTest.DATA).graph(), 1));
    }

    @Test
    void alphaNeedsSkipsAndTheDl4jEngine() {
        ResNetSpec plain = new ResNetSpec(ModelType.T4B, 8, 2, TrainerTest.CLASSES);
        TrainingSettings s = TrainerTest.settings(1).withBranchScale(0.5);
        assertThrows(InvalidInputException.class, () -> Trainer.requireEngine(plain, s));
        assertThrows(InvalidInputException.class, () -> Trainer.requireEngine(SPEC,
                s.withEngine(TrainingEngine.LEAN)));
        assertThrows(InvalidInputException.class, () -> TrainerTest.settings(1).withBranchScale(0));
        assertThrows(InvalidInputException.class, () -> TrainerTest.settings(1).withBranchScale(Double.NaN));
    }
}
