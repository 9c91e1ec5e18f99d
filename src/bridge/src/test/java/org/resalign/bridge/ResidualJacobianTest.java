package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResidualJacobianTest {

    /** Central differences of the block's full forward pass through DL4J: exact for a piecewise-linear block. */
    static final double STEP = 1e-6;

    @ParameterizedTest(name = "type {0}, width {1}, depth {2}")
    @CsvSource({"4a, 12, 3", "4b, 12, 3", "1, 10, 2", "5a, 2, 2", "5b, 2, 2", "3, 2, 3"})
    void everyBlockAgreesWithFiniteDifferencesOfDl4jsForwardPass(String type, int width, int depth) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, 3);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 11);
        double[] x = GaussianMixture.generate(3, 2, 1, 3.0, 5).train().image(1);
        JacobianExtraction.AtInput at = JacobianExtraction.at(g, spec, x);
        int checked = 0;
        for (int i = 1; i <= depth; i++) {
            ResidualJacobian j = at.jacobians().get(i - 1);
            if (!spec.squareBlock(i)) {
                assertEquals(null, j, "the downsampling block has no square Jacobian");
                continue;
            }
            BlockFunction f = new BlockFunction(g, spec, i);
            double[] h = at.trajectory()[i - 1];
            // the block's own forward pass reproduces the network's h_{i+1}
            double[] next = f.apply(new double[][] {h})[0];
            double[] expected = at.trajectory()[i];
            for (int k = 0; k < next.length; k++) {
                assertEquals(expected[k], next[k], 1e-12 * (1 + Math.abs(expected[k])));
            }
            DMatrixRMaj dense = j.dense();
            DMatrixRMaj fd = f.residualJacobianTimes(h, CommonOps_DDRM.identity(h.length), STEP);
            double rel = relativeDifference(dense, fd);
            assertTrue(rel < 1e-6, "block " + i + ": ‖J − J_fd‖/‖J‖ = " + rel);
            assertTrue(NormOps_DDRM.normF(dense) > 1e-3, "block " + i + " has a trivial Jacobian");
            checked++;
        }
        assertTrue(checked >= depth - 1);
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"4a, 16", "5a, 3"})
    void transposeIsTheAdjoint(String type, int width) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, 2, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 3);
        double[] x = GaussianMixture.generate(2, 1, 1, 3.0, 8).train().image(0);
        ResidualJacobian j = JacobianExtraction.at(g, spec, x).jacobians().get(1);
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj v = gaussian(j.cols(), 3, rng);
        DMatrixRMaj u = gaussian(j.rows(), 3, rng);
        DMatrixRMaj jv = j.times(v);
        DMatrixRMaj jtu = j.transposeTimes(u);
        for (int c = 0; c < 3; c++) {
            double left = 0;
            double right = 0;
            for (int r = 0; r < j.rows(); r++) {
                left += u.get(r, c) * jv.get(r, c);
            }
            for (int r = 0; r < j.cols(); r++) {
                right += v.get(r, c) * jtu.get(r, c);
            }
            assertEquals(left, right, 1e-10 * (Math.abs(left) + 1), "⟨u, Jv⟩ = ⟨Jᵀu, v⟩");
        }
    }

    /** The fully-connected route through OpenBLAS on the weights gives what DL4J's own layers give. */
    @ParameterizedTest(name = "type {0}")
    @CsvSource({"4a", "4b", "1"})
    void theWeightRouteAgreesWithDl4jsLayers(String type) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), 24, 2, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 5);
        double[] x = GaussianMixture.generate(2, 1, 1, 3.0, 9).train().image(0);
        SplittableRandom rng = new SplittableRandom(2);
        for (ResidualJacobian j : JacobianExtraction.at(g, spec, x).jacobians()) {
            DMatrixRMaj v = gaussian(j.cols(), 5, rng);
            DMatrixRMaj viaBlas = j.times(v);
            DMatrixRMaj viaLayers = new DMatrixRMaj(j.rows(), 5);
            j.applyThroughLayers(v, viaLayers);
            assertTrue(relativeDifference(viaBlas, viaLayers) < 1e-14, "J·v");
            DMatrixRMaj tBlas = j.transposeTimes(v);
            DMatrixRMaj tLayers = new DMatrixRMaj(j.cols(), 5);
            j.applyTransposeThroughLayers(v, tLayers);
            assertTrue(relativeDifference(tBlas, tLayers) < 1e-14, "Jᵀ·v");
            DMatrixRMaj eye = CommonOps_DDRM.identity(j.cols());
            DMatrixRMaj layers = new DMatrixRMaj(j.rows(), j.cols());
            j.applyThroughLayers(eye, layers);
            assertTrue(relativeDifference(j.dense(), layers) < 1e-14, "the formed matrix");
            // and the comparison can fail: the transpose is not the matrix
            assertTrue(relativeDifference(tBlas, viaLayers) > 1e-3);
        }
    }

    /**
     * One prepared network measured at many inputs (its weights copied once) gives, at each input, the Jacobians and
     * trajectory of a network prepared for that input alone, to the last bit; and the finite differences of the
     * block at the second input hold for the shared-weights Jacobian too.
     */
    @org.junit.jupiter.api.Test
    void aNetworkMeasuredAtManyInputsSharesItsWeightsWithoutCarryingState() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 12, 3, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 6);
        Images images = GaussianMixture.generate(2, 2, 1, 3.0, 3).train();
        JacobianExtraction.Network shared = JacobianExtraction.of(g, spec);
        for (int n = 0; n < 3; n++) {
            double[] x = images.image(n);
            JacobianExtraction.AtInput reused = shared.at(x);
            JacobianExtraction.AtInput fresh = JacobianExtraction.of(g, spec).at(x);
            for (int i = 0; i < spec.depth(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.trajectory()[i + 1],
                        reused.trajectory()[i + 1]);
                org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.jacobians().get(i).dense().data,
                        reused.jacobians().get(i).dense().data);
            }
        }
        double[] x = images.image(1);
        JacobianExtraction.AtInput at = shared.at(x);
        double[] h = at.trajectory()[1];
        DMatrixRMaj fd = new BlockFunction(g, spec, 2).residualJacobianTimes(h, CommonOps_DDRM.identity(12), STEP);
        assertTrue(relativeDifference(at.jacobians().get(1).dense(), fd) < 1e-6);
        // the inputs differ, and so do their Jacobians: the comparison above is not between equal inputs
        assertTrue(relativeDifference(shared.at(images.image(0)).jacobians().get(1).dense(),
                at.jacobians().get(1).dense()) > 1e-6);
    }

    /** Negative control: the Jacobian of the wrong block, or with the skip term left in, is rejected. */
    @org.junit.jupiter.api.Test
    void theCheckRejectsAPlantedWrongJacobian() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 12, 3, 2);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 4);
        double[] x = GaussianMixture.generate(2, 1, 1, 3.0, 2).train().image(0);
        JacobianExtraction.AtInput at = JacobianExtraction.at(g, spec, x);
        double[] h = at.trajectory()[1];
        DMatrixRMaj fd = new BlockFunction(g, spec, 2).residualJacobianTimes(h, CommonOps_DDRM.identity(12), STEP);
        DMatrixRMaj wrongBlock = at.jacobians().get(2).dense();
        assertTrue(relativeDifference(wrongBlock, fd) > 1e-2);
        DMatrixRMaj withSkip = at.jacobians().get(1).dense();
        double[] out = at.trajectory()[2];
        for (int k = 0; k < 12; k++) {
            withSkip.add(k, k, out[k] > 0 ? 1 : 0);
        }
        assertTrue(relativeDifference(withSkip, fd) > 1e-2);
    }

    static double relativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj d = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, d);
        return NormOps_DDRM.normF(d) / NormOps_DDRM.normF(b);
    }

    static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            m.data[k] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return m;
    }
}
