package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;

/**
 * The import of ONNX models exported by PyTorch ({@code onnx/export_fixtures.py}) held against ONNX Runtime running
 * the same files, and against PyTorch's own outputs: every representation {@code h_i} and the class probabilities
 * agree to 1e-5 (float32 oracles against a double-precision network).
 */
class OnnxImportTest {

    static final double TOLERANCE = 1e-5;

    static Path fixture(String name) {
        try {
            return Path.of(OnnxImportTest.class.getResource("onnx/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] inputs(String npy) {
        INDArray a = Nd4j.createFromNpyFile(fixture(npy).toFile());
        return a.castTo(DataType.FLOAT).reshape(a.size(0), -1).dup('c').data().asFloat();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fc-4a, fc-4a, 4a, 16, 4", "fc-bias, fc-4a, 4b, 16, 3", "conv-basicblock, conv-basicblock, 3, 4, 4",
        "conv-basicblock-bn, conv-basicblock, 3, 4, 4"})
    void everyRepresentationAndTheOutputEqualOnnxRuntimesAndPyTorchs(String model, String in, String type, int width,
            int depth) throws Exception {
        OnnxImport.Imported imported = OnnxImport.read(fixture(model + ".onnx"));
        assertEquals(new ResNetSpec(ModelType.parse(type), width, depth, 3), imported.spec());
        float[] x = inputs(in + ".inputs.npy");
        int n = x.length / ResNetSpec.INPUT_SIZE;
        long[] shape = type.equals("3") ? new long[] {n, 1, 28, 28} : new long[] {n, ResNetSpec.INPUT_SIZE};
        List<String> tensors = new ArrayList<>(imported.representations());
        tensors.add("logits");
        List<double[][]> oracle = OnnxOracle.run(fixture(model + ".onnx"), x, shape, tensors);
        Map<String, INDArray> ours = forward(imported.graph(), x, n);
        for (int i = 1; i <= depth + 1; i++) {
            double[][] expected = oracle.get(i - 1);
            double[][] got = rows(ours.get("h" + i), n);
            assertClose(expected, got, "h" + i);
        }
        double[][] probabilities = rows(ours.get(ResNetBuilder.OUTPUT), n);
        assertClose(softmax(oracle.get(depth + 1)), probabilities, "ONNX Runtime's class probabilities");
        JsonNode torch = Json.mapper().readTree(fixture(in.equals("fc-4a") ? model + ".expected.json"
                : in + ".expected.json").toFile()).get("logits");
        double[][] torchLogits = new double[n][];
        for (int t = 0; t < n; t++) {
            torchLogits[t] = new double[torch.get(t).size()];
            for (int c = 0; c < torchLogits[t].length; c++) {
                torchLogits[t][c] = torch.get(t).get(c).asDouble();
            }
        }
        assertClose(softmax(torchLogits), probabilities, "PyTorch's class probabilities");
        // the inputs are not degenerate: the classes are told apart and every block's output moves
        assertTrue(java.util.Arrays.stream(probabilities).mapToDouble(p -> java.util.Arrays.stream(p).max()
                .orElseThrow()).max().orElseThrow() > 0.4);
    }

    /** Negative control: a network whose batch-norm shift is off by 1e-3 in one channel fails the comparison. */
    @Test
    void theComparisonRejectsAPlantedWrongWeight() throws Exception {
        OnnxImport.Imported imported = OnnxImport.read(fixture("fc-4a.onnx"));
        INDArray beta = imported.graph().getLayer(new BlockNames(2).norm2()).getParam(
                org.deeplearning4j.nn.params.BatchNormalizationParamInitializer.BETA);
        beta.putScalar(3, beta.getDouble(3) + 1e-3);
        float[] x = inputs("fc-4a.inputs.npy");
        int n = x.length / ResNetSpec.INPUT_SIZE;
        double[][] oracle = OnnxOracle.run(fixture("fc-4a.onnx"), x, new long[] {n, ResNetSpec.INPUT_SIZE},
                List.of(imported.representations().get(2))).get(0);
        assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> assertClose(oracle, rows(forward(imported.graph(), x, n).get("h3"), n), "h3"));
    }

    @Test
    void theFoldsAreRecordedAndTheTwoExportsOfOneNetworkAgree() {
        OnnxImport.Imported bias = OnnxImport.read(fixture("fc-bias.onnx"));
        assertTrue(bias.origin().folded().stream().anyMatch(f -> f.contains("folded into the running mean")),
                bias.origin().folded().toString());
        assertTrue(bias.origin().folded().stream().anyMatch(f -> f.contains("ε = 0.001")));
        OnnxImport.Imported folded = OnnxImport.read(fixture("conv-basicblock.onnx"));
        assertTrue(folded.origin().folded().stream().anyMatch(f -> f.contains("batch norm folded in by the exporter")));
        assertEquals("pytorch 1.13.0", folded.origin().producer());
        assertEquals(64, folded.origin().sha256().length());
        OnnxImport.Imported kept = OnnxImport.read(fixture("conv-basicblock-bn.onnx"));
        assertTrue(kept.origin().folded().isEmpty(), kept.origin().folded().toString());
        assertEquals("/layers/layers.2/downsample/downsample.0/Conv", kept.origin().mapping().get("b3_proj"));
        assertEquals("/layers/layers.2/downsample/downsample.1/BatchNormalization",
                kept.origin().mapping().get("b3_projbn"));
        assertEquals("(added by the import)", folded.origin().mapping().get("b3_projbn"));
        float[] x = inputs("conv-basicblock.inputs.npy");
        int n = x.length / ResNetSpec.INPUT_SIZE;
        assertClose(rows(forward(kept.graph(), x, n).get("h5"), n), rows(forward(folded.graph(), x, n).get("h5"), n),
                "the folded and the kept export");
    }

    /** The imported network's Residual Jacobians agree with finite differences of its blocks, as a trained one's. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"fc-4a", "conv-basicblock"})
    void theImportedJacobiansAgreeWithFiniteDifferences(String model) {
        OnnxImport.Imported imported = OnnxImport.read(fixture(model + ".onnx"));
        ResNetSpec spec = imported.spec();
        float[] x = inputs((model.startsWith("fc") ? "fc-4a" : model) + ".inputs.npy");
        double[] first = new double[ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < first.length; k++) {
            first[k] = x[k];
        }
        JacobianExtraction.AtInput at = JacobianExtraction.at(imported.graph(), spec, first);
        int checked = 0;
        for (int i = 1; i <= spec.depth(); i++) {
            if (!spec.squareBlock(i)) {
                continue;
            }
            BlockFunction f = new BlockFunction(imported.graph(), spec, i);
            double[] h = at.trajectory()[i - 1];
            DMatrixRMaj fd = f.residualJacobianTimes(h, CommonOps_DDRM.identity(h.length), ResidualJacobianTest.STEP);
            double rel = ResidualJacobianTest.relativeDifference(at.jacobians().get(i - 1).dense(), fd);
            assertTrue(rel < 1e-6, model + " block " + i + ": " + rel);
            checked++;
        }
        assertTrue(checked >= spec.depth() - 1);
    }

    @Test
    void aTruncatedOrForeignFileIsBadInput(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(fixture("fc-4a.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        for (Path p : List.of(truncated, text, empty, dir.resolve("missing.onnx"), dir)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxImport.read(p));
            assertEquals("model", e.parameter());
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    static Map<String, INDArray> forward(ComputationGraph g, float[] x, int n) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return g.feedForward(Nd4j.create(d, new long[] {n, ResNetSpec.INPUT_SIZE}), false);
    }

    static double[][] rows(INDArray a, int n) {
        INDArray flat = a.reshape(n, -1).dup('c');
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            out[t] = flat.getRow(t).toDoubleVector();
        }
        return out;
    }

    static double[][] softmax(double[][] logits) {
        double[][] p = new double[logits.length][];
        for (int t = 0; t < logits.length; t++) {
            double max = java.util.Arrays.stream(logits[t]).max().orElseThrow();
            double[] e = java.util.Arrays.stream(logits[t]).map(v -> Math.exp(v - max)).toArray();
            double sum = java.util.Arrays.stream(e).sum();
            p[t] = java.util.Arrays.stream(e).map(v -> v / sum).toArray();
        }
        return p;
    }

    static void assertClose(double[][] expected, double[][] got, String what) {
        assertEquals(expected.length, got.length, what);
        double worst = 0;
        double scale = 0;
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t].length, got[t].length, what);
            for (int k = 0; k < expected[t].length; k++) {
                worst = Math.max(worst, Math.abs(expected[t][k] - got[t][k]) / Math.max(1, Math.abs(expected[t][k])));
                scale = Math.max(scale, Math.abs(expected[t][k]));
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst);
        assertTrue(scale > 1e-3, what + " is all zero");
    }
}
