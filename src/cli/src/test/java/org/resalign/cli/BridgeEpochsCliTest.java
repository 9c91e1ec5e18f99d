package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;

/** {@code bridge epochs} on two seeds of one recipe with snapshots, and what it refuses. */
class BridgeEpochsCliTest {

    @TempDir
    static Path tmp;

    static Path seed(int s, String lambda) {
        Path m = tmp.resolve("m" + s + "-" + lambda + ".zip");
        CliTest.Outcome trained = CliTest.run("bridge", "train", "--type", "4a", "--width", "6", "--depth", "2",
                "--epochs", "3", "--train-per-class", "24", "--classes", "0,1,2", "--lambda", lambda,
                "--snapshot-every", "1", "--seed", Integer.toString(s), "--out", m.toString(), "--quiet");
        assertEquals(0, trained.code(), trained.err());
        return m;
    }

    static Path a;
    static Path b;

    @BeforeAll
    static void train() {
        a = seed(0, "0.01");
        b = seed(1, "0.01");
    }

    @Test
    void twoSeedsGiveEveryEpochWithItsInterval() throws Exception {
        Path out = tmp.resolve("report");
        CliTest.Outcome o = CliTest.run("bridge", "epochs", a.toString(), b.toString(), "--inputs", "2",
                "--collapse-inputs", "60", "--quiet", "--json", "-", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals(60, r.get("collapseInputs").asInt());
        assertEquals(2, r.get("runs").size());
        assertEquals(4, r.get("runs").get(1).get("points").size(), "initialisation, epochs 1, 2 and 3");
        assertEquals(4, r.get("acrossSeeds").size());
        assertEquals(3, r.get("acrossSeeds").get(3).get("epoch").asInt());
        assertEquals(2, r.get("acrossSeeds").get(3).get("nc1").get("n").asInt());
        assertTrue(o.err().contains("mean [95% interval] across the 2 seeds"), o.err());
        for (String f : new String[] {"epochs.json", "epochs.png", "summary.md"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        CliTest.Outcome again = CliTest.run("bridge", "epochs", a.toString(), b.toString(), "--inputs", "2",
                "--collapse-inputs", "60", "--quiet", "--json", "-");
        assertEquals(Json.comparable(r), Json.comparable(Json.mapper().readTree(again.out())));
    }

    static Path measuredAlone(Path model, String name) {
        Path report = tmp.resolve(name + ".json");
        CliTest.Outcome o = CliTest.run("bridge", "epochs", model.toString(), "--inputs", "2", "--collapse-inputs",
                "60", "--quiet", "--json", report.toString());
        assertEquals(0, o.code(), o.err());
        return report;
    }

    @Test
    void seedsMeasuredApartAreJoinedIntoTheReportOfBothTogether() throws Exception {
        CliTest.Outcome together = CliTest.run("bridge", "epochs", b.toString(), a.toString(), "--inputs", "2",
                "--collapse-inputs", "60", "--quiet", "--json", "-");
        assertEquals(0, together.code(), together.err());
        Path ra = measuredAlone(a, "alone-a");
        Path rb = measuredAlone(b, "alone-b");
        CliTest.Outcome joined = CliTest.run("bridge", "epochs", b.toString(), "--with", ra.toString(), "--inputs",
                "2", "--quiet", "--json", "-");
        assertEquals(0, joined.code(), joined.err());
        assertTrue(joined.err().contains("mean [95% interval] across the 2 seeds"), joined.err());
        String expected = Json.comparable(Json.mapper().readTree(together.out()));
        assertEquals(expected, Json.comparable(Json.mapper().readTree(joined.out())),
                "--collapse-inputs is the joined report's");
        CliTest.Outcome reportsOnly = CliTest.run("bridge", "epochs", "--with", rb.toString(), "--with",
                ra.toString(), "--inputs", "2", "--json", "-");
        assertEquals(0, reportsOnly.code(), reportsOnly.err());
        assertEquals(expected, Json.comparable(Json.mapper().readTree(reportsOnly.out())));
    }

    /**
     * Another λ at the same seeds against the report of a and b: the JSON holds the differences paired by seed, the
     * table prints them, and reports alone (--with, --baseline) give the same JSON as measuring the models.
     */
    @Test
    void aBaselineAtTheSameSeedsGivesThePairedDifferences() throws Exception {
        Path c0 = seed(0, "0.05");
        Path c1 = seed(1, "0.05");
        Path base = tmp.resolve("baseline.json");
        CliTest.Outcome measured = CliTest.run("bridge", "epochs", a.toString(), b.toString(), "--inputs", "2",
                "--collapse-inputs", "60", "--quiet", "--json", base.toString());
        assertEquals(0, measured.code(), measured.err());
        Path out = tmp.resolve("paired");
        CliTest.Outcome o = CliTest.run("bridge", "epochs", c0.toString(), c1.toString(), "--baseline",
                base.toString(), "--inputs", "2", "--quiet", "--json", "-", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals(60, r.get("collapseInputs").asInt(), "the baseline's --collapse-inputs is the default");
        JsonNode paired = r.get("againstBaseline");
        assertEquals("[0,1]", paired.get("seeds").toString());
        assertEquals(4, paired.get("differences").size());
        JsonNode b0 = Json.mapper().readTree(base.toFile());
        double d0 = r.get("runs").get(0).get("points").get(3).get("excess").asDouble()
                - b0.get("runs").get(0).get("points").get(3).get("excess").asDouble();
        assertEquals(d0, paired.get("differences").get(3).get("excess").get("values").get(0).asDouble(), 0);
        assertTrue(o.err().contains("against the baseline type 4a, D=6, L=2, C=3, λ=0.01, 3 epochs, paired by seed "
                + "[0, 1]"), o.err());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("## Against the baseline"));
        Path rc = tmp.resolve("lambda-0.05.json");
        Files.writeString(rc, Json.mapper().writeValueAsString(
                ((com.fasterxml.jackson.databind.node.ObjectNode) r.deepCopy()).without("againstBaseline")));
        CliTest.Outcome reports = CliTest.run("bridge", "epochs", "--with", rc.toString(), "--baseline",
                base.toString(), "--inputs", "2", "--json", "-");
        assertEquals(0, reports.code(), reports.err());
        assertEquals(Json.comparable(r), Json.comparable(Json.mapper().readTree(reports.out())));
    }

    @Test
    void badInputIsRefusedBeforeAnyMeasurement() throws Exception {
        Path other = seed(2, "0.05");
        Path ra = measuredAlone(a, "bad-alone-a");
        Path ab = tmp.resolve("bad-a-b.json");
        assertEquals(0, CliTest.run("bridge", "epochs", "--with", ra.toString(), "--with",
                measuredAlone(b, "bad-alone-b").toString(), "--inputs", "2", "--json", ab.toString()).code());
        Path notAReport = tmp.resolve("not-a-report.json");
        Files.writeString(notAReport, "[1, 2]");
        String[][] bad = {
            {},
            {"--with", tmp.resolve("absent.json").toString()},
            {"--with", notAReport.toString()},
            {"--with", a.toString()},
            {a.toString(), "--with", ra.toString()},
            {other.toString(), "--with", ra.toString()},
            {b.toString(), "--with", ra.toString(), "--inputs", "3"},
            {b.toString(), "--with", ra.toString(), "--collapse-inputs", "59"},
            {a.toString(), other.toString()},
            {a.toString(), a.toString()},
            {a.toString(), "--collapse-inputs", "2"},
            {a.toString(), "--collapse-inputs", "73"},
            {tmp.resolve("absent.zip").toString()},
            {a.toString(), b.toString(), "--baseline", notAReport.toString()},
            {a.toString(), b.toString(), "--baseline", ra.toString()},
            {b.toString(), "--with", ra.toString(), "--baseline", ab.toString(), "--inputs", "3"},
            {a.toString(), "--baseline", ra.toString()},
        };
        for (String[] args : bad) {
            String[] full = new String[args.length + 4];
            full[0] = "bridge";
            full[1] = "epochs";
            System.arraycopy(args, 0, full, 2, args.length);
            full[args.length + 2] = "--out";
            full[args.length + 3] = tmp.resolve("bad").toString();
            CliTest.Outcome o = CliTest.run(full);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(Files.exists(tmp.resolve("bad")), "nothing is written for bad input");
        }
    }
}
