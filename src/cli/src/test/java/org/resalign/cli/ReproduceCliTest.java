package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

class ReproduceCliTest {

    @TempDir
    Path dir;

    static final String SPEC = """
            title: tiny stochastic depth
            claim: stochastic-depth-amplifies
            dataset: synthetic
            classes: [0, 1]
            trainPerClass: 32
            type: 4a
            width: 8
            depth: 3
            epochs: 2
            batch: 16
            inputs: 3
            k: 4
            runs:
              - {label: none, stochasticDepth: 0}
              - {label: drop, stochasticDepth: 0.3}
            """;

    @Test
    void reproduceWritesResultsBesideTheSpecAndExitsByTheClaim() throws Exception {
        Path spec = dir.resolve("sd.yaml");
        Files.writeString(spec, SPEC);
        CliTest.Outcome o = CliTest.run("reproduce", spec.toString(), "--quiet", "--json", "-");
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals(n.get("verdict").asText().equals("holds") ? 0 : 1, o.code(), o.err());
        assertEquals("sd", n.get("experiment").asText());
        assertEquals(2, n.get("runs").size());
        assertEquals(0.3, n.get("runs").get(1).get("training").get("training").get("stochasticDepth").asDouble());
        assertTrue(n.get("claim").get("figures").has("pairedT"));
        assertTrue(o.err().contains("claim stochastic-depth-amplifies"), o.err());
        assertTrue(o.err().contains("drop: training"), o.err());
        for (String f : new String[] {"results.json", "summary.md", "alignment-panels.png", "drop/trajectory.png"}) {
            assertTrue(Files.size(dir.resolve("sd").resolve(f)) > 0, f);
        }
        assertTrue(Files.isRegularFile(dir.resolve("sd-models/drop.zip")));

        CliTest.Outcome again = CliTest.run("reproduce", spec.toString(), "--quiet");
        assertEquals(o.code(), again.code(), again.err());
        assertTrue(again.out().contains("drop: reusing the trained model"), again.out());
    }

    /** Bad specs exit 2 with one line and write nothing. */
    @Test
    void badSpecsAreBadInput() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "title: x\nclaim: ra-appears\ndepth: -3\n");
        for (String[] args : new String[][] {{"reproduce", spec.toString()},
            {"reproduce", dir.resolve("missing.yaml").toString()}, {"reproduce", spec.toString(), "--threads", "0"}}) {
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
        assertFalse(Files.exists(dir.resolve("bad")));
        assertFalse(Files.exists(dir.resolve("bad-models")));
    }
}
