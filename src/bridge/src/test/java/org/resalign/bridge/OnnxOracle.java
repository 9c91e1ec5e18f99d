package org.resalign.bridge;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import onnx.Onnx;

/**
 * ONNX Runtime as the test oracle of the import: it runs the ONNX model itself (float32) and returns, beside its
 * output, any intermediate tensors asked for (added to the graph's outputs).
 */
final class OnnxOracle {

    private OnnxOracle() {
    }

    /** The values of {@code tensors} at {@code inputs} ({@code n} rows of {@code shape}'s size), row by row. */
    static List<double[][]> run(Path model, float[] inputs, long[] shape, List<String> tensors) throws Exception {
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
        return run(proto, inputs, shape, tensors);
    }

    static List<double[][]> run(Onnx.ModelProto proto, float[] inputs, long[] shape, List<String> tensors)
            throws OrtException {
        Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder();
        java.util.Set<String> outputs = new java.util.HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String t : tensors) {
            if (!outputs.contains(t)) {
                graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(t).setType(Onnx.TypeProto.newBuilder()
                        .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(
                                Onnx.TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        byte[] bytes = proto.toBuilder().setGraph(graph).build().toByteArray();
        String input = proto.getGraph().getInputList().stream()
                .filter(v -> proto.getGraph().getInitializerList().stream().noneMatch(i -> i.getName()
                        .equals(v.getName()))).findFirst().orElseThrow().getName();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(bytes, options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs), shape);
                    OrtSession.Result r = session.run(Map.of(input, x), new java.util.LinkedHashSet<>(tensors))) {
                List<double[][]> out = new ArrayList<>();
                for (String t : tensors) {
                    OnnxTensor v = (OnnxTensor) r.get(t).orElseThrow();
                    long[] s = v.getInfo().getShape();
                    FloatBuffer b = v.getFloatBuffer();
                    int rows = (int) s[0];
                    int cols = b.remaining() / rows;
                    double[][] m = new double[rows][cols];
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            m[i][j] = b.get(i * cols + j);
                        }
                    }
                    out.add(m);
                }
                return out;
            }
        }
    }
}
