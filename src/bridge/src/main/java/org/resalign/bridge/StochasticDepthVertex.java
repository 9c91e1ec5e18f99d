package org.resalign.bridge;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic depth (Huang et al. 2016; paper §1.3, Figure 5) on a residual branch, as a DL4J graph vertex placed
 * between the branch {@code F(h_i)} and the sum {@code h_i + F(h_i)}.
 *
 * <p>During training each example's branch is dropped with probability {@code p} and kept, scaled by
 * {@code 1/(1−p)}, otherwise: {@code h_{i+1} = σ(h_i + m·F(h_i)/(1−p))} with {@code m ~ Bernoulli(1−p)}, so the
 * expected branch is {@code F(h_i)}. In inference the vertex is the identity, and the trained network is exactly
 * the plain ResNet of §1.1: its Residual Jacobians are measured as those of any other network. The masks are a
 * function of the training seed, the block and the step
 * ({@link org.resalign.core.seed.Seeds.Purpose#STOCHASTIC_DEPTH}), so training stays deterministic and a resumed run
 * draws the same masks as an uninterrupted one.
 *
 * <p>Saved with the model in DL4J's configuration JSON (hence the mutable fields and the no-argument constructor).
 */
public final class StochasticDepthVertex extends GraphVertex {

    private double dropProbability;
    private long seed;
    private int block;

    /** For DL4J's JSON. */
    public StochasticDepthVertex() {
    }

    /**
     * @param dropProbability {@code p}, in {@code (0, 1)}
     * @param seed            the training seed
     * @param block           the block {@code i} (1-based), so that blocks draw independent masks
     */
    public StochasticDepthVertex(double dropProbability, long seed, int block) {
        if (!(dropProbability > 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("the stochastic-depth drop probability must be in (0, 1), got "
                    + dropProbability);
        }
        this.dropProbability = dropProbability;
        this.seed = seed;
        this.block = block;
    }

    public double getDropProbability() {
        return dropProbability;
    }

    public long getSeed() {
        return seed;
    }

    public int getBlock() {
        return block;
    }

    @Override
    public StochasticDepthVertex clone() {
        return new StochasticDepthVertex(dropProbability, seed, block);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StochasticDepthVertex v && v.dropProbability == dropProbability && v.seed == seed
                && v.block == block;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(dropProbability) * 31 + Long.hashCode(seed)) * 31 + block;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new StochasticDepth(graph, name, idx, networkDatatype, dropProbability, seed, block);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, StochasticDepthVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "StochasticDepthVertex(p=" + dropProbability + ", block " + block + ")";
    }
}
