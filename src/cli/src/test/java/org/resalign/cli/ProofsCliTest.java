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

class ProofsCliTest {

    @TempDir
    Path tmp;

    @Test
    void theorem31AuditHoldsAndWritesJsonAndMarkdown() throws Exception {
        Path out = tmp.resolve("audit");
        CliTest.Outcome o = CliTest.run("proofs", "--theorem", "3.1", "--quiet", "--out", out.toString());
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: HOLDS"), o.out());
        assertTrue(o.out().contains("[as read] A6"), "the paper's 1/4 is flagged");
        JsonNode n = Json.mapper().readTree(out.resolve("audit.json").toFile());
        for (String key : new String[] {"command", "inputs", "versions", "seconds", "verdict", "theorems"}) {
            assertTrue(n.has(key), key);
        }
        assertEquals(1, n.get("theorems").size());
        JsonNode a6 = n.get("theorems").get(0).get("steps").get(5);
        assertEquals("A6", a6.get("id").asText());
        assertEquals("refuted", a6.get("twin").get("status").asText());
        assertEquals(2, a6.get("twin").get("evidence").get("counterexample").get("k").asInt());
        String md = Files.readString(out.resolve("audit.md"));
        assertTrue(md.contains("| A8 |") && md.contains("Where the paper is wrong or unclear"), md);
    }

    @Test
    void anUnknownTheoremExitsTwoAndWritesNothing() {
        Path out = tmp.resolve("nothing");
        CliTest.Outcome o = CliTest.run("proofs", "--theorem", "3.2", "--out", out.toString());
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("3.1 or 3.3"), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutPathThatIsAFileExitsTwo() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        CliTest.Outcome o = CliTest.run("proofs", "--theorem", "3.3", "--out", file.toString());
        assertEquals(2, o.code());
        assertEquals("x", Files.readString(file));
    }
}
