package org.resalign.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.resalign.bridge.OnnxGraph.Node;
import org.resalign.bridge.OnnxGraph.Tensor;
import org.resalign.core.input.InvalidInputException;

/**
 * Reads a ResNet exported to ONNX (by PyTorch's {@code torch.onnx.export}, say) into the paper's block form
 * (§1.1, §2.1), as {@link ResNetBuilder} builds it, with its weights and batch-norm statistics, so that every bridge
 * command measures it.
 *
 * <p>What is recognised, from the graph input on:
 * <ul>
 *   <li>the stem: a fully-connected layer ({@code MatMul}, optionally followed by an {@code Add} of a bias, or
 *       {@code Gemm}) from 784 inputs (a {@code Flatten} or {@code Reshape} of 1×28×28 images before it is read
 *       through), or a 4×4 stride-2 {@code Conv} with padding 3 from one channel; then a batch norm and
 *       {@code Relu};</li>
 *   <li>blocks {@code h_{i+1} = σ(h_i + F(h_i))} or {@code σ(F(h_i))} with {@code F(h) = BN₂(W₂ σ(BN₁(W₁ h)))}:
 *       two fully-connected layers of width {@code D}, or two 3×3 convolutions with padding 1 as torchvision's
 *       {@code BasicBlock}, including one block that halves the resolution (its first convolution at stride 2) and
 *       doubles the channels, with a 1×1 stride-2 convolution and batch norm on its shortcut (Type 3: at block
 *       {@code L/2 + 1});</li>
 *   <li>the head: for convolutional networks {@code GlobalAveragePool} (or {@code ReduceMean} over the two spatial
 *       axes) and a {@code Flatten} or {@code Reshape}; a fully-connected classifier with a bias; optionally
 *       {@code Softmax} or {@code LogSoftmax}.</li>
 * </ul>
 * Where the exporter folded a batch norm into the layer before it (PyTorch does for convolutions in inference
 * mode), the layer has a bias and no batch norm follows: it is imported with a batch norm that adds the bias. A bias
 * before a batch norm is folded into its running mean; a batch norm whose {@code ε} differs from DL4J's gets its
 * scale rescaled. Each of these is exact in inference mode, where every analysis runs (paper §1.3), and is listed in
 * {@link ImportOrigin#folded}; a network so imported is for measuring, not for training on. Everything else, a node
 * the block form has no place for among them, is refused naming the node and its operator.
 */
public final class OnnxImport {

    /**
     * An imported network: its graph (double precision), its architecture and its origin.
     *
     * @param representations the ONNX tensors that hold {@code h_1 … h_{L+1}}
     */
    public record Imported(ComputationGraph graph, ResNetSpec spec, ImportOrigin origin,
            List<String> representations) {

        /**
         * The model file's record: no training settings or history; the data and {@code λ} as declared, and with the
         * data ({@code declared.load()}, or {@code null}) the network's accuracies on its training and test sets.
         */
        public ModelInfo info(DatasetSpec declared, Split data) {
            if (data == null) {
                return new ModelInfo(ModelInfo.FORMAT, spec, declared, null, 0, List.of(), null, BridgeVersions.all(),
                        origin);
            }
            return new ModelInfo(ModelInfo.FORMAT, spec, declared, null, 0, List.of(), Trainer.accuracy(graph,
                    data.train()), BridgeVersions.all(), origin.withTestAccuracy(Trainer.accuracy(graph,
                    data.test())));
        }
    }

    /** A weight layer: dense weights as DL4J holds them, {@code [in][out]}, or convolution kernels {@code OIHW}. */
    private record Linear(List<Node> nodes, int in, int out, double[] weight, double[] bias, int kernel,
            int stride, int pad, String output) {
    }

    /** A batch norm in DL4J's form (its {@code ε}), or {@code null} nodes for one that the import adds. */
    private record Norm(List<Node> nodes, double[] gamma, double[] beta, double[] mean, double[] var, String output) {
    }

    /** A weight layer and its batch norm. */
    private record Affine(Linear linear, Norm norm) {
        String output() {
            return norm.output;
        }
    }

    private record Block(Affine first, Affine second, Affine projection, boolean skip, List<Node> ends,
            String output) {
    }

    private final OnnxGraph g;
    private final Set<Node> used = new HashSet<>();
    private final List<String> folded = new ArrayList<>();
    private final double eps;

    private OnnxImport(OnnxGraph g, double dl4jEps) {
        this.g = g;
        this.eps = dl4jEps;
    }

    /** Reads {@code file}; a file that is not ONNX or not a ResNet of the paper's block form is bad input. */
    public static Imported read(Path file) {
        OnnxGraph g = OnnxGraph.read(file);
        double dl4jEps = new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build().getEps();
        return new OnnxImport(g, dl4jEps).build();
    }

    private Imported build() {
        boolean conv = g.inputShape.length == 4;
        if (g.inputShape.length != 2 && !conv) {
            throw new InvalidInputException("model", "{model} %s: its input '%s' has %s dimensions; 2 (N×784) or "
                    + "4 (N×1×28×28) are read", g.file, g.input, g.inputShape.length);
        }
        requireInputShape(conv);
        String x = g.input;
        List<Node> start = g.consumers(x);
        if (start.size() == 1 && (start.get(0).op().equals("Flatten") || start.get(0).op().equals("Reshape"))) {
            Node flat = start.get(0);
            used.add(flat);
            x = flat.output();
            conv = false;
        }
        Affine stem = affine(single(x, "the network's input"), conv);
        requireRelu(stem.output());
        Node stemRelu = single(stem.output(), "the stem");
        used.add(stemRelu);
        if (conv ? stem.linear.in != 1 || stem.linear.kernel != 4 || stem.linear.stride != 2 || stem.linear.pad != 3
                : stem.linear.in != ResNetSpec.INPUT_SIZE) {
            throw g.refuse(stem.linear.nodes.get(0), conv ? "is not the paper's stem: a 4×4 convolution at stride 2 "
                    + "with padding 3 from one channel (it has " + stem.linear.in + " input channels, kernel "
                    + stem.linear.kernel + ", stride " + stem.linear.stride + ", padding " + stem.linear.pad + ")"
                    : "reads " + stem.linear.in + " inputs; the stem reads 784 (28×28 images)");
        }
        int width = stem.linear.out;
        String h = stemRelu.output();
        List<Block> blocks = new ArrayList<>();
        Node headStart = null;
        while (true) {
            List<Node> cs = g.consumers(h);
            Node head = headNode(cs, conv);
            if (head != null) {
                headStart = head;
                break;
            }
            Block b = block(h, cs, conv, blocks.size() + 1);
            blocks.add(b);
            h = b.output;
        }
        if (blocks.isEmpty()) {
            throw g.refuse(headStart, "follows the stem directly; a ResNet has at least one residual block");
        }
        Linear classifier = head(headStart, conv);
        boolean skips = blocks.get(0).skip;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.skip != skips) {
                throw g.refuse(b.ends.get(b.ends.size() - 1), "ends block " + (i + 1) + (b.skip ? " with" : " without")
                        + " a skip connection while block 1 has " + (skips ? "one" : "none") + "; resalign's types "
                        + "have skips in every block or in none");
            }
        }
        int depth = blocks.size();
        int down = 0;
        for (int i = 0; i < depth; i++) {
            if (blocks.get(i).projection != null || blocks.get(i).first.linear.stride != 1) {
                if (down != 0) {
                    throw g.refuse(blocks.get(i).first.linear.nodes.get(0), "downsamples a second time (block " + (i + 1)
                            + " after block " + down + "); the convolutional type 3 downsamples once, at block L/2+1");
                }
                down = i + 1;
            }
        }
        ModelType type = type(conv, skips, down != 0, depth);
        ResNetSpec spec = new ResNetSpec(type, width, depth, classifier.out);
        if (down != 0 && down != spec.downsamplingBlock()) {
            throw g.refuse(blocks.get(down - 1).first.linear.nodes.get(0), "downsamples at block " + down + " of "
                    + depth + "; the convolutional type 3 downsamples at block L/2+1 = " + spec.downsamplingBlock());
        }
        for (int i = 1; i <= depth; i++) {
            requireBlockShape(spec, i, blocks.get(i - 1));
        }
        if (classifier.in != spec.channelsAt(depth + 1)) {
            throw g.refuse(classifier.nodes.get(0), "reads " + classifier.in + " features; the last block gives "
                    + spec.channelsAt(depth + 1));
        }
        for (Node n : g.nodes) {
            if (!used.contains(n)) {
                throw g.refuse(n, "has no place in the paper's block form (stem, residual blocks, classifier)");
            }
        }
        ComputationGraph graph = ResNetBuilder.build(spec, new NoOp(), 0, 0, DataType.DOUBLE);
        Map<String, String> mapping = new LinkedHashMap<>();
        set(graph, "stem", stem, mapping);
        set(graph, "stem_bn", stem.norm, mapping);
        for (int i = 1; i <= depth; i++) {
            BlockNames n = new BlockNames(i);
            Block b = blocks.get(i - 1);
            set(graph, n.layer1(), b.first, mapping);
            set(graph, n.norm1(), b.first.norm, mapping);
            set(graph, n.layer2(), b.second, mapping);
            set(graph, n.norm2(), b.second.norm, mapping);
            if (b.projection != null) {
                set(graph, n.projection(), b.projection, mapping);
                set(graph, n.projectionNorm(), b.projection.norm, mapping);
            }
        }
        Layer out = graph.getLayer(ResNetBuilder.OUTPUT);
        assign(out.getParam(DefaultParamInitializer.WEIGHT_KEY), classifier.weight, ResNetBuilder.OUTPUT);
        assign(out.getParam(DefaultParamInitializer.BIAS_KEY),
                classifier.bias == null ? new double[classifier.out] : classifier.bias, ResNetBuilder.OUTPUT);
        mapping.put(ResNetBuilder.OUTPUT, names(classifier.nodes));
        ImportOrigin origin = new ImportOrigin("onnx", g.file.toString(), sha256(g.file),
                (g.model.getProducerName() + " " + g.model.getProducerVersion()).trim(), g.model.getIrVersion(),
                g.opset(), g.nodes.size(), mapping, folded, null, null, null, null);
        List<String> hs = new ArrayList<>(List.of(stemRelu.output()));
        blocks.forEach(b -> hs.add(b.output));
        return new Imported(graph, spec, origin, List.copyOf(hs));
    }

    private void requireInputShape(boolean conv) {
        long[] s = g.inputShape;
        boolean ok = conv ? (s[1] == 1 || s[1] == -1) && (s[2] == 28 || s[2] == -1) && (s[3] == 28 || s[3] == -1)
                : s[1] == ResNetSpec.INPUT_SIZE || s[1] == -1;
        if (!ok) {
            throw new InvalidInputException("model", "{model} %s: its input '%s' has shape %s; resalign's networks "
                    + "read 28×28 single-channel images (N×784 or N×1×28×28)", g.file, g.input,
                    java.util.Arrays.toString(s));
        }
    }

    private static ModelType type(boolean conv, boolean skips, boolean downsamples, int depth) {
        if (!conv) {
            return skips ? depth == ModelType.T1.paperDepth() ? ModelType.T1 : ModelType.T4A : ModelType.T4B;
        }
        if (downsamples) {
            return ModelType.T3;
        }
        return skips ? depth == ModelType.T2.paperDepth() ? ModelType.T2 : ModelType.T5A : ModelType.T5B;
    }

    private void requireBlockShape(ResNetSpec spec, int i, Block b) {
        int in = spec.channelsAt(i);
        int out = spec.channelsAt(i + 1);
        boolean down = i == spec.downsamplingBlock();
        check(b.first.linear, in, out, 3, down ? 2 : 1, 1, spec, i, "first");
        check(b.second.linear, out, out, 3, 1, 1, spec, i, "second");
        if (down) {
            if (b.projection == null) {
                throw g.refuse(b.ends.get(0), "adds block " + i + "'s input to a branch of another shape; a block that "
                        + "downsamples needs a projection shortcut (a 1×1 stride-2 convolution and batch norm)");
            }
            check(b.projection.linear, in, out, 1, 2, 0, spec, i, "shortcut");
        } else if (b.projection != null) {
            throw g.refuse(b.projection.linear.nodes.get(0), "is a projection shortcut on block " + i + ", which keeps "
                    + "its shape; only the downsampling block " + spec.downsamplingBlock() + " has one");
        }
    }

    private void check(Linear l, int in, int out, int kernel, int stride, int pad, ResNetSpec spec, int block,
            String which) {
        boolean conv = spec.type().convolutional();
        if (l.in != in || l.out != out || conv && (l.kernel != kernel || l.stride != stride || l.pad != pad)) {
            String want = conv ? in + "→" + out + " channels, " + kernel + "×" + kernel + " at stride " + stride
                    + " with padding " + pad : in + "→" + out;
            String got = conv ? l.in + "→" + l.out + " channels, " + l.kernel + "×" + l.kernel + " at stride "
                    + l.stride + " with padding " + l.pad : l.in + "→" + l.out;
            throw g.refuse(l.nodes.get(0), "is block " + block + "'s " + which + " layer with " + got + "; the block "
                    + "form needs " + want);
        }
    }

    /** The head's first node when {@code h}'s readers are the head, else {@code null}. */
    private Node headNode(List<Node> cs, boolean conv) {
        if (cs.size() != 1) {
            return null;
        }
        Node n = cs.get(0);
        if (conv) {
            return n.op().equals("GlobalAveragePool") || n.op().equals("ReduceMean") ? n : null;
        }
        if (!isLinear(n)) {
            return null;
        }
        String out = n.output();
        if (n.op().equals("MatMul") && g.consumers(out).size() == 1 && g.consumers(out).get(0).op().equals("Add")) {
            out = g.consumers(out).get(0).output();
        }
        return isEnd(out) ? n : null;
    }

    /** Whether {@code tensor} is the graph's output, or only feeds a softmax that is. */
    private boolean isEnd(String tensor) {
        if (g.outputs.contains(tensor)) {
            return true;
        }
        List<Node> cs = g.consumers(tensor);
        return cs.size() == 1 && (cs.get(0).op().equals("Softmax") || cs.get(0).op().equals("LogSoftmax"))
                && g.outputs.contains(cs.get(0).output());
    }

    private Linear head(Node start, boolean conv) {
        String x = start.output();
        Node n = start;
        if (conv) {
            if (n.op().equals("ReduceMean")) {
                long[] axes = n.intsAttribute("axes");
                if (axes == null || axes.length != 2 || !(axes[0] == 2 && axes[1] == 3 || axes[0] == -2 && axes[1] == -1)) {
                    throw g.refuse(n, "averages over axes " + java.util.Arrays.toString(axes) + "; the head pools "
                            + "over the two spatial axes");
                }
            }
            used.add(n);
            n = single(x, "the pooling");
            if (n.op().equals("Flatten") || n.op().equals("Reshape") || n.op().equals("Squeeze")) {
                used.add(n);
                n = single(n.output(), "the pooled features");
            }
        }
        if (!isLinear(n)) {
            throw g.refuse(n, "stands where the classifier (a fully-connected layer) was expected");
        }
        Linear l = linear(n, false);
        if (!isEnd(l.output)) {
            throw g.refuse(n, "is read as the classifier, but its output is not the network's output");
        }
        List<Node> after = g.consumers(l.output);
        if (!after.isEmpty()) {
            used.add(after.get(0));
        }
        return l;
    }

    private Block block(String h, List<Node> cs, boolean conv, int index) {
        if (cs.isEmpty()) {
            throw new InvalidInputException("model", "{model} %s: nothing reads '%s', the input of block %s; the "
                    + "network ends before its classifier", g.file, h, index);
        }
        Node branchStart = null;
        Node add = null;
        Node projection = null;
        for (Node c : cs) {
            if (c.op().equals("Add")) {
                if (add != null) {
                    throw g.refuse(c, "adds block " + index + "'s input a second time");
                }
                add = c;
            } else if (isLinear(c)) {
                if (branchStart == null) {
                    branchStart = c;
                } else if (projection == null) {
                    projection = c;
                } else {
                    throw g.refuse(c, "reads block " + index + "'s input beside its branch and shortcut");
                }
            } else {
                throw g.refuse(c, "reads block " + index + "'s input; a block reads it with its first layer and its "
                        + "skip connection");
            }
        }
        if (branchStart == null) {
            throw g.refuse(cs.isEmpty() ? null : cs.get(0), "reads block " + index + "'s input where its first layer "
                    + "was expected");
        }
        // of two convolutions on the input, the shortcut is the one whose output (after its batch norm) is summed
        if (projection != null && reachesAdd(branchStart)) {
            Node t = branchStart;
            branchStart = projection;
            projection = t;
        }
        Affine first = affine(branchStart, conv);
        requireRelu(first.output());
        Node relu = single(first.output(), "block " + index + "'s first batch norm");
        used.add(relu);
        Affine second = affine(single(relu.output(), "block " + index + "'s inner ReLU"), conv);
        Node next = single(second.output(), "block " + index + "'s branch");
        Affine shortcut = projection == null ? null : affine(projection, conv);
        if (next.op().equals("Relu")) {
            if (add != null || shortcut != null) {
                throw g.refuse(add != null ? add : shortcut.linear.nodes.get(0), "reads block " + index + "'s input "
                        + "although its branch ends without a skip connection");
            }
            used.add(next);
            return new Block(first, second, null, false, List.of(next), next.output());
        }
        if (!next.op().equals("Add") || next.inputs().size() != 2) {
            throw g.refuse(next, "follows block " + index + "'s branch; the block form has the skip's Add or a Relu");
        }
        String other = next.inputs().get(0).equals(second.output()) ? next.inputs().get(1) : next.inputs().get(0);
        String expected = shortcut == null ? h : shortcut.output();
        if (!other.equals(expected) || (shortcut == null && add != next)) {
            throw g.refuse(next, "adds '" + other + "' to block " + index + "'s branch; the skip connection adds the "
                    + "block's input" + (shortcut == null ? "" : " through its projection"));
        }
        used.add(next);
        Node out = single(next.output(), "block " + index + "'s skip sum");
        if (!out.op().equals("Relu")) {
            throw g.refuse(out, "follows block " + index + "'s skip sum; the block form has a Relu there");
        }
        used.add(out);
        return new Block(first, second, shortcut, true, List.of(next, out), out.output());
    }

    /** Whether {@code n}'s output, possibly through a batch norm, goes straight into an {@code Add}. */
    private boolean reachesAdd(Node n) {
        String out = n.output();
        List<Node> cs = g.consumers(out);
        if (cs.size() == 1 && cs.get(0).op().equals("BatchNormalization")) {
            cs = g.consumers(cs.get(0).output());
        }
        return cs.size() == 1 && cs.get(0).op().equals("Add");
    }

    private static boolean isLinear(Node n) {
        return n != null && (n.op().equals("Gemm") || n.op().equals("MatMul") || n.op().equals("Conv"));
    }

    private void requireRelu(String tensor) {
        Node n = single(tensor, "a batch norm");
        if (!n.op().equals("Relu")) {
            throw g.refuse(n, "follows a layer's batch norm where the block form has a Relu");
        }
    }

    /** The one node reading {@code tensor} ({@code what} names it in the message otherwise). */
    private Node single(String tensor, String what) {
        List<Node> cs = g.consumers(tensor);
        if (cs.size() != 1) {
            if (cs.isEmpty()) {
                throw new InvalidInputException("model", "{model} %s: nothing reads the output of %s ('%s'); the "
                        + "network ends before its classifier", g.file, what, tensor);
            }
            throw g.refuse(cs.get(1), "also reads the output of " + what + "; the block form reads it once");
        }
        return cs.get(0);
    }

    /** A weight layer at {@code n} and the batch norm after it (the one the import adds when there is none). */
    private Affine affine(Node n, boolean conv) {
        if (!isLinear(n) || conv != n.op().equals("Conv")) {
            throw g.refuse(n, "stands where a " + (conv ? "convolution" : "fully-connected layer") + " was expected");
        }
        Linear l = linear(n, conv);
        List<Node> cs = g.consumers(l.output);
        Norm norm;
        if (cs.size() == 1 && cs.get(0).op().equals("BatchNormalization")) {
            norm = norm(cs.get(0), l);
        } else {
            double[] one = new double[l.out];
            java.util.Arrays.fill(one, 1);
            norm = convert(List.of(), one, new double[l.out], new double[l.out], one.clone(), 0, l, l.output);
            if (l.bias != null) {
                folded.add(l.nodes.get(0).label() + " has a bias and no batch norm after it (a batch norm folded in by the exporter): imported "
                        + "with a batch norm that adds the bias");
            } else {
                folded.add(l.nodes.get(0).label() + " has no batch norm after it: imported with the identity batch "
                        + "norm");
            }
        }
        return new Affine(l, norm);
    }

    private Norm norm(Node bn, Linear l) {
        if (bn.inputs().size() != 5 || bn.outputs().size() != 1 && bn.outputs().subList(1, bn.outputs().size())
                .stream().anyMatch(o -> !o.isEmpty())) {
            throw g.refuse(bn, "is a batch norm in training mode; export the network in inference mode (eval())");
        }
        if (bn.intAttribute("training_mode", 0) != 0) {
            throw g.refuse(bn, "is a batch norm in training mode; export the network in inference mode (eval())");
        }
        double[][] p = new double[4][];
        for (int k = 0; k < 4; k++) {
            Tensor t = g.constant(bn.inputs().get(k + 1));
            if (t == null || t.values().length != l.out) {
                throw g.refuse(bn, t == null ? "computes its " + new String[] {"scale", "shift", "mean", "variance"}[k]
                        + "; the import reads constant statistics" : "has " + t.values().length + " channels after a "
                        + "layer of " + l.out);
            }
            p[k] = t.values();
        }
        for (double v : p[3]) {
            if (!(v >= 0)) {
                throw g.refuse(bn, "has a negative running variance");
            }
        }
        used.add(bn);
        return convert(List.of(bn), p[0], p[1], p[2], p[3], bn.floatAttribute("epsilon", 1e-5), l, bn.output());
    }

    /**
     * DL4J's batch norm {@code γ'(x − μ')/√(v + ε₀) + β} equal to {@code γ(x + b − μ)/√(v + ε) + β} after a layer with
     * bias {@code b}: {@code μ' = μ − b}, {@code γ' = γ √((v + ε₀)/(v + ε))} (unchanged when {@code ε = ε₀} in
     * float32, the precision ONNX stores it in).
     */
    private Norm convert(List<Node> nodes, double[] gamma, double[] beta, double[] mean, double[] var, double epsilon,
            Linear l, String output) {
        double[] g2 = gamma.clone();
        double[] m2 = mean.clone();
        // ONNX keeps ε as a float32: the float nearest DL4J's ε is DL4J's ε
        if ((float) epsilon != (float) eps) {
            for (int c = 0; c < g2.length; c++) {
                g2[c] = gamma[c] * Math.sqrt((var[c] + eps) / (var[c] + epsilon));
            }
            if (!nodes.isEmpty()) {
                folded.add(nodes.get(0).label() + " has ε = " + (float) epsilon + ": its scale is rescaled to DL4J's ε = "
                        + eps);
            }
        }
        if (l.bias != null && !nodes.isEmpty()) {
            for (int c = 0; c < m2.length; c++) {
                m2[c] = mean[c] - l.bias[c];
            }
            folded.add("the bias of " + l.nodes.get(0).label() + " is folded into the running mean of "
                    + nodes.get(0).label());
        } else if (l.bias != null) {
            for (int c = 0; c < m2.length; c++) {
                m2[c] = -l.bias[c];
            }
        }
        return new Norm(nodes, g2, beta.clone(), m2, var.clone(), output);
    }

    /** The weight layer at {@code n}: {@code Gemm}, {@code MatMul} (with the {@code Add} of a bias after it) or {@code Conv}. */
    private Linear linear(Node n, boolean conv) {
        used.add(n);
        List<Node> nodes = new ArrayList<>(List.of(n));
        if (n.op().equals("Conv")) {
            Tensor w = weight(n, 1, 4);
            long[] k = n.intsAttribute("kernel_shape");
            long[] s = n.intsAttribute("strides");
            long[] p = n.intsAttribute("pads");
            long[] d = n.intsAttribute("dilations");
            int kernel = (int) w.dims()[2];
            if (w.dims()[2] != w.dims()[3] || k != null && (k[0] != kernel || k[1] != kernel)) {
                throw g.refuse(n, "has a non-square kernel");
            }
            if (n.intAttribute("group", 1) != 1 || d != null && (d[0] != 1 || d[1] != 1)) {
                throw g.refuse(n, "is grouped or dilated; the block form has plain convolutions");
            }
            if (!n.attributes().getOrDefault("auto_pad", onnx.Onnx.AttributeProto.getDefaultInstance()).getS()
                    .toStringUtf8().matches("|NOTSET")) {
                throw g.refuse(n, "pads automatically (auto_pad); export with explicit pads");
            }
            int stride = s == null ? 1 : (int) s[0];
            int pad = p == null ? 0 : (int) p[0];
            if (s != null && s[1] != s[0] || p != null && (p[1] != pad || p[2] != pad || p[3] != pad)) {
                throw g.refuse(n, "has unequal strides or padding along its axes");
            }
            double[] bias = null;
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                bias = vector(n, 2, (int) w.dims()[0]);
            }
            return new Linear(nodes, (int) w.dims()[1], (int) w.dims()[0], w.values(), bias, kernel, stride, pad,
                    n.output());
        }
        if (conv) {
            throw g.refuse(n, "is a fully-connected layer inside a convolutional network");
        }
        boolean transB;
        double alpha = 1;
        double[] bias = null;
        String output = n.output();
        if (n.op().equals("Gemm")) {
            if (n.intAttribute("transA", 0) != 0) {
                throw g.refuse(n, "transposes its input (transA)");
            }
            transB = n.intAttribute("transB", 0) != 0;
            alpha = n.floatAttribute("alpha", 1);
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                Tensor w = weight(n, 1, 2);
                double beta = n.floatAttribute("beta", 1);
                bias = vector(n, 2, (int) (transB ? w.dims()[0] : w.dims()[1]));
                for (int c = 0; c < bias.length; c++) {
                    bias[c] *= beta;
                }
            }
        } else {
            transB = false;
            List<Node> cs = g.consumers(output);
            if (cs.size() == 1 && cs.get(0).op().equals("Add")) {
                Node add = cs.get(0);
                String other = add.inputs().get(0).equals(output) ? add.inputs().get(1) : add.inputs().get(0);
                Tensor b = g.constant(other);
                if (b != null) {
                    used.add(add);
                    nodes.add(add);
                    bias = b.values().clone();
                    output = add.output();
                }
            }
        }
        Tensor w = weight(n, 1, 2);
        int in = (int) (transB ? w.dims()[1] : w.dims()[0]);
        int out = (int) (transB ? w.dims()[0] : w.dims()[1]);
        if (bias != null && bias.length != out) {
            throw g.refuse(nodes.get(nodes.size() - 1), "adds a bias of " + bias.length + " values to " + out
                    + " outputs");
        }
        double[] ours = new double[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                ours[i * out + o] = alpha * (transB ? w.at(o, i) : w.at(i, o));
            }
        }
        return new Linear(nodes, in, out, ours, bias, 1, 1, 0, output);
    }

    private Tensor weight(Node n, int input, int rank) {
        Tensor w = n.inputs().size() > input ? g.constant(n.inputs().get(input)) : null;
        if (w == null) {
            throw g.refuse(n, "computes its weights; the import reads constant weights (initializers)");
        }
        if (w.dims().length != rank) {
            throw g.refuse(n, "has weights of rank " + w.dims().length + " where " + rank + " was expected");
        }
        return w;
    }

    private double[] vector(Node n, int input, int length) {
        Tensor b = g.constant(n.inputs().get(input));
        if (b == null || b.values().length != length) {
            throw g.refuse(n, b == null ? "computes its bias" : "has a bias of " + b.values().length + " values for "
                    + length + " outputs");
        }
        return b.values().clone();
    }

    private void set(ComputationGraph graph, String vertex, Affine a, Map<String, String> mapping) {
        Layer layer = graph.getLayer(vertex);
        assign(layer.getParam(DefaultParamInitializer.WEIGHT_KEY), a.linear.weight, vertex);
        mapping.put(vertex, names(a.linear.nodes));
    }

    private void set(ComputationGraph graph, String vertex, Norm n, Map<String, String> mapping) {
        Layer layer = graph.getLayer(vertex);
        assign(layer.getParam(BatchNormalizationParamInitializer.GAMMA), n.gamma, vertex);
        assign(layer.getParam(BatchNormalizationParamInitializer.BETA), n.beta, vertex);
        assign(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), n.mean, vertex);
        assign(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), n.var, vertex);
        mapping.put(vertex, n.nodes.isEmpty() ? "(added by the import)" : names(n.nodes));
    }

    private static String names(List<Node> nodes) {
        return String.join(" + ", nodes.stream().map(Node::name).toList());
    }

    /** Copies {@code values} (row-major in the parameter's logical shape) into {@code param}. */
    private static void assign(INDArray param, double[] values, String vertex) {
        if (param.length() != values.length) {
            throw new IllegalStateException(vertex + ": " + values.length + " values for a parameter of shape "
                    + java.util.Arrays.toString(param.shape()));
        }
        param.assign(Nd4j.create(values, param.shape(), 'c').castTo(param.dataType()));
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new InvalidInputException("model", "{model} %s cannot be read: %s", file, e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
