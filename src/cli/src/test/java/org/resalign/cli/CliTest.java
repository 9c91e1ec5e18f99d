package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.io.Json;

class CliTest {

    record Outcome(int code, String out, String err) {
    }

    /** The command {@code path} ({@code "ujm", "solve"}) as picocli models it. */
    static picocli.CommandLine.Model.CommandSpec spec(String... path) {
        picocli.CommandLine cl = new picocli.CommandLine(new ResalignCommand());
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @TempDir
    Path tmp;

    @Test
    void solveHoldsAndWritesJsonWithTheContractKeys() throws Exception {
        Path json = tmp.resolve("r.json");
        Outcome o = run("ujm", "solve", "--dim", "16", "--depth", "4", "--quiet", "--json", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("verdict: HOLDS"), o.out());
        JsonNode n = Json.mapper().readTree(json.toFile());
        for (String key : new String[] {"objective", "alignedObjective", "relativeGap", "iterations", "gradientNorm",
            "seconds", "seed", "versions", "inputs", "verdict"}) {
            assertTrue(n.has(key), key);
        }
        assertTrue(n.get("theorem33").get("holds").asBoolean());
        assertEquals(16, n.get("inputs").get("dim").asInt());
    }

    @Test
    void jsonToStandardOutputKeepsTheTableOnStandardError() throws Exception {
        Outcome o = run("ujm", "solve", "--dim", "8", "--depth", "2", "--quiet", "--json", "-");
        assertEquals(0, o.code());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("holds", n.get("verdict").asText());
        assertTrue(o.err().contains("verdict: HOLDS"));
    }

    @Test
    void negativeControlsExitWithOne() {
        Outcome early = run("ujm", "solve", "--dim", "16", "--depth", "4", "--max-iter", "3", "--quiet");
        assertEquals(1, early.code(), early.out());
        assertTrue(early.out().contains("verdict: FAILS"));
        Outcome perturbed = run("ujm", "solve", "--dim", "16", "--depth", "4", "--perturb-aligned", "1e-6",
                "--quiet");
        assertEquals(1, perturbed.code(), perturbed.out());
        assertTrue(perturbed.out().contains("verdict: COUNTEREXAMPLE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--dim=0", "--dim=-3", "--lambda=-1", "--depth=abc", "--input-norm=NaN",
        "--input-norm=-1", "--lambda=NaN", "--lambda=0", "--loss=hinge", "--solver=newton", "--classes=1", "--max-iter=-1",
        "--no-such-option"})
    void badInputExitsWithTwoAndOneLineAndWritesNothing(String arg) {
        Path json = tmp.resolve("bad.json");
        Outcome o = run("ujm", "solve", arg, "--quiet", "--json", json.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("resalign: "), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void aJsonPathThatIsADirectoryIsBadInput() {
        Outcome o = run("ujm", "solve", "--dim", "4", "--depth", "1", "--quiet", "--json", tmp.toString());
        assertEquals(2, o.code());
    }

    @Test
    void sameSeedSameJsonByteForByteApartFromWallTime() throws Exception {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        assertEquals(0, run("ujm", "solve", "--dim", "24", "--depth", "5", "--seed", "7", "--quiet", "--json",
                a.toString()).code());
        assertEquals(0, run("ujm", "solve", "--dim", "24", "--depth", "5", "--seed", "7", "--quiet", "--json",
                b.toString()).code());
        String ja = Files.readString(a).replaceAll("\"seconds\" : [0-9.eE+-]+", "");
        String jb = Files.readString(b).replaceAll("\"seconds\" : [0-9.eE+-]+", "");
        assertEquals(ja, jb);
        Path c = tmp.resolve("c.json");
        run("ujm", "solve", "--dim", "24", "--depth", "5", "--seed", "8", "--quiet", "--json", c.toString());
        assertFalse(Files.readString(c).replaceAll("\"seconds\" : [0-9.eE+-]+", "").equals(ja),
                "a different seed must give different figures");
    }

    @Test
    void multiClassRunsReportStructureWithoutTheTheorem() throws Exception {
        Outcome o = run("ujm", "solve", "--dim", "12", "--depth", "3", "--samples", "6", "--classes", "3",
                "--quiet", "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode n = Json.mapper().readTree(o.out());
        assertEquals("converged", n.get("verdict").asText());
        assertFalse(n.get("theorem33").get("applicable").asBoolean());
        assertTrue(n.get("alignedObjective").isNull());
        assertEquals(3, n.get("structure").get("topSingularValues").size());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help").code());
        assertEquals(0, run("--version").code());
        assertEquals(0, run("ujm", "solve", "--help").code());
    }

    /**
     * Picocli formats every line of a command's and an option's description with {@code String.format}, and prints
     * the raw line with a warning when that fails (a lone {@code %}): every line of every command is a valid format.
     */
    @Test
    void everyHelpTextIsAValidFormat() {
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(new picocli.CommandLine(new ResalignCommand()));
        int lines = 0;
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of(
                    c.getCommandSpec().usageMessage().description()));
            c.getCommandSpec().options().forEach(o -> texts.addAll(java.util.List.of(o.description())));
            c.getCommandSpec().positionalParameters().forEach(p -> texts.addAll(java.util.List.of(p.description())));
            for (String t : texts) {
                String line = t.replace("${DEFAULT-VALUE}", "1").replace("${COMPLETION-CANDIDATES}", "a");
                try {
                    String.format(java.util.Locale.ROOT, line);
                } catch (java.util.IllegalFormatException e) {
                    throw new AssertionError(c.getCommandName() + ": " + e + " in: " + t, e);
                }
                lines++;
            }
        }
        assertTrue(lines > 100, "the walk reached the commands' texts: " + lines);
    }

    /** Work that cannot succeed is refused before it starts, in one line naming the input and the figure. */
    @Test
    void impossibleRunsAreRefusedUpFront() {
        String[][] cases = {
            {"ujm", "solve", "--dim", "3000", "--depth", "16"},
            {"ujm", "solve", "--dim", "30000", "--depth", "16"},
            {"bridge", "train", "--type", "4a", "--width", "8", "--depth", "1", "--epochs", "1", "--quiet", "--out",
                "/proc/resalign-m.zip"},
            {"bridge", "train", "--type", "1", "--width", "8192", "--epochs", "1", "--quiet", "--out",
                "/tmp/resalign-never.zip"},
            {"thm31", "--out", "/proc/resalign-t"},
            {"ujm", "solve", "--dim", "4", "--depth", "2", "--json", "/proc/resalign.json"},
            {"reproduce", "/etc/passwd"},
        };
        String[] expected = {"GiB of heap", "more than one Java array", "cannot write in /proc", "2,155,003,906 parameters",
            "cannot write in /proc", "cannot write in /proc", "experiment spec /etc/passwd must be"};
        for (int k = 0; k < cases.length; k++) {
            Outcome o = run(cases[k]);
            assertEquals(2, o.code(), String.join(" ", cases[k]) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(expected[k]), o.err());
        }
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/resalign-never.zip")));
    }
}
