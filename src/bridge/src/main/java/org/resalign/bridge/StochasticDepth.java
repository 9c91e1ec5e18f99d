package org.resalign.bridge;

import java.util.random.RandomGenerator;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.seed.Seeds;

/**
 * The running form of {@link StochasticDepthVertex}: {@code y = x · m/(1−p)} per example in training, with the mask
 * {@code m} drawn at the forward pass and reused by the backward pass ({@code ∂L/∂x = ∂L/∂y · m/(1−p)}); the identity
 * in inference.
 */
final class StochasticDepth extends BaseGraphVertex {

    private final double p;
    private final long seed;
    private final int block;
    /** The per-example factors {@code m/(1−p)} of the last training forward pass, or null after an inference one. */
    private double[] factors;

    StochasticDepth(ComputationGraph graph, String name, int index, DataType dataType, double p, long seed,
            int block) {
        super(graph, name, index, null, null, dataType);
        this.p = p;
        this.seed = seed;
        this.block = block;
    }

    /**
     * The factors {@code m_e/(1−p)} of the {@code batch} examples at training step {@code step}: a pure function of
     * the seed, the block and the step.
     */
    static double[] factors(double p, long seed, int block, long step, int batch) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.STOCHASTIC_DEPTH, block, step);
        double keep = 1 / (1 - p);
        double[] f = new double[batch];
        for (int e = 0; e < batch; e++) {
            f[e] = rng.nextDouble() < p ? 0 : keep;
        }
        return f;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("stochastic depth vertex " + vertexName + ": input not set");
        }
        INDArray x = inputs[0];
        if (!training) {
            factors = null;
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, x);
        }
        int batch = (int) x.size(0);
        factors = factors(p, seed, block, graph.getIterationCount(), batch);
        return scaled(x, ArrayType.ACTIVATIONS, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("stochastic depth vertex " + vertexName + ": epsilon not set");
        }
        INDArray grad = factors == null ? workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon)
                : scaled(epsilon, ArrayType.ACTIVATION_GRAD, workspaceMgr);
        return new Pair<>(null, new INDArray[] {grad});
    }

    /** {@code a} with example {@code e} (its first index) multiplied by {@code factors[e]}. */
    private INDArray scaled(INDArray a, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        if (a.size(0) != factors.length) {
            throw new IllegalStateException("stochastic depth vertex " + vertexName + ": batch of " + a.size(0)
                    + " against " + factors.length + " masks");
        }
        INDArray out = workspaceMgr.dup(type, a, 'c');
        INDArray column = Nd4j.create(factors, new long[] {factors.length, 1}).castTo(out.dataType());
        out.reshape('c', factors.length, out.length() / factors.length).muliColumnVector(column);
        return out;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("stochastic depth has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "StochasticDepth(" + vertexName + ", p=" + p + ")";
    }
}
