package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
