package org.resalign.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import onnx.Onnx;

import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.resalign.core.input.InvalidInputException;

/**
 * An ONNX model (the ONNX specification's {@code ModelProto}, read with the protobuf classes nd4j-api ships) as the
 * importer walks it: its nodes, which node reads each tensor, and the constant tensors (initializers and the outputs
 * of {@code Constant} nodes) as doubles. {@code Identity} nodes are looked through. A file that is not an ONNX model,
 * is truncated, or holds its weights outside itself is an {@link InvalidInputException} of {@code model} with one
 * line.
 */
final class OnnxGraph {

    /** A constant tensor: its shape and its values in row-major order, widened to double (exact from float32). */
    record Tensor(String name, long[] dims, double[] values) {
        /** The value at row {@code r}, column {@code c} of a matrix. */
        double at(int r, int c) {
            return values[r * (int) dims[1] + c];
        }
    }

    /** One node: the operator, its inputs and outputs (Identity resolved), its attributes. */
    record Node(String name, String op, List<String> inputs, List<String> outputs,
            Map<String, Onnx.AttributeProto> attributes) {

        /** How messages name it: {@code node 'b1/conv' (Conv)}. */
        String label() {
            return "node '" + name + "' (" + op + ")";
        }

        long intAttribute(String key, long fallback) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? fallback : a.getI();
        }

        double floatAttribute(String key, double fallback) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? fallback : a.getF();
        }

        /** An integer-list attribute, or {@code null} when absent. */
        long[] intsAttribute(String key) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        String output() {
            return outputs.get(0);
        }
    }

    final Path file;
    final Onnx.ModelProto model;
    final List<Node> nodes;
    final String input;
    /** The input's dimensions; -1 where the model leaves one symbolic (the batch). */
    final long[] inputShape;
    final Set<String> outputs;
    private final Map<String, Tensor> constants;
    private final Map<String, List<Node>> consumers;

    private OnnxGraph(Path file, Onnx.ModelProto model) {
        this.file = file;
        this.model = model;
        Onnx.GraphProto g = model.getGraph();
        Map<String, String> alias = new HashMap<>();
        constants = new HashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), tensor(t));
        }
        List<Node> all = new ArrayList<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                attributes.put(a.getName(), a);
            }
            String name = n.getName().isEmpty() ? n.getOpType() + "#" + n.getOutputList() : n.getName();
            List<String> ins = n.getInputList().stream().map(s -> alias.getOrDefault(s, s)).toList();
            if (n.getOpType().equals("Identity") && ins.size() == 1 && n.getOutputCount() == 1) {
                alias.put(n.getOutput(0), ins.get(0));
                continue;
            }
            Node node = new Node(name, n.getOpType(), ins, List.copyOf(n.getOutputList()), attributes);
            if (node.op.equals("Constant") && n.getOutputCount() == 1) {
                Onnx.AttributeProto value = attributes.get("value");
                if (value == null || !value.hasT()) {
                    throw refuse(file, node, "a Constant without a tensor value");
                }
                constants.put(node.output(), tensor(value.getT()));
                continue;
            }
            all.add(node);
        }
        nodes = List.copyOf(all);
        consumers = new HashMap<>();
        for (Node n : nodes) {
            for (String in : new HashSet<>(n.inputs)) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        List<Onnx.ValueInfoProto> realInputs = g.getInputList().stream()
                .filter(v -> !constants.containsKey(v.getName())).toList();
        if (realInputs.size() != 1) {
            throw new InvalidInputException("model", "{model} %s has %s graph inputs; a ResNet has one, its images",
                    file, realInputs.size());
        }
        input = realInputs.get(0).getName();
        Onnx.TensorShapeProto shape = realInputs.get(0).getType().getTensorType().getShape();
        inputShape = shape.getDimList().stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
        Set<String> outs = new HashSet<>();
        for (Onnx.ValueInfoProto v : g.getOutputList()) {
            outs.add(alias.getOrDefault(v.getName(), v.getName()));
        }
        outputs = Set.copyOf(outs);
    }

    /** Reads an ONNX model; a file that is not one is bad input. */
    static OnnxGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Files.exists(file) ? new InvalidInputException("model", "{model} %s is not a file", file)
                    : new InvalidInputException("model", "{model} %s does not exist", file);
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidInputException("model", "{model} %s is not an ONNX model: it is truncated or not a "
                    + "protobuf ModelProto", file).causedBy(e);
        } catch (IOException e) {
            throw new InvalidInputException("model", "{model} %s cannot be read: %s", file, e.getMessage())
                    .causedBy(e);
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new InvalidInputException("model", "{model} %s is not an ONNX model (no IR version or no graph "
                    + "nodes)", file);
        }
        return new OnnxGraph(file, model);
    }

    /** The constant tensor named {@code name}, or {@code null} when it is computed. */
    Tensor constant(String name) {
        return constants.get(name);
    }

    /** The nodes that read {@code tensor}. */
    List<Node> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** The opset of the default ONNX domain. */
    long opset() {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain()
                .equals("ai.onnx")).mapToLong(Onnx.OperatorSetIdProto::getVersion).findFirst().orElse(0);
    }

    /** The bad input "node N (Op) is WHY", in one line. */
    static InvalidInputException refuse(Path file, Node node, String why) {
        return new InvalidInputException("model", "{model} %s: %s %s", file, node.label(), why);
    }

    InvalidInputException refuse(Node node, String why) {
        return refuse(file, node, why);
    }

    private Tensor tensor(Onnx.TensorProto t) {
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw new InvalidInputException("model", "{model} %s keeps tensor '%s' in an external file; export it "
                    + "with the weights inside the model", file, t.getName());
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long size = 1;
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new InvalidInputException("model", "{model} %s: tensor '%s' has dimension %s", file,
                        t.getName(), d);
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new InvalidInputException("model", "{model} %s: tensor '%s' is too large to import", file,
                        t.getName());
            }
        }
        int n = (int) size;
        double[] v = new double[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = raw.remaining() > 0;
        int type = t.getDataType();
        int count;
        if (type == Onnx.TensorProto.DataType.FLOAT_VALUE) {
            count = hasRaw ? raw.remaining() / Float.BYTES : t.getFloatDataCount();
            requireCount(t, count, n);
            for (int k = 0; k < n; k++) {
                v[k] = hasRaw ? raw.getFloat(k * Float.BYTES) : t.getFloatData(k);
            }
        } else if (type == Onnx.TensorProto.DataType.DOUBLE_VALUE) {
            count = hasRaw ? raw.remaining() / Double.BYTES : t.getDoubleDataCount();
            requireCount(t, count, n);
            for (int k = 0; k < n; k++) {
                v[k] = hasRaw ? raw.getDouble(k * Double.BYTES) : t.getDoubleData(k);
            }
        } else if (type == Onnx.TensorProto.DataType.INT64_VALUE) {
            count = hasRaw ? raw.remaining() / Long.BYTES : t.getInt64DataCount();
            requireCount(t, count, n);
            for (int k = 0; k < n; k++) {
                v[k] = hasRaw ? raw.getLong(k * Long.BYTES) : t.getInt64Data(k);
            }
        } else if (type == Onnx.TensorProto.DataType.INT32_VALUE) {
            count = hasRaw ? raw.remaining() / Integer.BYTES : t.getInt32DataCount();
            requireCount(t, count, n);
            for (int k = 0; k < n; k++) {
                v[k] = hasRaw ? raw.getInt(k * Integer.BYTES) : t.getInt32Data(k);
            }
        } else {
            throw new InvalidInputException("model", "{model} %s: tensor '%s' has ONNX data type %s; float32, "
                    + "float64, int32 and int64 are read", file, t.getName(), type);
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new InvalidInputException("model", "{model} %s: tensor '%s' holds a non-finite value", file,
                        t.getName());
            }
        }
        return new Tensor(t.getName(), dims, v);
    }

    private void requireCount(Onnx.TensorProto t, int count, int n) {
        if (count != n) {
            throw new InvalidInputException("model", "{model} %s: tensor '%s' holds %s values for its shape's %s "
                    + "(truncated?)", file, t.getName(), count, n);
        }
    }
}
