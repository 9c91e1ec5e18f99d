package org.resalign.bridge;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Block {@code i} of a network as a nonlinear function {@code h_i ↦ h_{i+1}}, run by DL4J's own forward pass
 * (inference mode) on a one-block graph from {@link ResNetBuilder#blockGraph} with the network's parameters
 * copied in. It is the independent computation the {@link ResidualJacobian} is checked against: by central
 * differences, {@code J_i v ≈ (h_{i+1}(h+εv) − h_{i+1}(h−εv))/2ε − m₂ ⊙ v} with a skip connection (the skip's own
 * contribution {@code σ'(h+F(h))·I} is excluded from {@code J_i} by its definition, §1.3), and without the
 * subtraction when the block has no skip.
 */
public final class BlockFunction {

    private final ComputationGraph block;
    private final ResNetSpec spec;
    private final int index;

    /** Block {@code i} of {@code graph} (double precision). */
    public BlockFunction(ComputationGraph graph, ResNetSpec spec, int i) {
        this.spec = spec;
        this.index = i;
        this.block = ResNetBuilder.blockGraph(spec, i, ResNetBuilder.branchScale(graph, i), DataType.DOUBLE);
        ResNetBuilder.copyParameters(graph, block);
    }

    /** {@code h_{i+1}} for each row of {@code h} (rows are inputs {@code h_i}, flattened). */
    public double[][] apply(double[][] h) {
        int n = h.length;
        int d = spec.dimensionAt(index);
        double[] flat = new double[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(h[r], 0, flat, r * d, d);
        }
        INDArray out = block.outputSingle(Nd4j.create(flat, ResidualJacobian.batched(spec.shapeAt(index), n)));
        int e = spec.dimensionAt(index + 1);
        double[] o = out.dup('c').data().asDouble();
        double[][] rows = new double[n][e];
        for (int r = 0; r < n; r++) {
            System.arraycopy(o, r * e, rows[r], 0, e);
        }
        return rows;
    }

    /**
     * The central-difference estimate of {@code J_i V} at {@code h} for the columns of {@code directions}, all
     * perturbations run as one batch.
     */
    public DMatrixRMaj residualJacobianTimes(double[] h, DMatrixRMaj directions, double step) {
        int d = h.length;
        int b = directions.numCols;
        double[][] points = new double[2 * b + 1][];
        for (int c = 0; c < b; c++) {
            double[] p = h.clone();
            double[] m = h.clone();
            for (int k = 0; k < d; k++) {
                p[k] += step * directions.get(k, c);
                m[k] -= step * directions.get(k, c);
            }
            points[2 * c] = p;
            points[2 * c + 1] = m;
        }
        points[2 * b] = h;
        double[][] out = apply(points);
        double[] centre = out[2 * b];
        DMatrixRMaj y = new DMatrixRMaj(centre.length, b);
        for (int c = 0; c < b; c++) {
            for (int k = 0; k < centre.length; k++) {
                double slope = (out[2 * c][k] - out[2 * c + 1][k]) / (2 * step);
                if (spec.type().skips()) {
                    // the skip's own term σ'(h + F(h))·v: σ' is 1 where the block output is positive
                    slope -= centre[k] > 0 ? directions.get(k, c) : 0;
                }
                y.set(k, c, slope);
            }
        }
        return y;
    }
}
