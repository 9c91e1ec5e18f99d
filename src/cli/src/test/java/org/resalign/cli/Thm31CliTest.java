package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.resalign.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

class Thm31CliTest {

    @TempDir
    Path tmp;

    @Test
    void holdsAtDepth256AndWritesTheContractKeys() throws Exception {
        Path json = tmp.resolve("t.json");
        CliTest.Outcome o = CliTest.run("thm31", "--dim", "32", "--depth", "256", "--json", json.toString());
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: HOLDS"), o.out());
        JsonNode n = Json.mapper().readTree(json.toFile());
        for (String key : new String[] {"command", "seed", "inputs", "versions", "seconds", "verdict",
            "predictionError", "ra1", "ra"}) {
            assertTrue(n.has(key), key);
        }
        assertTrue(n.get("predictionError").asDouble() < 1e-12);
        assertTrue(n.get("ra1").get("lineDeficit").asDouble() < 1e-12);
        assertEquals(1.0, n.get("ra").get("ra4").get("slope").asDouble(), 1e-10);
        assertEquals(256, n.get("ra").get("ra2").get("scores").size());
    }

    @ParameterizedTest
    @CsvSource({"ra2,0.01", "ra3,0.2", "ra4,0.05"})
    void everyViolationExitsOneWithABrokenRa1(String mode, String epsilon) {
        CliTest.Outcome o = CliTest.run("thm31", "--dim", "16", "--depth", "12", "--violate", mode, "--epsilon",
                epsilon);
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: FAILS"), o.out());
    }

    @Test
    void sweepWritesAReportFolderWithReadablePlots() throws Exception {
        Path out = tmp.resolve("report");
        CliTest.Outcome o = CliTest.run("thm31", "--dim", "16", "--depth", "8", "--sweep", "1e-4,1e-2",
                "--out", out.toString());
        assertEquals(0, o.code(), o.out() + o.err());
        for (String f : new String[] {"thm31.json", "summary.md", "alignment-grid.png", "alignment-scores.png",
            "singular-values.png", "trajectory.png", "sweep.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        BufferedImage png = ImageIO.read(out.resolve("sweep.png").toFile());
        assertTrue(png.getWidth() > 400 && png.getHeight() > 300);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| ra2 | 0.0001 |") && md.contains("![sweep](sweep.png)"), md);
        JsonNode n = Json.mapper().readTree(out.resolve("thm31.json").toFile());
        assertEquals(7, n.get("sweep").size(), "baseline plus 3 modes × 2 values");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary folder left beside the report");
        }
    }

    @Test
    void sameSeedGivesIdenticalJsonApartFromSeconds() throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        assertEquals(1, CliTest.run("thm31", "--dim", "12", "--depth", "6", "--violate", "ra2", "--seed", "5",
                "--json", a.toString()).code());
        assertEquals(1, CliTest.run("thm31", "--dim", "12", "--depth", "6", "--violate", "ra2", "--seed", "5",
                "--json", b.toString()).code());
        String x = Files.readString(a).replaceAll("\"seconds\" : [0-9.eE-]+", "");
        String y = Files.readString(b).replaceAll("\"seconds\" : [0-9.eE-]+", "");
        assertEquals(x, y);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--dim=1", "--dim=-3", "--depth=0", "--epsilon=-0.1", "--epsilon=NaN", "--violate=ra5",
        "--k=1", "--tol=0", "--sweep=1e-3,-1", "--depth=abc"})
    void badInputExitsTwoWithOneLineAndWritesNothing(String arg) throws Exception {
        Path json = tmp.resolve("bad.json");
        Path out = tmp.resolve("bad-folder");
        CliTest.Outcome o = CliTest.run("thm31", arg, "--json", json.toString(), "--out", out.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(json));
        assertFalse(Files.exists(out));
    }
}
