package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;

/**
 * {@code bridge lesion} on a 4-block network: one entry per block, the same JSON for the same seed; and
 * {@code bridge paths} on one.
 */
class BridgeLesionCliTest {

    @TempDir
    static Path tmp;

    private static Path model;

    /** One 4-block network, trained once for the three commands (the commands only read it). */
    static synchronized Path fourBlocks() {
        if (model == null) {
            Path m = tmp.resolve("m.zip");
            CliTest.Outcome trained = CliTest.run("bridge", "train", "--type", "4a", "--width", "8", "--depth", "4",
                    "--epochs", "1", "--train-per-class", "32", "--out", m.toString(), "--quiet");
            assertEquals(0, trained.code(), trained.err());
            model = m;
        }
        return model;
    }

    @Test
    void aFourBlockNetworkGivesFourEntries() throws Exception {
        Path model = fourBlocks();
        CliTest.Outcome o = CliTest.run("bridge", "lesion", model.toString(), "--draws", "4", "--seed", "2",
                "--quiet", "--json", "-", "--out", tmp.resolve("lesion").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals(4, r.get("blocks").size());
        assertEquals(3, r.get("deleted").size());
        assertEquals(3, r.get("swapped").size());
        assertEquals(4, r.get("deleted").get(0).get("draws").asInt());
        assertTrue(r.get("skips").asBoolean());
        assertTrue(o.err().contains("block 4 deleted"), o.err());
        for (String f : new String[] {"lesion.json", "blocks.png", "random.png"}) {
            assertTrue(java.nio.file.Files.size(tmp.resolve("lesion").resolve(f)) > 0, f);
        }
        assertEquals(Json.comparable(r), Json.comparable(Json.mapper().readTree(
                tmp.resolve("lesion/lesion.json").toFile())));
        CliTest.Outcome again = CliTest.run("bridge", "lesion", model.toString(), "--draws", "4", "--seed", "2",
                "--quiet", "--json", "-");
        assertEquals(Json.comparable(r), Json.comparable(Json.mapper().readTree(again.out())));
    }

    /** {@code bridge paths} on the same kind of network: L+1 shares that, with the affine rest, make the margin. */
    @Test
    void pathsOfAFourBlockNetwork() throws Exception {
        Path model = fourBlocks();
        CliTest.Outcome o = CliTest.run("bridge", "paths", model.toString(), "--inputs", "3", "--quiet", "--json",
                "-", "--out", tmp.resolve("paths").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals(5, r.get("pathShare").size());
        assertEquals(5, r.get("gradientShare").size());
        assertEquals(3, r.get("byInput").size());
        double sum = r.get("affineShare").asDouble();
        for (JsonNode v : r.get("pathShare")) {
            sum += v.asDouble();
        }
        assertEquals(1, sum, 1e-9);
        assertTrue(o.err().contains("effective gradient length"), o.err());
        assertTrue(java.nio.file.Files.size(tmp.resolve("paths/paths.png")) > 0);
        CliTest.Outcome bad = CliTest.run("bridge", "paths", model.toString(), "--path-samples", "0");
        assertEquals(2, bad.code(), bad.err());
    }

    /** {@code bridge branches}: one ratio per block for the trained network and for its initialisation. */
    @Test
    void branchesOfAFourBlockNetwork() throws Exception {
        Path model = fourBlocks();
        CliTest.Outcome o = CliTest.run("bridge", "branches", model.toString(), "--inputs", "8", "--quiet", "--json",
                "-", "--out", tmp.resolve("branches").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals(4, r.get("trained").get("mean").size());
        assertEquals(4, r.get("initial").get("mean").size());
        assertTrue(o.err().contains("exponent in i, at init"), o.err());
        assertTrue(java.nio.file.Files.size(tmp.resolve("branches/branches.png")) > 0);
    }

    @Test
    void badInputIsOneLine() {
        for (String[] args : new String[][] {{"bridge", "lesion", tmp.resolve("absent.zip").toString()},
            {"bridge", "lesion", tmp.resolve("absent.zip").toString(), "--draws", "0"}}) {
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }
}
