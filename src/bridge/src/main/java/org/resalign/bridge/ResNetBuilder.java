package org.resalign.bridge;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * Builds the paper's ResNets (§1.1, §2.1) as DL4J computation graphs.
 *
 * <p>Stem {@code a_1 = I(x)}: a dense layer (or a 4×4 stride-2 convolution from 28×28 to 16×16), batch norm and
 * ReLU; its output is {@code h_1}. Block {@code i} is the basic block {@code F(h) = BN₂(W₂ σ(BN₁(W₁ h)))} with two
 * fully-connected layers or two 3×3 convolutions, and {@code h_{i+1} = σ(h_i + F(h_i))} with a skip connection
 * (Types 1–3, 4a, 5a) or {@code σ(F(h_i))} without one (4b, 5b). The classifier {@code C} is a softmax layer (after
 * global average pooling for convolutional types). Every layer before a batch norm has no bias, as in the
 * standard ResNet. Vertex names come from {@link BlockNames}, which the Jacobian extraction reads.
 */
public final class ResNetBuilder {

    /** Name of the graph input. */
    public static final String INPUT = "input";
    /** Name of the classifier, the graph output. */
    public static final String OUTPUT = "logits";

    private ResNetBuilder() {
    }

    /**
     * The whole network.
     *
     * @param spec        architecture
     * @param updater     the optimiser (its learning-rate schedule included)
     * @param weightDecay {@code λ} of eq. (1): the coupled L2 penalty {@code λ/2‖θ‖²} on every parameter
     *                    ({@link DecayScope#ALL})
     * @param seed        seed of the weight initialisation
     * @param dataType    {@code FLOAT} to train, {@code DOUBLE} for exact derivatives
     */
    public static ComputationGraph build(ResNetSpec spec, IUpdater updater, double weightDecay, long seed,
            DataType dataType) {
        return build(spec, updater, weightDecay, DecayScope.ALL, 0, seed, dataType);
    }

    /**
     * The whole network, with stochastic depth on every residual branch ({@link StochasticDepthVertex}) when
     * {@code dropProbability > 0}. With 0 the graph is exactly that of {@link #build(ResNetSpec, IUpdater, double,
     * long, DataType)}.
     *
     * @param dropProbability stochastic depth's {@code p} in {@code [0, 1)}; above 0 the type must have skips
     */
    public static ComputationGraph build(ResNetSpec spec, IUpdater updater, double weightDecay,
            double dropProbability, long seed, DataType dataType) {
        return build(spec, updater, weightDecay, DecayScope.ALL, dropProbability, seed, dataType);
    }

    /**
     * The whole network with weight decay {@code λ} on the parameters {@code scope} names: with
     * {@link DecayScope#ALL} the coupled L2 penalty {@code λ/2‖θ‖²} of eq. (1) reaches every weight matrix, the
     * classifier's bias and batch norm's {@code γ} and {@code β} ({@link DecayedBatchNormalization}); with
     * {@link DecayScope#WEIGHTS} the weight matrices only.
     */
    public static ComputationGraph build(ResNetSpec spec, IUpdater updater, double weightDecay, DecayScope scope,
            double dropProbability, long seed, DataType dataType) {
        return build(spec, updater, weightDecay, scope, dropProbability, 1, seed, dataType);
    }

    /**
     * The whole network with residual scaling {@code α}: {@code h_{i+1} = σ(h_i + α·F(h_i))}, the branch scaled by a
     * fixed {@code ScaleVertex} named {@link BlockNames#scale()} before the sum (Dherin &amp; Munn's scaled residual
     * modules; Fischer, Dahmen &amp; Helias's residual scaling). With {@code α = 1} the graph is exactly that of
     * {@link #build(ResNetSpec, IUpdater, double, DecayScope, double, long, DataType)}.
     *
     * @param branchScale {@code α > 0}; other than 1 the type must have skips
     */
    public static ComputationGraph build(ResNetSpec spec, IUpdater updater, double weightDecay, DecayScope scope,
            double dropProbability, double branchScale, long seed, DataType dataType) {
        ComputationGraph graph = new ComputationGraph(configuration(spec, updater, weightDecay, scope,
                dropProbability, branchScale, seed, dataType, identityOrder(spec.depth())));
        graph.init();
        return graph;
    }

    /** The blocks {@code 1..L} in order. */
    static int[] identityOrder(int depth) {
        int[] all = new int[depth];
        for (int i = 0; i < depth; i++) {
            all[i] = i + 1;
        }
        return all;
    }

    /** Checks that {@code spec} can take residual scaling {@code α}: positive and finite, and skips unless 1. */
    static void requireBranchScale(ResNetSpec spec, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new InvalidInputException("branchScale", "the residual scaling {branchScale} α must be positive and "
                    + "finite, got " + alpha);
        }
        if (alpha != 1 && !spec.type().skips()) {
            throw new InvalidInputException("branchScale", "{branchScale} scales residual branches against their "
                    + "skips; {type} " + spec.type().optionName() + " has none");
        }
    }

    /** The residual scaling {@code α} of block {@code i} of {@code graph}: its scale vertex's factor, 1 without one. */
    public static double branchScale(ComputationGraph graph, int i) {
        org.deeplearning4j.nn.conf.graph.GraphVertex v = graph.getConfiguration().getVertices()
                .get(new BlockNames(i).scale());
        return v instanceof ScaleVertex sv ? sv.getScaleFactor() : 1;
    }

    /**
     * The number of values DL4J allocates for the parameters of {@code spec}'s network (its batch norms' running
     * means and variances included), from the layers' configurations alone: no array is made, so it can be asked of
     * a network too large to build. Equal to {@code build(…).numParams()} (a test holds them together).
     */
    public static long parameterCount(ResNetSpec spec) {
        ComputationGraphConfiguration conf = configuration(spec, new org.nd4j.linalg.learning.config.Sgd(0.1), 0,
                DecayScope.ALL, 0, 0, DataType.FLOAT);
        long n = 0;
        for (org.deeplearning4j.nn.conf.graph.GraphVertex v : conf.getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer layer = lv.getLayerConf().getLayer();
                n += layer.initializer().numParams(layer);
            }
        }
        return n;
    }

    /** The configuration {@link #build} initialises. */
    private static ComputationGraphConfiguration configuration(ResNetSpec spec, IUpdater updater, double weightDecay,
            DecayScope scope, double dropProbability, long seed, DataType dataType) {
        return configuration(spec, updater, weightDecay, scope, dropProbability, 1, seed, dataType,
                identityOrder(spec.depth()));
    }

    /** The configuration with the blocks {@code order} applied in that order between stem and classifier. */
    private static ComputationGraphConfiguration configuration(ResNetSpec spec, IUpdater updater, double weightDecay,
            DecayScope scope, double dropProbability, double branchScale, long seed, DataType dataType, int[] order) {
        requireStochasticDepth(spec, dropProbability);
        requireBranchScale(spec, branchScale);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidInputException("weightDecay", "the weight decay {weightDecay} must be ≥ 0 and finite, got "
                    + weightDecay);
        }
        boolean all = scope == DecayScope.ALL;
        GraphBuilder g = base(updater, weightDecay, all, seed, dataType).graphBuilder().addInputs(INPUT);
        boolean conv = spec.type().convolutional();
        if (conv) {
            g.setInputTypes(InputType.convolutionalFlat(ResNetSpec.IMAGE_SIDE, ResNetSpec.IMAGE_SIDE, 1));
            // (28 + 2·3 − 4)/2 + 1 = 16: the paper's 16×16 resolution
            g.addLayer("stem", new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(3, 3).nOut(spec.width())
                    .hasBias(false).activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate)
                    .build(), INPUT);
        } else {
            g.setInputTypes(InputType.feedForward(ResNetSpec.INPUT_SIZE));
            g.addLayer("stem", dense(spec.width()), INPUT);
        }
        g.addLayer("stem_bn", batchNorm(all), "stem");
        g.addLayer(BlockNames.STEM, relu(), "stem_bn");
        String h = BlockNames.STEM;
        for (int i : order) {
            h = addBlock(g, spec, i, h, all, dropProbability, branchScale, seed);
        }
        if (conv) {
            g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), h);
            h = "pool";
        }
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(spec.classes())
                .activation(Activation.SOFTMAX).build(), h);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /** Checks that {@code spec} can take stochastic depth {@code p}: {@code 0 ≤ p < 1}, and skips when {@code p > 0}. */
    static void requireStochasticDepth(ResNetSpec spec, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new InvalidInputException("stochasticDepth", "the drop probability {stochasticDepth} must be in "
                    + "[0, 1), got " + p);
        }
        if (p > 0 && !spec.type().skips()) {
            throw new InvalidInputException("stochasticDepth", "{stochasticDepth} drops residual branches and needs "
                    + "skip connections; {type} " + spec.type().optionName() + " has none");
        }
    }

    /**
     * The network with its blocks applied in {@code order} (block numbers {@code 1..L}, each at most once), for
     * inference: Veit, Wilber &amp; Belongie (NeurIPS 2016) §4's lesion, a block left out so that {@code h_{i+1} = h_i},
     * and §4.2's reordering, blocks swapped. Its layers have the original names, so that a trained network's
     * parameters copy in by name ({@link #copyParameters}); every block must map the dimension the one before it
     * gives (Type 3's downsampling block stays between its stages).
     *
     * @throws IllegalArgumentException for a block out of range, repeated, or of the wrong dimension there
     */
    public static ComputationGraph rearranged(ResNetSpec spec, int[] order, DataType dataType) {
        return rearranged(spec, order, 1, dataType);
    }

    /** {@link #rearranged(ResNetSpec, int[], DataType)} for a network with residual scaling {@code α}. */
    public static ComputationGraph rearranged(ResNetSpec spec, int[] order, double branchScale, DataType dataType) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int dim = spec.dimensionAt(1);
        for (int i : order) {
            if (i < 1 || i > spec.depth() || !seen.add(i)) {
                throw new IllegalArgumentException("block " + i + " is out of 1.." + spec.depth() + " or repeated in "
                        + java.util.Arrays.toString(order));
            }
            if (spec.dimensionAt(i) != dim) {
                throw new IllegalArgumentException("block " + i + " takes dimension " + spec.dimensionAt(i)
                        + ", the blocks before it in " + java.util.Arrays.toString(order) + " give " + dim);
            }
            dim = spec.dimensionAt(i + 1);
        }
        if (dim != spec.dimensionAt(spec.depth() + 1)) {
            throw new IllegalArgumentException("the blocks " + java.util.Arrays.toString(order) + " end in dimension "
                    + dim + ", the classifier takes " + spec.dimensionAt(spec.depth() + 1));
        }
        ComputationGraph graph = new ComputationGraph(configuration(spec, new NoOp(), 0, DecayScope.WEIGHTS, 0,
                branchScale, 0, dataType, order.clone()));
        graph.init();
        return graph;
    }

    /**
     * Copies into every layer of {@code to} the parameters (batch norms' running statistics included) of the layer of
     * the same name in {@code from}, cast to {@code to}'s data type.
     *
     * @throws IllegalArgumentException when {@code from} has no such layer, or one of another size
     */
    public static void copyParameters(ComputationGraph from, ComputationGraph to) {
        DataType type = to.params().dataType();
        for (org.deeplearning4j.nn.api.Layer l : to.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            org.deeplearning4j.nn.api.Layer source = from.getLayer(name);
            if (source == null || source.numParams() != l.numParams()) {
                throw new IllegalArgumentException("the network has no layer " + name + " of the expected size");
            }
            if (l.numParams() > 0) {
                l.setParams(source.params().castTo(type).dup());
            }
        }
    }

    /**
     * A graph of block {@code i} alone, {@code h_i ↦ h_{i+1}}, with the same layers and names as in
     * {@link #build}. Its parameters are uninitialised until copied from a whole network; it is how finite
     * differences run the block's forward pass through DL4J.
     */
    public static ComputationGraph blockGraph(ResNetSpec spec, int i, DataType dataType) {
        return blockGraph(spec, i, 1, dataType);
    }

    /** {@link #blockGraph(ResNetSpec, int, DataType)} for a block with residual scaling {@code α}. */
    public static ComputationGraph blockGraph(ResNetSpec spec, int i, double branchScale, DataType dataType) {
        if (i < 1 || i > spec.depth()) {
            throw new IllegalArgumentException("block " + i + " is not in 1.." + spec.depth());
        }
        GraphBuilder g = base(new NoOp(), 0, false, 0, dataType).graphBuilder().addInputs(INPUT);
        g.setInputTypes(spec.type().convolutional()
                ? InputType.convolutional(spec.sideAt(i), spec.sideAt(i), spec.channelsAt(i))
                : InputType.feedForward(spec.dimensionAt(i)));
        g.setOutputs(addBlock(g, spec, i, INPUT, false, 0, branchScale, 0));
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * The seed DL4J initialises the weights with: drawn from the user's seed ({@link Seeds.Purpose#INITIALISATION}),
     * never 0. DL4J does not seed its generator with 0: with seed 0 two runs started the same way trained different
     * networks, so the user's default seed 0 must not reach it.
     */
    static long initialisationSeed(long seed) {
        long s = Seeds.stream(seed, Seeds.Purpose.INITIALISATION).nextLong();
        return s == 0 ? 1 : s;
    }

    /** The shared configuration: {@code l2(λ)} on the weights, and with {@code biasesToo} on the biases. */
    private static NeuralNetConfiguration.Builder base(IUpdater updater, double weightDecay, boolean biasesToo,
            long seed, DataType dataType) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(initialisationSeed(seed))
                .dataType(dataType).updater(updater).weightInit(WeightInit.RELU);
        if (weightDecay > 0) {
            b.l2(weightDecay);
            if (biasesToo) {
                b.l2Bias(weightDecay);
            }
        }
        return b;
    }

    /**
     * Adds block {@code i} reading {@code input}; returns the name of its output {@code h_{i+1}}. With
     * {@code dropProbability > 0} the branch passes through stochastic depth before the sum.
     */
    private static String addBlock(GraphBuilder g, ResNetSpec spec, int i, String input, boolean decayNorms,
            double dropProbability, double branchScale, long seed) {
        BlockNames n = new BlockNames(i);
        boolean conv = spec.type().convolutional();
        int out = spec.channelsAt(i + 1);
        boolean down = i == spec.downsamplingBlock();
        g.addLayer(n.layer1(), conv ? conv3(out, down ? 2 : 1) : dense(out), input);
        g.addLayer(n.norm1(), batchNorm(decayNorms), n.layer1());
        g.addLayer(n.act1(), relu(), n.norm1());
        g.addLayer(n.layer2(), conv ? conv3(out, 1) : dense(out), n.act1());
        g.addLayer(n.norm2(), batchNorm(decayNorms), n.layer2());
        String preActivation = n.norm2();
        if (spec.type().skips()) {
            String shortcut = input;
            if (down) {
                g.addLayer(n.projection(), new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(out).hasBias(false)
                        .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), input);
                g.addLayer(n.projectionNorm(), batchNorm(decayNorms), n.projection());
                shortcut = n.projectionNorm();
            }
            String branch = n.norm2();
            if (branchScale != 1) {
                g.addVertex(n.scale(), new ScaleVertex(branchScale), branch);
                branch = n.scale();
            }
            if (dropProbability > 0) {
                g.addVertex(n.drop(), new StochasticDepthVertex(dropProbability, seed, i), branch);
                branch = n.drop();
            }
            g.addVertex(n.sum(), new ElementWiseVertex(ElementWiseVertex.Op.Add), shortcut, branch);
            preActivation = n.sum();
        }
        g.addLayer(n.output(), relu(), preActivation);
        return n.output();
    }

    private static Layer dense(int out) {
        return new DenseLayer.Builder().nOut(out).hasBias(false).activation(Activation.IDENTITY).build();
    }

    private static Layer conv3(int out, int stride) {
        return new ConvolutionLayer.Builder(3, 3).stride(stride, stride).padding(1, 1).nOut(out).hasBias(false)
                .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build();
    }

    /** Batch norm with DL4J's defaults but the plain (not log) standard deviation; with {@code decayed}, γ and β decay. */
    private static Layer batchNorm(boolean decayed) {
        if (decayed) {
            DecayedBatchNormalization bn = new DecayedBatchNormalization();
            bn.setUseLogStd(false);
            return bn;
        }
        return new BatchNormalization.Builder().useLogStd(false).build();
    }

    private static Layer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

}
