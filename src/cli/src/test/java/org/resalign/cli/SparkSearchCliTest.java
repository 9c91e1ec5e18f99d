package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;

/**
 * {@code search --master local[2]}: the instances solved as Spark tasks give the JSON of the search in one JVM,
 * apart from the wall times and the engine record.
 */
class SparkSearchCliTest {

    @TempDir
    Path tmp;

    /** The report without what may differ between runs ({@link Json#comparable}). */
    static String comparable(Path json) throws Exception {
        return Json.comparable(Json.mapper().readTree(json.toFile()));
    }

    /**
     * Runs the must-show search ({@code thm33}, budget 64, seed 3) in this JVM and at {@code master}, under
     * {@code dir}; asserts that both succeed with the same JSON apart from wall times and the engine record, and
     * returns the engine record of the second.
     */
    static JsonNode searchAtMasterEqualsInProcess(Path dir, String master) throws Exception {
        Path here = dir.resolve("search-here.json");
        Path there = dir.resolve("search-master.json");
        CliTest.Outcome a = CliTest.run("search", "--conjecture", "thm33", "--budget", "64", "--seed", "3", "--out",
                dir.resolve("search-here").toString(), "--quiet", "--json", here.toString());
        assertEquals(0, a.code(), a.err());
        CliTest.Outcome b = CliTest.run("search", "--conjecture", "thm33", "--budget", "64", "--seed", "3",
                "--master", master, "--out", dir.resolve("search-master").toString(), "--quiet", "--json",
                there.toString());
        assertEquals(0, b.code(), b.err());
        assertFalse(Json.mapper().readTree(here.toFile()).has("engine"));
        assertEquals(comparable(here), comparable(there));
        JsonNode engine = Json.mapper().readTree(there.toFile()).get("engine");
        assertEquals(master, engine.get("master").asText());
        assertEquals(64, engine.get("tasks").asInt(), engine.toString());
        return engine;
    }

    @Test
    void localSparkGivesTheInProcessJson() throws Exception {
        JsonNode engine = searchAtMasterEqualsInProcess(tmp, "local[2]");
        assertEquals("spark", engine.get("name").asText());
        assertTrue(engine.get("jobs").asInt() >= 2, engine.toString());
        Path here = tmp.resolve("search-here.json");
        assertTrue(Files.size(tmp.resolve("search-here").resolve("search.json")) > 0);
        // negative control: another seed is another search, and the comparison sees it
        Path other = tmp.resolve("other.json");
        assertEquals(0, CliTest.run("search", "--conjecture", "thm33", "--budget", "64", "--seed", "4", "--out",
                tmp.resolve("c").toString(), "--quiet", "--json", other.toString()).code());
        assertNotEquals(comparable(here), comparable(other));
    }

    @Test
    void aSweepOnLocalSparkGivesTheInProcessJson() throws Exception {
        Path here = tmp.resolve("sweep-here.json");
        Path spark = tmp.resolve("sweep-spark.json");
        String[] grid = {"ujm", "sweep", "--dims", "4,8", "--depths", "2,5", "--lambdas", "0.01,1", "--seed", "1",
            "--quiet", "--json"};
        CliTest.Outcome a = CliTest.run(concat(grid, here.toString()));
        assertEquals(0, a.code(), a.err());
        CliTest.Outcome b = CliTest.run(concat(grid, spark.toString(), "--master", "local[2]"));
        assertEquals(0, b.code(), b.err());
        JsonNode engine = Json.mapper().readTree(spark.toFile()).get("engine");
        assertEquals("local[2]", engine.get("master").asText());
        assertEquals(8, engine.get("tasks").asInt(), engine.toString());
        assertFalse(Json.mapper().readTree(here.toFile()).has("engine"));
        assertEquals(8, Json.mapper().readTree(here.toFile()).get("rows").size());
        assertEquals(comparable(here), comparable(spark));
    }

    /**
     * An experiment whose networks are trained as Spark tasks (models under --models) gives the JSON of one trained
     * in this JVM, and a second run reuses the models it wrote.
     */
    @Test
    void aReproductionTrainedOnLocalSparkGivesTheInProcessJson() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("here"));
        Path b = Files.createDirectories(tmp.resolve("spark"));
        Files.writeString(a.resolve("sd.yaml"), ReproduceCliTest.SPEC);
        Files.writeString(b.resolve("sd.yaml"), ReproduceCliTest.SPEC);
        Path here = tmp.resolve("reproduce-here.json");
        Path spark = tmp.resolve("reproduce-spark.json");
        CliTest.Outcome x = CliTest.run("reproduce", a.resolve("sd.yaml").toString(), "--quiet", "--json",
                here.toString());
        CliTest.Outcome y = CliTest.run("reproduce", b.resolve("sd.yaml").toString(), "--master", "local[2]",
                "--models", b.resolve("sd-models").toString(), "--quiet", "--json", spark.toString());
        assertEquals(x.code(), y.code(), y.err());
        assertTrue(y.out().contains("drop: training on spark"), y.out());
        assertTrue(Files.isRegularFile(b.resolve("sd-models/drop.zip")));
        assertFalse(Json.mapper().readTree(spark.toFile()).path("runs").get(0).path("reused").asBoolean());
        assertEquals(comparable(here), comparable(spark));
        CliTest.Outcome again = CliTest.run("reproduce", b.resolve("sd.yaml").toString(), "--master", "local[2]",
                "--models", b.resolve("sd-models").toString(), "--quiet");
        assertEquals(x.code(), again.code(), again.err());
        assertTrue(again.out().contains("drop: reusing the trained model"), again.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aMasterSparkCannotUseIsBadInputInOneLine() {
        for (String m : new String[] {"yarn", "local[0]", "local[x]", ""}) {
            CliTest.Outcome o = CliTest.run("search", "--conjecture", "thm33", "--budget", "4", "--master", m,
                    "--out", tmp.resolve("never").toString(), "--quiet");
            assertEquals(2, o.code(), m + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains("--master"), o.err());
            assertFalse(Files.exists(tmp.resolve("never")));
        }
    }
}
