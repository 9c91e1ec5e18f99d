package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;

class SearchCliTest {

    @TempDir
    Path tmp;

    @Test
    void inverseDepthIsRefutedAndItsCounterexampleReplays() throws Exception {
        Path out = tmp.resolve("s");
        CliTest.Outcome o = CliTest.run("search", "--conjecture", "inverse-depth", "--budget", "6", "--keep", "2",
                "--out", out.toString(), "--quiet");
        assertEquals(1, o.code(), o.err());
        assertTrue(o.out().contains("verdict: COUNTEREXAMPLE (6 of 6"), o.out());
        JsonNode report = Json.mapper().readTree(out.resolve("search.json").toFile());
        assertEquals("counterexample", report.get("verdict").asText());
        assertEquals(6, report.get("evaluations").size());
        assertTrue(Files.exists(out.resolve("counterexample-02.json")));

        Path json = tmp.resolve("replay.json");
        CliTest.Outcome r = CliTest.run("ujm", "solve", "--replay", out.resolve("counterexample-01.json").toString(),
                "--quiet", "--json", json.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("replay: CONFIRMED"), r.out());
        assertTrue(r.out().contains("identical to the stored one bit for bit"), r.out());
        JsonNode replay = Json.mapper().readTree(json.toFile());
        assertTrue(replay.get("replay").get("confirmed").asBoolean());
        assertEquals(2, replay.get("solve").get("inputs").get("dim").asInt());
    }

    @Test
    void thm33FindsNoneAndReportsCoverage() throws Exception {
        Path out = tmp.resolve("t");
        CliTest.Outcome o = CliTest.run("search", "--conjecture", "thm33", "--budget", "8", "--seed", "4",
                "--out", out.toString(), "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("verdict: NONE FOUND in 8 conclusive instances"), o.err());
        assertTrue(o.err().contains("covered D"), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("none-found", n.get("verdict").asText());
        assertEquals(4, n.get("seed").asLong());
        for (String key : new String[] {"versions", "seconds", "inputs", "coverage", "closest", "statement"}) {
            assertTrue(n.has(key), key);
        }
        try (var files = Files.list(out)) {
            // search.json alone, and the mark of a report folder
            assertEquals(1, files.filter(f -> !f.getFileName().toString().equals(ReportFolder.MARK)).count());
        }
        assertTrue(Files.isRegularFile(out.resolve(ReportFolder.MARK)));
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws Exception {
        Path out = tmp.resolve("never");
        String[][] bad = {
            {"search", "--conjecture", "no-such", "--out", out.toString()},
            {"search", "--conjecture", "thm33", "--budget", "0", "--out", out.toString()},
            {"search", "--conjecture", "thm33", "--keep", "-1", "--out", out.toString()},
            {"search", "--out", out.toString()},
        };
        for (String[] args : bad) {
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
        assertFalse(Files.exists(out));
        Path corrupt = tmp.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"command\" : \"search\", \"conj");
        Path json = tmp.resolve("r.json");
        CliTest.Outcome o = CliTest.run("ujm", "solve", "--replay", corrupt.toString(), "--json", json.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("is not a counterexample file"), o.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void listDescribesEveryConjecture() {
        CliTest.Outcome o = CliTest.run("search", "--list");
        assertEquals(0, o.code(), o.err());
        for (String name : new String[] {"thm33", "rank-le-classes", "aligned-multisample", "inverse-depth",
            "other-losses"}) {
            assertTrue(o.out().contains(name + "  ("), name);
        }
    }
}
