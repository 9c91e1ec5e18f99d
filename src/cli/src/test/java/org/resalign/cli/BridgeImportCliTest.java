package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.bridge.NpyFile;
import org.resalign.core.io.Json;

/**
 * {@code bridge import} and {@code analyze --at --npy} as a user runs them, on the PyTorch-exported fixture of the
 * bridge's tests ({@code fc-4a.onnx}, its inputs and PyTorch's float64 autograd results), and the bad inputs of both:
 * each exits 2 with one line and writes nothing.
 */
class BridgeImportCliTest {

    static final Path FIXTURES = Path.of("../bridge/src/test/resources/org/resalign/bridge/onnx").toAbsolutePath()
            .normalize();
    static final Path ONNX = FIXTURES.resolve("fc-4a.onnx");
    static final Path INPUTS = FIXTURES.resolve("fc-4a.inputs.npy");

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void importTheFixture() throws Exception {
        model = tmp.resolve("fc.zip");
        CliTest.Outcome o = CliTest.run("bridge", "import", ONNX.toString(), "--out", model.toString(), "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("imported", n.get("verdict").asText());
        assertEquals("4a", n.get("spec").get("type").asText());
        assertEquals(16, n.get("spec").get("width").asInt());
        assertEquals(4, n.get("spec").get("depth").asInt());
        assertEquals("pytorch 1.13.0", n.get("origin").get("producer").asText());
        assertEquals(64, n.get("origin").get("sha256").asText().length());
        assertTrue(o.err().contains("analyze and compare need --at INPUTS.npy"), o.err());
    }

    @Test
    void analyzeAtTheInputsMatchesPyTorchAndWritesTheArrays() throws Exception {
        Path npy = tmp.resolve("arrays");
        CliTest.Outcome o = CliTest.run("bridge", "analyze", model.toString(), "--at", INPUTS.toString(), "--k", "5",
                "--npy", npy.toString(), "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode expected = Json.mapper().readTree(FIXTURES.resolve("fc-4a.expected.json").toFile());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("onnx", n.get("imported").get("format").asText());
        assertEquals(ONNX.toString(), n.get("imported").get("file").asText());
        assertEquals(INPUTS.toString(), n.get("at").asText());
        JsonNode inputs = n.get("stages").get(0).get("inputs");
        assertEquals(6, inputs.size());
        INDArray sv = Nd4j.createFromNpyFile(npy.resolve("stage1_singular_values.npy").toFile());
        INDArray ra2 = Nd4j.createFromNpyFile(npy.resolve("stage1_ra2.npy").toFile());
        INDArray rows = Nd4j.createFromNpyFile(npy.resolve("stage1_inputs.npy").toFile());
        assertEquals(List.of(6L, 4L, 5L), Arrays.stream(sv.shape()).boxed().toList());
        assertEquals(List.of(6L, 4L, 16L, 5L), Arrays.stream(Nd4j.createFromNpyFile(npy.resolve("stage1_u.npy")
                .toFile()).shape()).boxed().toList());
        assertEquals(List.of(6L, 5L, 16L), Arrays.stream(Nd4j.createFromNpyFile(npy.resolve(
                "stage1_trajectories.npy").toFile()).shape()).boxed().toList());
        int compared = 0;
        for (int t = 0; t < 6; t++) {
            JsonNode input = inputs.get(t);
            assertEquals(t, input.get("index").asInt());
            assertEquals(t, rows.getDouble(t));
            assertEquals(-1, input.get("label").asInt());
            for (int i = 0; i < 4; i++) {
                for (int m = 0; m < 5; m++) {
                    double got = input.get("report").get("topSingularValues").get(i).get(m).asDouble();
                    assertEquals(expected.get("singularValues").get(t).get(i).get(m).asDouble(), got, 1e-5);
                    assertEquals(got, sv.getDouble(t, i, m), 0.0, "the .npy holds the JSON's value");
                }
                for (int j = 0; j < 4; j++) {
                    double got = input.get("report").get("ra2").get("scores").get(i).get(j).asDouble();
                    assertEquals(got, ra2.getDouble(t, i, j), 0.0);
                    if (expected.get("determined").get(t).get(j).asBoolean()) {
                        assertEquals(expected.get("ra2").get(t).get(i).get(j).asDouble(), got, 1e-5);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 88, "compared " + compared);
        JsonNode listing = Json.mapper().readTree(npy.resolve("arrays.json").toFile());
        assertEquals(7, listing.get("files").size());
        for (JsonNode f : listing.get("files")) {
            assertTrue(Files.size(npy.resolve(f.get("file").asText())) > 0, f.toString());
        }
    }

    @Test
    void compareOfAnImportedNetworkNeedsItsWeightDecay() throws Exception {
        CliTest.Outcome o = CliTest.run("bridge", "compare", model.toString(), "--at", INPUTS.toString(), "--quiet");
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--lambda"), o.err());
        Path declared = tmp.resolve("fc-lambda.zip");
        assertEquals(0, CliTest.run("bridge", "import", ONNX.toString(), "--out", declared.toString(), "--lambda",
                "1e-3").code());
        o = CliTest.run("bridge", "compare", declared.toString(), "--at", INPUTS.toString(), "--k", "5", "--quiet",
                "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals(0.001, n.get("comparisons").get(0).get("problem").get("lambda").asDouble());
        assertEquals("converged", n.get("comparisons").get(0).get("solve").get("verdict").asText());
        assertFalse(n.has("initial") && !n.get("initial").isNull(), "an imported network has no initialisation");
    }

    /** The declared epoch and run seed are kept in the origin, for bridge epochs; a negative epoch is refused. */
    @Test
    void theDeclaredEpochAndSeedAreKept() throws Exception {
        Path declared = tmp.resolve("fc-epoch.zip");
        CliTest.Outcome o = CliTest.run("bridge", "import", ONNX.toString(), "--out", declared.toString(), "--epoch",
                "30", "--seed", "4", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode origin = Json.mapper().readTree(o.out()).get("origin");
        assertEquals(30, origin.get("epoch").asInt());
        assertEquals(4, origin.get("seed").asLong());
        assertEquals(30, org.resalign.bridge.ModelFile.info(declared).origin().epoch());
        o = CliTest.run("bridge", "import", ONNX.toString(), "--out", tmp.resolve("neg.zip").toString(), "--epoch",
                "-1");
        assertEquals(2, o.code(), o.err());
        assertFalse(Files.exists(tmp.resolve("neg.zip")));
        // an undeclared origin keeps neither key
        o = CliTest.run("bridge", "import", ONNX.toString(), "--out", tmp.resolve("plain.zip").toString(), "--json",
                "-");
        assertFalse(Json.mapper().readTree(o.out()).get("origin").has("epoch"));
    }

    /** A model file that is not ONNX, is cut short, or holds an operator outside the block form. */
    @Test
    void badModelsAreRefusedInOneLineAndNothingIsWritten() throws Exception {
        byte[] whole = Files.readAllBytes(ONNX);
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        Path text = tmp.resolve("text.onnx");
        Files.writeString(text, "ir_version: 7\n");
        // every Relu spelled Tanh (same length: the protobuf stays valid), so the stem's activation is a Tanh
        Path tanh = tmp.resolve("tanh.onnx");
        Files.write(tanh, new String(whole, StandardCharsets.ISO_8859_1).replace("Relu", "Tanh")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (Path bad : List.of(cut, text, tanh, tmp.resolve("missing.onnx"))) {
            Path out = tmp.resolve("never-" + bad.getFileName() + ".zip");
            CliTest.Outcome o = CliTest.run("bridge", "import", bad.toString(), "--out", out.toString());
            assertEquals(2, o.code(), bad + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(bad.toString()), o.err());
            assertFalse(Files.exists(out), out.toString());
        }
        CliTest.Outcome o = CliTest.run("bridge", "import", tanh.toString(), "--out", tmp.resolve("t.zip").toString());
        assertTrue(o.err().contains("(Tanh)") && o.err().contains("node '"), o.err());
        o = CliTest.run("bridge", "import", ONNX.toString(), "--out", text.resolve("m.zip").toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    static Path npy(String name, String descr, boolean fortran, String shape, int bytes) throws Exception {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = new byte[10 + h.length + bytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xff), (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, file, 0, 10);
        System.arraycopy(h, 0, file, 10, h.length);
        Path p = tmp.resolve(name + ".npy");
        Files.write(p, file);
        return p;
    }

    /** Inputs of the wrong shape, type, order or length, a text file, a NaN: each one line, nothing written. */
    @Test
    void badInputFilesAreRefusedInOneLineBeforeAnyWork() throws Exception {
        Path shape = tmp.resolve("shape.npy");
        NpyFile.write(new double[6 * 100], new long[] {6, 100}, shape);
        Path nan = tmp.resolve("nan.npy");
        double[] values = new double[2 * 784];
        values[900] = Double.NaN;
        NpyFile.write(values, new long[] {2, 784}, nan);
        Path text = tmp.resolve("text.npy");
        Files.writeString(text, "0.1 0.2 0.3\n");
        byte[] whole = Files.readAllBytes(INPUTS);
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 4));
        List<Path> bad = List.of(shape, nan, text, cut, npy("big-endian", ">f4", false, "2, 784", 2 * 784 * 4),
                npy("fortran", "<f8", true, "2, 784", 2 * 784 * 8), npy("int", "<i8", false, "2, 784", 2 * 784 * 8),
                npy("empty", "<f4", false, "0, 784", 0), tmp.resolve("missing.npy"));
        for (Path p : bad) {
            Path out = tmp.resolve("never-" + p.getFileName());
            Path arrays = tmp.resolve("never-arrays-" + p.getFileName());
            CliTest.Outcome o = CliTest.run("bridge", "analyze", model.toString(), "--at", p.toString(), "--out",
                    out.toString(), "--npy", arrays.toString(), "--quiet");
            assertEquals(2, o.code(), p + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(p.toString()), o.err());
            assertFalse(Files.exists(out) || Files.exists(arrays), p.toString());
        }
    }

    @Test
    void optionsThatContradictTheInputsAreBadInput() {
        String[][] cases = {
            {"bridge", "analyze", "MODEL", "--at", INPUTS.toString(), "--inputs", "3"},
            {"bridge", "compare", "MODEL", "--at", INPUTS.toString(), "--inputs", "3"},
            {"bridge", "analyze", "MODEL"},
            {"bridge", "analyze", "MODEL", "--at", INPUTS.toString(), "--peer", "torch"},
            {"bridge", "import", ONNX.toString(), "--out", "x.zip", "--classes", "0,1,2"},
            {"bridge", "import", ONNX.toString(), "--out", "x.zip", "--dataset", "fashion-mnist", "--classes", "0,1"},
            {"bridge", "import", ONNX.toString(), "--out", "x.zip", "--lambda", "-1"},
        };
        for (String[] c : cases) {
            String[] args = Arrays.stream(c).map(a -> a.equals("MODEL") ? model.toString()
                    : a.equals("x.zip") ? tmp.resolve("never.zip").toString() : a).toArray(String[]::new);
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(Files.exists(tmp.resolve("never.zip")));
        }
    }
}
