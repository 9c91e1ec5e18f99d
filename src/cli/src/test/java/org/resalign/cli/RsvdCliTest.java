package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.io.Json;
import org.resalign.core.linalg.DenseOperator;
import org.resalign.core.linalg.RsvdBenchmark;

class RsvdCliTest {

    private static CliTest.Outcome run(String... args) {
        return CliTest.run(args);
    }

    @TempDir
    Path tmp;

    @Test
    void benchHoldsAndWritesTheContractKeys() throws Exception {
        Path json = tmp.resolve("rsvd.json");
        CliTest.Outcome o = run("rsvd", "bench", "--dim", "96", "--k", "6", "--seed", "3", "--threads", "2",
                "--quiet", "--json", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("verdict: HOLDS"), o.out());
        JsonNode n = Json.mapper().readTree(json.toFile());
        for (String key : new String[] {"seconds", "maxRelativeError", "seed", "versions", "inputs", "verdict",
            "constructionSeconds", "setupSeconds", "bestSeconds", "repeatSeconds", "maxLeftVectorDeficit",
            "maxRightVectorDeficit", "singularValues", "products", "timing"}) {
            assertTrue(n.has(key), key);
        }
        assertEquals("holds", n.get("verdict").asText());
        assertTrue(n.get("maxRelativeError").asDouble() < 1e-10, n.get("maxRelativeError").asText());
        assertTrue(n.get("seconds").asDouble() > 0);
        assertEquals(3, n.get("seed").asLong());
        assertEquals(96, n.get("inputs").get("dim").asInt());
        boolean vector = DenseOperator.Kernel.best() == DenseOperator.Kernel.VECTOR;
        assertEquals(vector ? "vector" : "java", n.get("inputs").get("backend").asText(), "auto picks the vector "
                + "kernel when the JVM has jdk.incubator.vector (as the tests do) and a 256- or 512-bit preferred "
                + "width");
        assertEquals(vector ? DenseOperator.Kernel.vectorBits() : 0, n.get("inputs").get("vectorBits").asInt());
        assertTrue(n.get("inputs").get("backendChoice").asText().startsWith("auto: "));
        assertTrue(n.get("inputs").get("peer").asBoolean());
        JsonNode peer = n.get("peer");
        if (RsvdBenchmark.SKLEARN.available()) {
            assertTrue(peer.get("seconds").asDouble() > 0, peer.toString());
            assertEquals(2, peer.get("threads").asInt(), "the peer runs with the bench's --threads: " + peer);
            assertTrue(peer.get("maxRelativeError").asDouble() < 1e-10, "the peer solved the same problem: " + peer);
            assertEquals(n.get("seconds").asDouble() / peer.get("seconds").asDouble(), n.get("peerRatio").asDouble(),
                    1e-12);
            assertTrue(o.out().contains("ratio resalign / scikit-learn"), o.out());
        } else {
            assertTrue(peer.has("absent"), peer.toString());
            assertTrue(n.get("peerRatio").isNull());
            assertTrue(o.out().contains("peer") && o.out().contains("absent"), o.out());
        }
        assertEquals(16, n.get("inputs").get("blockWidth").asInt());
        assertEquals(42, n.get("products").asInt());
        assertEquals(3, n.get("repeatSeconds").size());
        assertTrue(n.get("baseline").isNull());
        assertTrue(n.get("versions").has("ejml"));
    }

    @Test
    void vectorAndPortableKernelsGiveTheSameDecomposition() throws Exception {
        CliTest.Outcome v = run("rsvd", "bench", "--no-peer", "--dim", "80", "--k", "5", "--backend", "vector", "--baseline", "--repeats",
                "1", "--quiet", "--json", "-");
        assertEquals(0, v.code(), v.err());
        JsonNode n = Json.mapper().readTree(v.out());
        assertEquals("vector", n.get("inputs").get("backend").asText());
        assertEquals("java", n.get("baseline").get("backend").asText());
        assertEquals(n.get("maxRelativeError").asDouble(), n.get("baseline").get("maxRelativeError").asDouble(), 0.0,
                "the kernels are bit-identical, so are the errors");
    }

    @Test
    void baselineIsTheOtherBackendWithItsRatio() throws Exception {
        CliTest.Outcome o = run("rsvd", "bench", "--no-peer", "--dim", "64", "--k", "4", "--backend", "ejml", "--baseline", "--repeats",
                "1", "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("ejml", n.get("inputs").get("backend").asText());
        assertEquals("java", n.get("baseline").get("backend").asText());
        assertTrue(n.get("baseline").get("maxRelativeError").asDouble() < 1e-10);
        assertTrue(n.get("speedup").asDouble() > 0);
        assertTrue(o.err().contains("baseline java seconds"), o.err());
    }

    @Test
    void withoutIterationsOrOversamplingTheAccuracyCheckFails() throws Exception {
        CliTest.Outcome o = run("rsvd", "bench", "--no-peer", "--dim", "120", "--k", "10", "--iters", "0", "--oversampling", "0",
                "--repeats", "1", "--quiet", "--json", "-");
        assertEquals(1, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("fails", n.get("verdict").asText());
        assertTrue(n.get("maxRelativeError").asDouble() > 1e-8);
    }

    @Test
    void usageAndHelp() {
        CliTest.Outcome o = run("rsvd");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("bench"), o.out());
        assertEquals(0, run("rsvd", "bench", "--help").code());
    }

    @Test
    void noPeerSkipsIt() throws Exception {
        CliTest.Outcome o = run("rsvd", "bench", "--dim", "48", "--k", "3", "--repeats", "1", "--no-peer", "--quiet",
                "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertFalse(n.get("inputs").get("peer").asBoolean());
        assertTrue(n.get("peer").isNull());
        assertTrue(n.get("peerRatio").isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--dim=0", "--dim=-4", "--k=0", "--k=65", "--iters=-1", "--backend=cuda",
        "--oversampling=-1", "--threads=0", "--repeats=0", "--renormalization=svd", "--tol=0", "--tol=NaN",
        "--dim=50000", "--dim=abc", "--no-such-option"})
    void badInputExitsWithTwoAndOneLineAndWritesNothing(String arg) {
        Path json = tmp.resolve("bad.json");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("rsvd", "bench"));
        if (!arg.startsWith("--dim=")) {
            args.addAll(java.util.List.of("--dim", "64"));
        }
        if (!arg.startsWith("--k=")) {
            args.addAll(java.util.List.of("--k", "4"));
        }
        args.addAll(java.util.List.of(arg, "--quiet", "--json", json.toString()));
        CliTest.Outcome o = run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("resalign: "), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(json));
        assertEquals("", o.out());
    }
}
