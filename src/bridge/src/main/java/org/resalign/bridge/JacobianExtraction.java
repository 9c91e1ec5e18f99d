package org.resalign.bridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures a trained network at one input: the representation trajectory {@code h_1 … h_{L+1}} (paper §1.1) and
 * the Residual Jacobian {@link ResidualJacobian} of every block with an identity skip, all in double precision and
 * with batch norm in inference mode (§1.3).
 */
public final class JacobianExtraction {

    /**
     * A run of consecutive blocks {@code from … to} (1-based, inclusive) that map one space {@code R^D} to itself:
     * the whole network, or for Type 3 the blocks before and after the downsampling block (the paper's Figure 2a/2b
     * split).
     */
    public record Stage(int from, int to, int dim) {

        /** Number of blocks. */
        public int depth() {
            return to - from + 1;
        }
    }

    /**
     * One input's measurements.
     *
     * @param trajectory {@code h_1 … h_{L+1}}, flattened (their lengths differ across a Type 3 downsampling)
     * @param jacobians  {@code J_1 … J_L}; {@code null} for a downsampling block, whose Jacobian is not square
     */
    public record AtInput(double[][] trajectory, List<ResidualJacobian> jacobians) {

        /** The Jacobians of one stage. */
        public List<ResidualJacobian> jacobians(Stage s) {
            return Collections.unmodifiableList(jacobians.subList(s.from() - 1, s.to()));
        }

        /** {@code h_from … h_{to+1}} of one stage. */
        public double[][] trajectory(Stage s) {
            double[][] t = new double[s.depth() + 1][];
            System.arraycopy(trajectory, s.from() - 1, t, 0, s.depth() + 1);
            return t;
        }
    }

    private JacobianExtraction() {
    }

    /** The stages of {@code spec}: one, or two for Type 3. */
    public static List<Stage> stages(ResNetSpec spec) {
        int d = spec.downsamplingBlock();
        if (d == 0) {
            return List.of(new Stage(1, spec.depth(), spec.dimensionAt(1)));
        }
        List<Stage> s = new ArrayList<>();
        if (d > 1) {
            s.add(new Stage(1, d - 1, spec.dimensionAt(1)));
        }
        if (d < spec.depth()) {
            s.add(new Stage(d + 1, spec.depth(), spec.dimensionAt(d + 1)));
        }
        return s;
    }

    /** {@code network} itself when it is in double precision, else a double-precision copy of it. */
    public static ComputationGraph inDouble(ComputationGraph network) {
        return network.params().dataType() == DataType.DOUBLE ? network : network.convertDataType(DataType.DOUBLE);
    }

    /**
     * Measures {@code graph} at input {@code x}.
     *
     * @param graph a double-precision copy of the network ({@code graph.convertDataType(DataType.DOUBLE)})
     * @param spec  its architecture
     * @param x     one input image, 784 values
     */
    public static AtInput at(ComputationGraph graph, ResNetSpec spec, double[] x) {
        return of(graph, spec).at(x);
    }

    /**
     * {@code graph} prepared for measuring at many inputs ({@link Network#at}): the weights of its fully-connected
     * blocks are copied out of the layers once, not once per input.
     *
     * @param graph a double-precision copy of the network ({@code graph.convertDataType(DataType.DOUBLE)})
     * @param spec  its architecture
     */
    public static Network of(ComputationGraph graph, ResNetSpec spec) {
        if (graph.params().dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("Residual Jacobians are extracted in double precision; convert the "
                    + "network with convertDataType(DataType.DOUBLE) first");
        }
        return new Network(graph, spec);
    }

    /**
     * A network to measure at inputs, with its blocks' weights (see {@link #of}). Its graph must not be trained or
     * changed while it is in use (the copied weights would be stale); not for concurrent use.
     */
    public static final class Network {
        private final ComputationGraph graph;
        private final ResNetSpec spec;
        private final ResidualJacobian.Weights[] weights;

        private Network(ComputationGraph graph, ResNetSpec spec) {
            this.graph = graph;
            this.spec = spec;
            this.weights = new ResidualJacobian.Weights[spec.depth() + 1];
            for (int i = 1; i <= spec.depth(); i++) {
                if (spec.squareBlock(i)) {
                    BlockNames n = new BlockNames(i);
                    weights[i] = ResidualJacobian.Weights.of(graph.getLayer(n.layer1()), graph.getLayer(n.layer2()));
                }
            }
        }

        /** The measurements at input {@code x}, 784 values. */
        public AtInput at(double[] x) {
            if (x.length != ResNetSpec.INPUT_SIZE) {
                throw new IllegalArgumentException("an input has " + ResNetSpec.INPUT_SIZE + " values, got "
                        + x.length);
            }
            if (graph.getFlattenedGradients() == null) {
                graph.initGradientsView(); // Wᵀ·y runs through the layers' backpropagation, which writes into it
            }
            Map<String, INDArray> act = graph.feedForward(Nd4j.create(x, new long[] {1, x.length}), false);
            int depth = spec.depth();
            double[][] trajectory = new double[depth + 1][];
            trajectory[0] = flat(act, BlockNames.STEM);
            List<ResidualJacobian> js = new ArrayList<>(depth);
            for (int i = 1; i <= depth; i++) {
                BlockNames n = new BlockNames(i);
                trajectory[i] = flat(act, n.output());
                js.add(spec.squareBlock(i) ? jacobian(i, act) : null);
            }
            return new AtInput(trajectory, js);
        }

        private ResidualJacobian jacobian(int i, Map<String, INDArray> act) {
            BlockNames n = new BlockNames(i);
            long[] shape = spec.shapeAt(i);
            double[] inner = maskedScale(graph.getLayer(n.norm1()), flat(act, n.norm1()), shape);
            double[] outer = maskedScale(graph.getLayer(n.norm2()),
                    flat(act, spec.type().skips() ? n.sum() : n.norm2()), shape);
            double alpha = ResNetBuilder.branchScale(graph, i); // h_{i+1} = σ(h_i + α·F(h_i)): J_i carries α
            if (alpha != 1) {
                for (int k = 0; k < outer.length; k++) {
                    outer[k] *= alpha;
                }
            }
            return new ResidualJacobian(graph.getLayer(n.layer1()), graph.getLayer(n.layer2()), shape, shape, shape,
                    inner, outer, weights[i]);
        }
    }

    /**
     * {@code m ⊙ s}: the batch norm's inference scale {@code γ/√(v+ε)} per channel, broadcast over the spatial
     * positions, times the ReLU's derivative {@code 1[pre > 0]} at the pre-activation {@code pre}.
     */
    private static double[] maskedScale(Layer norm, double[] pre, long[] shape) {
        double[] gamma = norm.getParam(BatchNormalizationParamInitializer.GAMMA).dup().data().asDouble();
        org.deeplearning4j.nn.conf.layers.BatchNormalization conf =
                (org.deeplearning4j.nn.conf.layers.BatchNormalization) norm.conf().getLayer();
        double[] inverseStd = new double[gamma.length];
        if (conf.isUseLogStd()) {
            double[] log10std = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).dup().data()
                    .asDouble();
            for (int c = 0; c < gamma.length; c++) {
                inverseStd[c] = Math.pow(10, -log10std[c]);
            }
        } else {
            double[] var = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup().data().asDouble();
            for (int c = 0; c < gamma.length; c++) {
                inverseStd[c] = 1 / Math.sqrt(var[c] + conf.getEps());
            }
        }
        int per = pre.length / gamma.length;
        if (per * gamma.length != pre.length || (shape.length == 1 && per != 1)) {
            throw new IllegalStateException("batch norm of " + gamma.length + " channels on " + pre.length
                    + " values");
        }
        double[] out = new double[pre.length];
        for (int k = 0; k < pre.length; k++) {
            out[k] = pre[k] > 0 ? gamma[k / per] * inverseStd[k / per] : 0;
        }
        return out;
    }

    private static double[] flat(Map<String, INDArray> act, String name) {
        INDArray a = act.get(name);
        if (a == null) {
            throw new IllegalStateException("the network has no vertex " + name);
        }
        double[] v = a.dup('c').data().asDouble();
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new IllegalStateException("the activation " + name + " is not finite");
            }
        }
        return v;
    }
}
