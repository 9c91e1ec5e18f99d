package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

class BridgeCliTest {

    @TempDir
    static Path tmp;

    static Path model;

    /** One tiny type-4a network on the synthetic mixture, trained once for the tests that read a model. */
    @BeforeAll
    static void train() throws Exception {
        model = tmp.resolve("m.zip");
        Path json = tmp.resolve("train.json");
        CliTest.Outcome o = CliTest.run("bridge", "train", "--type", "4a", "--width", "16", "--depth", "3",
                "--epochs", "2", "--train-per-class", "64", "--batch", "32", "--lambda", "1e-2", "--out",
                model.toString(), "--quiet", "--json", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("test accuracy"), o.out());
        JsonNode n = Json.mapper().readTree(json.toFile());
        assertEquals("trained", n.get("verdict").asText());
        assertEquals("4a", n.get("spec").get("type").asText());
        assertEquals(2, n.get("history").size());
        assertEquals(8, n.get("steps").asInt()); // 128 images in batches of 32, two epochs
        assertTrue(n.get("stepsPerSecond").asDouble() > 0);
        assertFalse(Files.exists(tmp.resolve("m.zip.checkpoint")), "the checkpoint is removed when done");
    }

    @Test
    void analyzeWritesTheReportFolder() throws Exception {
        Path out = tmp.resolve("a");
        CliTest.Outcome o = CliTest.run("bridge", "analyze", model.toString(), "--inputs", "3", "--k", "4",
                "--out", out.toString(), "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        JsonNode stage = n.get("stages").get(0);
        assertEquals(3, stage.get("inputs").size());
        assertEquals(3, stage.get("inputs").get(0).get("report").get("depth").asInt());
        assertTrue(stage.get("summary").get("alignment").get("mean").asDouble() > 0);
        for (String f : new String[] {"analysis.json", "summary.md", "alignment-grid.png", "singular-values.png",
            "trajectory.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void compareSolvesTheUjmBesideTheNetwork() throws Exception {
        CliTest.Outcome o = CliTest.run("bridge", "compare", model.toString(), "--inputs", "2", "--k", "4",
                "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("network vs UJM optimum"), o.err());
        JsonNode c = Json.mapper().readTree(o.out()).get("comparisons").get(0);
        assertEquals("holds", c.get("solve").get("verdict").asText());
        assertEquals(3, c.get("problem").get("depth").asInt());
        assertEquals(0.01, c.get("problem").get("lambda").asDouble());
        assertEquals(1.0, c.get("ujmRa").get("ra2").get("meanOffDiagonal").asDouble(), 1e-6,
                "the UJM optimum is aligned");
        assertTrue(o.err().contains("at initialisation (same inputs): RA2 excess over chance"), o.err());
        JsonNode initial = Json.mapper().readTree(o.out()).get("initial");
        assertTrue(initial.get("model").asText().endsWith(" at initialisation"), initial.toString());
        assertEquals(2, initial.get("stages").get(0).get("inputs").size());
    }

    /** A network trained here measured at the inputs of a file, and beside itself at initialisation at them. */
    @Test
    void analyzeAndCompareAtTheInputsOfAFile() throws Exception {
        Path at = BridgeImportCliTest.INPUTS;
        CliTest.Outcome o = CliTest.run("bridge", "analyze", model.toString(), "--at", at.toString(), "--k", "4",
                "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode inputs = Json.mapper().readTree(o.out()).get("stages").get(0).get("inputs");
        assertEquals(6, inputs.size());
        for (int t = 0; t < 6; t++) {
            assertEquals(t, inputs.get(t).get("index").asInt());
            assertEquals(-1, inputs.get(t).get("label").asInt());
        }
        o = CliTest.run("bridge", "compare", model.toString(), "--at", at.toString(), "--k", "4", "--quiet", "--json",
                "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals(6, n.get("initial").get("stages").get(0).get("inputs").size());
        assertEquals(at.toString(), n.get("initial").get("at").asText());
    }

    /** Negative controls: damaged or foreign model files exit 2 with one line and write nothing. */
    @Test
    void damagedModelFilesAreBadInput() throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Path text = tmp.resolve("text.zip");
        Files.writeString(text, "not a model\n");
        for (Path bad : new Path[] {cut, text, tmp.resolve("missing.zip"), tmp}) {
            Path out = tmp.resolve("never-" + bad.getFileName());
            CliTest.Outcome o = CliTest.run("bridge", "analyze", bad.toString(), "--out", out.toString(), "--quiet");
            assertEquals(2, o.code(), bad + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(bad.getFileName().toString()), o.err());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void badTrainingOptionsAreBadInput() {
        String[][] cases = {
            {"--type", "6"}, {"--type", "4a", "--lambda", "-1"}, {"--type", "4a", "--depth", "0"},
            {"--type", "4a", "--width", "-3"}, {"--type", "4a", "--classes", "0,0"},
            {"--type", "4a", "--dataset", "cifar"},
            {"--type", "4a", "--threads", "2"}, // ND4J loaded with OMP_NUM_THREADS=1 here: refused, not half applied
            {"--type", "4a", "--dataset", "fashion-mnist", "--data-dir", tmp.resolve("nowhere").toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 4];
            args[0] = "bridge";
            args[1] = "train";
            System.arraycopy(c, 0, args, 2, c.length);
            args[c.length + 2] = "--out";
            args[c.length + 3] = tmp.resolve("bad.zip").toString();
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(Files.exists(tmp.resolve("bad.zip")));
        }
    }

    @Test
    void benchMeasuresEachThreadCountAndEngineInItsOwnJvm() throws Exception {
        CliTest.Outcome o = CliTest.run("bridge", "bench", "--widths", "8", "--depth", "2", "--threads", "1,2",
                "--warmup", "1", "--steps", "2", "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        // thread-major, then the default engines of a fully-connected type: lean, dl4j
        assertEquals(4, n.get("results").size());
        String[] omp = {"1", "1", "2", "2"};
        String[] engine = {"LEAN", "DL4J", "LEAN", "DL4J"};
        for (int k = 0; k < 4; k++) {
            JsonNode r = n.get("results").get(k);
            assertEquals(omp[k], r.get("threadEnvironment").get("OMP_NUM_THREADS").asText());
            assertEquals(engine[k], r.get("engine").asText());
            assertTrue(r.get("stepsPerSecond").asDouble() > 0 && r.get("rooflineFraction").asDouble() > 0);
            // each child JVM loaded the native build this process chose for the CPU
            assertEquals(org.bytedeco.javacpp.Loader.getPlatform()
                    + System.getProperty(org.resalign.bridge.NativeBuild.PROPERTY), r.get("javacpp").get("loaded")
                    .asText());
        }
        assertEquals(1.0, n.get("speedups").get(0).asDouble());
        assertEquals(1.0, n.get("speedups").get(1).asDouble());
        for (int k = 2; k < 4; k++) {
            double expected = n.get("results").get(k).get("stepsPerSecond").asDouble()
                    / n.get("results").get(k - 2).get("stepsPerSecond").asDouble();
            assertEquals(expected, n.get("speedups").get(k).asDouble(), 1e-12 * expected);
        }
        assertEquals(n.get("results").get(0).get("javacpp").get("loaded").asText(),
                n.get("versions").get("nd4jNative").asText());
        assertTrue(o.err().contains(" lean ") && o.err().contains(" dl4j "), o.err());
        // the PyTorch peer ran once per thread count, beside both engines, or the report says in one line why not
        assertEquals(4, n.get("peers").size());
        if (n.get("peer").isNull()) {
            assertFalse(n.get("peerAbsent").asText().isBlank());
            assertTrue(o.err().contains("PyTorch peer: not run ("), o.err());
        } else {
            for (int k = 0; k < 4; k++) {
                double ratio = n.get("peerRatios").get(k).asDouble();
                double ours = n.get("results").get(k).get("medianStepSeconds").asDouble();
                double theirs = n.get("peers").get(k).get("medianStepSeconds").asDouble();
                assertEquals(ours / theirs, ratio, 1e-12 * ratio);
            }
            assertEquals(n.get("peers").get(0), n.get("peers").get(1));
            assertEquals(2, n.get("peers").get(3).get("threads").asInt());
        }
    }

    @Test
    void benchRefusesAnEngineThatCannotTrainTheType() throws Exception {
        for (String[] c : new String[][] {{"--type", "5a", "--engines", "lean"}, {"--engines", "fast"},
            {"--engines", "lean,lean"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("bridge", "bench", "--widths", "4", "--depth", "1",
                    "--steps", "1", "--quiet", "--no-peer"));
            args.addAll(List.of(c));
            CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }

    @Test
    void benchWithoutThePeerSaysSoInOneLine() throws Exception {
        CliTest.Outcome o = CliTest.run("bridge", "bench", "--widths", "8", "--depth", "1", "--threads", "1",
                "--warmup", "0", "--steps", "1", "--quiet", "--no-peer");
        assertEquals(0, o.code(), o.err());
        assertEquals(1, o.out().lines().filter(l -> l.startsWith("PyTorch peer: not run (--no-peer)")).count(),
                o.out());
    }

    @Test
    void skipsTrainsBothAndJudges() throws Exception {
        Path out = tmp.resolve("skips");
        CliTest.Outcome o = CliTest.run("bridge", "skips", "--width", "8", "--depth", "3", "--epochs", "1",
                "--train-per-class", "32", "--batch", "32", "--inputs", "2", "--k", "4", "--out", out.toString(),
                "--quiet");
        assertTrue(o.code() == 0 || o.code() == 1, o.err());
        assertTrue(o.out().contains("RA appears with skips:"), o.out());
        JsonNode n = Json.mapper().readTree(out.resolve("skips.json").toFile());
        assertEquals("4a", n.get("with").get("spec").get("type").asText());
        assertEquals("4b", n.get("without").get("spec").get("type").asText());
        assertEquals(o.code() == 0 ? "confirmed" : "not-confirmed", n.get("verdict").asText());
        assertTrue(Files.exists(out.resolve("type-4a").resolve("alignment-scores.png")));
        assertTrue(Files.exists(out.resolve("type-4b").resolve("alignment-scores.png")));
        assertTrue(Files.exists(tmp.resolve("skips-models").resolve("type-4b.zip")));
    }

    /** {@code --snapshot-every E} keeps the network after every E epochs, which {@code bridge analyze} reads. */
    @Test
    void snapshotsAreKeptAndAnalysable() throws Exception {
        Path model = tmp.resolve("snap/m.zip");
        CliTest.Outcome t = CliTest.run("bridge", "train", "--type", "4a", "--width", "6", "--depth", "2", "--epochs",
                "3", "--train-per-class", "16", "--snapshot-every", "1", "--out", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.isRegularFile(tmp.resolve("snap/m-epoch-1.zip")));
        assertTrue(Files.isRegularFile(tmp.resolve("snap/m-epoch-2.zip")));
        CliTest.Outcome a = CliTest.run("bridge", "analyze", tmp.resolve("snap/m-epoch-1.zip").toString(), "--inputs",
                "2", "--quiet", "--json", "-");
        assertEquals(0, a.code(), a.err());
        CliTest.Outcome bad = CliTest.run("bridge", "train", "--type", "4a", "--snapshot-every", "-1", "--out",
                tmp.resolve("never.zip").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--snapshot-every"), bad.err());
    }

    /** --train-per-class keeps the first N images of each FashionMNIST class (where the dataset is installed). */
    @Test
    void theFashionMnistSubsetIsTheFirstImagesOfEachClass() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                org.resalign.bridge.FashionMnist.DEFAULT_DIR), "FashionMNIST is not installed");
        Path m = tmp.resolve("subset.zip");
        CliTest.Outcome o = CliTest.run("bridge", "train", "--type", "4a", "--width", "4", "--depth", "1",
                "--epochs", "1", "--dataset", "fashion-mnist", "--classes", "0,1", "--train-per-class", "20",
                "--out", m.toString(), "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        com.fasterxml.jackson.databind.JsonNode r = org.resalign.core.io.Json.mapper().readTree(o.out());
        assertEquals(20, r.get("dataset").get("trainPerClass").asInt());
        assertEquals(1, r.get("history").get(0).get("steps").asInt(), "40 images are one batch of 128");
        o = CliTest.run("bridge", "train", "--type", "4a", "--dataset", "fashion-mnist", "--train-per-class", "0",
                "--out", tmp.resolve("none.zip").toString());
        assertEquals(2, o.code(), o.err());
    }
}
