package org.resalign.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import onnx.Onnx;

/**
 * Small fully connected ResNets of the paper's block form written as ONNX graphs with the protobuf builders, the way
 * an exporter other than PyTorch's may write them: every linear layer a {@code Gemm} with {@code transB = 1}, a bias
 * and {@code alpha ≠ 1}, batch norms with their own ε, weights as {@code float_data} (not raw bytes), a final
 * {@code Softmax}. Each node can be replaced, and nodes added, to plant a graph the import must refuse.
 */
final class OnnxModels {

    final int width;
    final int depth;
    final int classes;
    private final SplittableRandom random;
    final List<Onnx.NodeProto.Builder> nodes = new ArrayList<>();
    final List<Onnx.TensorProto> initializers = new ArrayList<>();
    long opset = 13;

    private OnnxModels(int width, int depth, int classes, long seed) {
        this.width = width;
        this.depth = depth;
        this.classes = classes;
        this.random = new SplittableRandom(seed);
    }

    /** The network {@code stem → depth blocks with skips → classifier → softmax}, its weights drawn from {@code seed}. */
    static OnnxModels fullyConnected(int width, int depth, int classes, long seed) {
        OnnxModels m = new OnnxModels(width, depth, classes, seed);
        String h = m.gemm("stem/gemm", "input", ResNetSpec.INPUT_SIZE, width, 1.0 / 28);
        h = m.norm("stem/bn", h, width);
        h = m.node("Relu", "stem/relu", h);
        for (int b = 1; b <= depth; b++) {
            String p = "block" + b + "/";
            String f = m.gemm(p + "gemm1", h, width, width, 1.0 / Math.sqrt(width));
            f = m.norm(p + "bn1", f, width);
            f = m.node("Relu", p + "relu1", f);
            f = m.gemm(p + "gemm2", f, width, width, 1.0 / Math.sqrt(width));
            f = m.norm(p + "bn2", f, width);
            f = m.node("Add", p + "add", h, f);
            h = m.node("Relu", p + "relu2", f);
        }
        String logits = m.gemm("head/gemm", h, width, classes, 1.0 / Math.sqrt(width));
        m.node("Softmax", "head/softmax", logits);
        return m;
    }

    /** The node named {@code name}, to change. */
    Onnx.NodeProto.Builder named(String name) {
        return nodes.stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
    }

    /** Replaces the node {@code name} by {@code change} of it. */
    OnnxModels with(String name, UnaryOperator<Onnx.NodeProto.Builder> change) {
        int i = nodes.indexOf(named(name));
        nodes.set(i, change.apply(nodes.get(i)));
        return this;
    }

    /** Removes block {@code b}'s skip: its second batch norm feeds its last Relu directly. */
    OnnxModels withoutSkip(int b) {
        String p = "block" + b + "/";
        String branch = named(p + "bn2").getOutput(0);
        nodes.remove(named(p + "add"));
        return with(p + "relu2", n -> n.setInput(0, branch));
    }

    /** Adds a node {@code op} called {@code name} reading {@code inputs}, with its output {@code name:0}. */
    String node(String op, String name, String... inputs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setName(name).setOpType(op).addOutput(name + ":0");
        for (String in : inputs) {
            n.addInput(in);
        }
        if (op.equals("Softmax")) {
            n.addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setType(Onnx.AttributeProto
                    .AttributeType.INT).setI(1));
        }
        nodes.add(n);
        return name + ":0";
    }

    private String gemm(String name, String in, int inputs, int outputs, double scale) {
        float alpha = 0.75f;
        // transB: the weights are stored outputs × inputs, as torch.nn.Linear keeps them
        initializers.add(tensor(name + ".W", new long[] {outputs, inputs}, scale / alpha));
        initializers.add(tensor(name + ".b", new long[] {outputs}, 0.1));
        node("Gemm", name, in, name + ".W", name + ".b");
        nodes.get(nodes.size() - 1).addAttribute(intAttribute("transB", 1)).addAttribute(Onnx.AttributeProto
                .newBuilder().setName("alpha").setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(alpha));
        return name + ":0";
    }

    private String norm(String name, String in, int channels) {
        float[] gamma = new float[channels];
        float[] beta = new float[channels];
        float[] mean = new float[channels];
        float[] var = new float[channels];
        for (int c = 0; c < channels; c++) {
            gamma[c] = (float) (0.5 + random.nextDouble());
            beta[c] = (float) (0.2 * random.nextGaussian());
            mean[c] = (float) (0.1 * random.nextGaussian());
            var[c] = (float) (0.5 + random.nextDouble());
        }
        initializers.add(tensor(name + ".gamma", gamma));
        initializers.add(tensor(name + ".beta", beta));
        initializers.add(tensor(name + ".mean", mean));
        initializers.add(tensor(name + ".var", var));
        node("BatchNormalization", name, in, name + ".gamma", name + ".beta", name + ".mean", name + ".var");
        nodes.get(nodes.size() - 1).addAttribute(Onnx.AttributeProto.newBuilder().setName("epsilon")
                .setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(1e-3f));
        return name + ":0";
    }

    static Onnx.AttributeProto intAttribute(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private Onnx.TensorProto tensor(String name, long[] dims, double scale) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (scale * random.nextGaussian());
        }
        return tensor(name, dims, v);
    }

    private static Onnx.TensorProto tensor(String name, float[] values) {
        return tensor(name, new long[] {values.length}, values);
    }

    private static Onnx.TensorProto tensor(String name, long[] dims, float[] values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    /** The model: input {@code [n, 784]} float32, output the last node's. */
    Onnx.ModelProto build() {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("fc-resnet");
        g.addInput(valueInfo("input", ResNetSpec.INPUT_SIZE));
        g.addOutput(valueInfo(nodes.get(nodes.size() - 1).getOutput(0), classes));
        for (Onnx.NodeProto.Builder n : nodes) {
            g.addNode(n.build());
        }
        g.addAllInitializer(initializers);
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("protobuf builders")
                .setProducerVersion("1").addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(opset))
                .setGraph(g).build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int features) {
        Onnx.TensorShapeProto shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("n"))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }
}
