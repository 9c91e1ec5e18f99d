package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import onnx.Onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resalign.core.input.InvalidInputException;

/**
 * ONNX models written with the protobuf builders ({@link OnnxModels}): a valid one in another exporter's spelling
 * imports and agrees with ONNX Runtime to 1e-5; graphs outside the block form are refused with one line naming the
 * node and its operator.
 */
class OnnxBuiltModelsTest {

    @TempDir
    Path dir;

    static float[] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * ResNetSpec.INPUT_SIZE];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) r.nextDouble();
        }
        return x;
    }

    Path write(Onnx.ModelProto model, String name) throws Exception {
        Path p = dir.resolve(name + ".onnx");
        Files.write(p, model.toByteArray());
        return p;
    }

    @Test
    void gemmWithTransposedWeightsBiasAlphaAndSoftmaxEqualsOnnxRuntime() throws Exception {
        Onnx.ModelProto proto = OnnxModels.fullyConnected(8, 3, 3, 11).build();
        OnnxImport.Imported imported = OnnxImport.read(write(proto, "fc"));
        assertEquals(new ResNetSpec(ModelType.T4A, 8, 3, 3), imported.spec());
        assertEquals("protobuf builders 1", imported.origin().producer());
        int n = 5;
        float[] x = images(n, 3);
        List<String> tensors = new ArrayList<>(imported.representations());
        tensors.add("head/softmax:0");
        List<double[][]> oracle = OnnxOracle.run(proto, x, new long[] {n, ResNetSpec.INPUT_SIZE}, tensors);
        var ours = OnnxImportTest.forward(imported.graph(), x, n);
        for (int i = 1; i <= 4; i++) {
            OnnxImportTest.assertClose(oracle.get(i - 1), OnnxImportTest.rows(ours.get("h" + i), n), "h" + i);
        }
        OnnxImportTest.assertClose(oracle.get(4), OnnxImportTest.rows(ours.get(ResNetBuilder.OUTPUT), n),
                "the class probabilities");
        assertTrue(imported.origin().folded().stream().anyMatch(f -> f.contains("folded into the running mean")),
                imported.origin().folded().toString());
    }

    /** With its data declared, the import measures the accuracies ONNX Runtime's class probabilities give. */
    @Test
    void theAccuraciesOnTheDeclaredDataAreONNXRuntimes() throws Exception {
        Onnx.ModelProto proto = OnnxModels.fullyConnected(8, 3, 3, 11).build();
        OnnxImport.Imported imported = OnnxImport.read(write(proto, "fc"));
        int n = 40;
        float[] x = images(2 * n, 5);
        int[] labels = new SplittableRandom(6).ints(2 * n, 0, 3).toArray();
        double[][] p = OnnxOracle.run(proto, x, new long[] {2 * n, ResNetSpec.INPUT_SIZE}, List.of("head/softmax:0"))
                .get(0);
        int[] right = new int[2];
        for (int t = 0; t < 2 * n; t++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[t][c] > p[t][best] ? c : best;
            }
            right[t / n] += best == labels[t] ? 1 : 0;
        }
        String[] names = {"a", "b", "c"};
        Split data = new Split(new Images("train", Arrays.copyOf(x, n * ResNetSpec.INPUT_SIZE),
                Arrays.copyOf(labels, n), 3, names), new Images("test", Arrays.copyOfRange(x, n * ResNetSpec
                .INPUT_SIZE, 2 * n * ResNetSpec.INPUT_SIZE), Arrays.copyOfRange(labels, n, 2 * n), 3, names));
        ModelInfo info = imported.info(null, data);
        assertEquals(right[0] / (double) n, info.trainAccuracy(), 1e-12);
        assertEquals(right[1] / (double) n, info.testAccuracy(), 1e-12);
        assertTrue(right[0] > 0 && right[0] < n, "not all one answer: " + right[0]);
        assertTrue(Double.isNaN(imported.info(null, null).testAccuracy()));
    }

    /** Negative control: the same comparison against a model whose one layer's alpha differs by 1e-4 fails. */
    @Test
    void theComparisonRejectsAModelThatDiffersInOneAlpha() throws Exception {
        OnnxModels m = OnnxModels.fullyConnected(8, 3, 3, 11);
        OnnxImport.Imported imported = OnnxImport.read(write(m.build(), "fc"));
        m.with("block2/gemm1", b -> b.setAttribute(1, b.getAttribute(1).toBuilder().setF(0.7501f)));
        int n = 5;
        float[] x = images(n, 3);
        double[][] oracle = OnnxOracle.run(m.build(), x, new long[] {n, ResNetSpec.INPUT_SIZE},
                List.of(imported.representations().get(2))).get(0);
        assertThrows(org.opentest4j.AssertionFailedError.class, () -> OnnxImportTest.assertClose(oracle,
                OnnxImportTest.rows(OnnxImportTest.forward(imported.graph(), x, n).get("h3"), n), "h3"));
    }

    static Consumer<OnnxModels> plant(String what) {
        return switch (what) {
            case "sigmoid" -> m -> m.with("block2/relu1", b -> b.setOpType("Sigmoid"));
            case "side" -> m -> m.node("Mul", "side/mul", "block1/relu2:0", "block1/relu2:0");
            case "mixed" -> m -> m.withoutSkip(2);
            case "training" -> m -> {
                m.opset = 15;
                m.with("block1/bn2", b -> b.addAttribute(OnnxModels.intAttribute("training_mode", 1)));
            };
            case "statistics" -> m -> m.with("block3/bn1", b -> b.addOutput("running_mean").addOutput("running_var"));
            case "transA" -> m -> m.with("block3/gemm2", b -> b.addAttribute(OnnxModels.intAttribute("transA", 1)));
            case "computed" -> m -> m.with("block1/gemm2", b -> b.setInput(1, m.node("Neg", "neg",
                    "block1/gemm2.W")));
            case "second input" -> m -> m.with("block2/add", b -> b.setInput(0, "block1/bn2:0"));
            default -> throw new IllegalArgumentException(what);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sigmoid, node 'block2/relu1' (Sigmoid)", "side, node 'side/mul' (Mul)",
        "mixed, node 'block2/relu2' (Relu)", "training, node 'block1/bn2' (BatchNormalization)",
        "statistics, node 'block3/bn1' (BatchNormalization)", "transA, node 'block3/gemm2' (Gemm)",
        "computed, node 'block1/gemm2' (Gemm)", "second input, node 'block2/add' (Add)"})
    void aGraphOutsideTheBlockFormIsRefusedNamingTheNode(String what, String node) throws Exception {
        OnnxModels m = OnnxModels.fullyConnected(8, 3, 3, 11);
        plant(what).accept(m);
        Path p = write(m.build(), what.replace(' ', '-'));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxImport.read(p));
        assertEquals("model", e.parameter());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(node), e.getMessage());
    }
}
