package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;

import com.fasterxml.jackson.databind.JsonNode;

/** A miniature experiment end to end: train, measure, judge, write; then again, reusing the models. */
class ReproductionTest {

    static final String SPEC = """
            title: tiny skips
            claim: skips-cause-ra
            dataset: synthetic
            classes: [0, 1]
            trainPerClass: 48
            width: 8
            depth: 3
            epochs: 2
            lambda: 0.01
            batch: 16
            seed: 3
            inputs: 3
            k: 4
            analysisSeed: 1
            runs:
              - {label: with, type: 4a}
              - {label: without, type: 4b}
            """;

    @TempDir
    Path dir;

    /** Messages and the order of the listener's calls. */
    static final class Log implements Reproduction.Listener {
        final List<String> calls = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        @Override
        public void message(String line) {
            calls.add("message " + line.split(":")[0]);
            lines.add(line);
        }

        @Override
        public TrainingMonitor training(String label) {
            calls.add("training " + label);
            return TrainingMonitor.NONE;
        }

        @Override
        public void trained(String label) {
            calls.add("trained " + label);
        }

        @Override
        public java.util.function.IntConsumer analysing(String label, int inputs) {
            calls.add("analysing " + label + " " + inputs);
            return n -> { };
        }

        @Override
        public void analysed(String label) {
            calls.add("analysed " + label);
        }
    }

    @Test
    void trainsMeasuresJudgesAndReproducesItsOwnResults() throws IOException {
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, SPEC);
        Log first = new Log();
        ReproduceReport a = Reproduction.run(spec, 1, false, first);
        assertEquals(List.of("message with", "training with", "trained with", "analysing with 3", "analysed with",
                "message without", "training without", "trained without", "analysing without 3", "analysed without"),
                first.calls);
        assertEquals(2, a.runs().size());
        assertTrue(Files.isRegularFile(dir.resolve("tiny-models/with.zip")));
        assertTrue(Files.isRegularFile(dir.resolve("tiny-models/without.zip")));
        RunResult with = a.runs().get(0);
        assertEquals("tiny-models/with.zip", with.model());
        assertFalse(with.reused());
        assertEquals(2L * 6, with.training().steps(), "96 images in batches of 16, two epochs");
        assertTrue(with.training().stepsPerSecond() > 0);
        assertTrue(with.training().trainingSeconds() > 0);
        assertEquals(ExperimentSpec.Claim.SKIPS_CAUSE_RA.optionName(), a.claim().claim());
        assertEquals(a.claim().holds() ? "holds" : "fails", a.verdict());
        assertNull(a.table());
        assertEquals(1, with.analysis().comparisons().size(), "the UJM beside the one stage");
        // the same analysis at initialisation, of the same inputs
        AnalysisReport initial = with.analysis().initial();
        assertEquals("tiny-models/with.zip at initialisation", initial.model());
        assertEquals(with.analysis().analysis().lastStage().inputs().stream().map(NetworkAnalysis.InputResult::index)
                .toList(), initial.lastStage().inputs().stream().map(NetworkAnalysis.InputResult::index).toList());
        assertNotEquals(with.analysis().analysis().lastStage().summary().alignment().mean(),
                initial.lastStage().summary().alignment().mean());

        Path out = Reproduction.resultsOf(spec);
        ReportFolder.write(out, folder -> ExperimentFolder.writeInto(folder, a));
        for (String f : List.of("results.json", "summary.md", "alignment-panels.png", "sigma1-by-depth.png",
                "with/alignment-grid.png", "with/singular-values.png", "with/trajectory.png", "with/summary.md",
                "without/alignment-scores.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("Claim `skips-cause-ra`"), summary);
        assertTrue(summary.contains("RA1 line fraction — Thm 3.1 from the network's RA2–4"), summary);
        assertTrue(summary.contains("RA1 line fraction — UJM optimum"), summary);
        assertTrue(summary.contains("steps (steps/s)"), summary);
        assertTrue(summary.contains("RA2 excess over chance — at initialisation"), summary);

        // again: the finished models are reused and the JSON is the same but for wall times
        Log second = new Log();
        ReproduceReport b = Reproduction.run(spec, 1, false, second);
        assertFalse(second.calls.contains("training with"));
        assertTrue(b.runs().get(0).reused());
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(b)));

        // and trained again from scratch: the same seeds give the same networks, so the same JSON
        Log third = new Log();
        ReproduceReport c = Reproduction.run(spec, 1, true, third);
        assertTrue(third.calls.contains("training with"));
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(c)));

        // and a table of it
        Path table = dir.resolve("table.yaml");
        Files.writeString(table, "title: t\nclaim: table\nexperiments: [tiny]\npaperAccuracy: {\"4a\": 0.5}\n");
        ReproduceReport t = Reproduction.run(table, 1, false, new Reproduction.Listener() { });
        assertEquals("tabulated", t.verdict());
        assertEquals(2, t.table().size());
        AccuracyTable.Row row = t.table().get(0);
        assertEquals("tiny", row.experiment());
        assertEquals("with", row.label());
        assertEquals("4a", row.type());
        assertEquals(96, row.trainImages());
        assertEquals(with.training().testAccuracy(), row.testAccuracy());
        assertNull(row.paperAccuracy(), "the paper's figures are for ten classes");
        Path tableOut = Reproduction.resultsOf(table);
        ReportFolder.write(tableOut, folder -> ExperimentFolder.writeInto(folder, t));
        assertTrue(Files.isRegularFile(tableOut.resolve("accuracy.png")));
        assertTrue(Files.readString(tableOut.resolve("summary.md")).contains("| tiny | with | type 4a, D=8, L=3 |"));
    }

    /**
     * With {@code seeds} every run is trained once per seed; the claim carries each figure's 95% interval over the
     * seeds, whose per-seed values are the networks' own excesses, the folder the spread figure, and a second run
     * reuses every model and gives the same JSON.
     */
    @Test
    void severalSeedsAreTrainedJudgedTogetherAndReproduced() throws IOException {
        Path spec = dir.resolve("seeded.yaml");
        Files.writeString(spec, SPEC.replace("seed: 3\n", "seeds: [3, 4, 5]\n"));
        ReproduceReport a = Reproduction.run(spec, 1, false, new Log());
        assertEquals(List.of("with-seed-3", "with-seed-4", "with-seed-5", "without-seed-3", "without-seed-4",
                "without-seed-5"), a.runs().stream().map(RunResult::label).toList());
        assertEquals(List.of(3L, 4L, 5L), a.claim().seeds());
        org.resalign.core.ra.ConfidenceInterval with = a.claim().ci95().get("excessWith");
        assertNotNull(with, a.claim().ci95().keySet().toString());
        for (int s = 0; s < 3; s++) {
            RunResult run = a.runs().get(s);
            assertEquals("with", run.group());
            assertEquals(3 + s, run.seed());
            assertEquals(3 + s, run.training().training().seed());
            assertEquals(run.analysis().analysis().lastStage().summary().excess(), with.values()[s], 0);
        }
        assertEquals(with.mean(), a.claim().figures().get("excessWith"), 0);
        assertTrue(a.claim().ci95().containsKey("vanishingMargin"));
        assertNotEquals(a.runs().get(0).training().testAccuracy() + "" + a.runs().get(0).analysis().analysis()
                .lastStage().summary().excess(), a.runs().get(1).training().testAccuracy() + "" + a.runs().get(1)
                .analysis().analysis().lastStage().summary().excess(), "another seed, another network");
        Path out = Reproduction.resultsOf(spec);
        ReportFolder.write(out, folder -> ExperimentFolder.writeInto(folder, a));
        assertTrue(Files.isRegularFile(out.resolve(ExperimentFolder.SPREAD)));
        assertTrue(Files.isRegularFile(out.resolve("without-seed-5/summary.md")));
        JsonNode claim = Json.mapper().readTree(out.resolve("results.json").toFile()).path("claim");
        assertEquals(3, claim.path("ci95").path("excessWith").path("values").size(), claim.toString());
        ReproduceReport b = Reproduction.run(spec, 1, false, new Log());
        assertTrue(b.runs().stream().allMatch(RunResult::reused));
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(b)));
    }

    /** A spec with {@code seeds} refuses a {@code seed} beside it, an empty list and a repeated seed. */
    @Test
    void seedsAreCheckedBeforeAnyWork() throws IOException {
        for (String bad : List.of("seeds: [3, 4]\nseed: 1\n", "seeds: []\n", "seeds: [3, 3]\n")) {
            Path spec = dir.resolve("bad.yaml");
            Files.writeString(spec, SPEC.replace("seed: 3\n", bad));
            org.resalign.core.input.InvalidInputException e = assertThrows(
                    org.resalign.core.input.InvalidInputException.class, () -> ExperimentSpec.read(spec));
            assertTrue(e.getMessage().contains("'seeds'"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("bad-models")));
    }

    @Test
    void aTableOfAnExperimentNotYetRunSaysWhatToRun() throws IOException {
        Path table = dir.resolve("table.yaml");
        Files.writeString(table, "title: t\nclaim: table\nexperiments: [absent]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reproduction.run(table, 1, false, new Reproduction.Listener() { }));
        assertTrue(e.getMessage().contains("reproduce") && e.getMessage().contains("absent.yaml"), e.getMessage());
    }

    /**
     * {@code bridge skips}: both networks trained the first time, reused the second (the same JSON but for wall
     * times), and a model file of another run in the place of one (the planted case) not reused but trained again.
     */
    @Test
    void skipsTrainsBothThenReusesThemAndRetrainsAModelOfAnotherRun() throws IOException {
        ResNetSpec with = new ResNetSpec(ModelType.T4A, 8, 3, 2);
        DatasetSpec data = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", 48, 24, 3);
        TrainingSettings training = new TrainingSettings(2, 16, 0.1, 0.9, 0.01, 3, 0);
        AnalysisSettings analysis = new AnalysisSettings(3, 4, 1);
        Path models = dir.resolve("skips-models");
        Log first = new Log();
        SkipsReport a = Reproduction.skips(with, data, training, analysis, 1, models, first);
        assertEquals(List.of("message type 4a", "training type 4a", "trained type 4a", "analysing type 4a 3",
                "analysed type 4a", "message type 4b", "training type 4b", "trained type 4b", "analysing type 4b 3",
                "analysed type 4b"), first.calls);
        assertEquals(List.of("type 4a: training ...", "type 4b: training ..."), first.lines);
        Path modelA = models.resolve("type-4a.zip");
        Path modelB = models.resolve("type-4b.zip");
        assertEquals(ModelType.T4B, a.without().spec().type());
        assertEquals(with.width(), a.without().spec().width());
        assertEquals(modelA.toString(), a.with().model());
        assertEquals(2L * 6, a.with().steps(), "96 images in batches of 16, two epochs");
        assertEquals(training.seed(), a.seed());
        SkipCounterfactual judged = SkipCounterfactual.judge(a.withAnalysis().lastStage().summary(),
                a.withoutAnalysis().lastStage().summary());
        assertEquals(judged.excessWith(), a.result().excessWith());
        assertEquals(judged.confirmed() ? "confirmed" : "not-confirmed", a.verdict());

        // the same network measured directly: what the report holds
        AnalysisReport direct = AnalysisReport.of("bridge skips", modelA.toString(), ModelFile.read(modelA, false),
                data.load(), analysis, n -> { });
        assertEquals(withoutWallTimes(Json.toJson(direct)), withoutWallTimes(Json.toJson(a.withAnalysis())));

        Log second = new Log();
        SkipsReport b = Reproduction.skips(with, data, training, analysis, 1, models, second);
        assertEquals(List.of("type 4a: reusing the trained model " + modelA,
                "type 4b: reusing the trained model " + modelB), second.lines);
        assertFalse(second.calls.stream().anyMatch(c -> c.startsWith("training")), second.calls.toString());
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(b)));

        // a finished model of another run (the network with skips) where the one without belongs
        Files.copy(modelA, modelB, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Log third = new Log();
        SkipsReport c = Reproduction.skips(with, data, training, analysis, 1, models, third);
        assertEquals(List.of("type 4a: reusing the trained model " + modelA, "type 4b: training ..."), third.lines);
        assertTrue(third.calls.contains("training type 4b"));
        assertFalse(third.calls.contains("training type 4a"));
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(c)),
                "the same seeds train the same network again");

        Path out = dir.resolve("skips");
        ReportFolder.write(out, folder -> AnalysisFolder.writeInto(folder, a));
        for (String f : List.of("skips.json", "summary.md", "type-4a/alignment-grid.png",
                "type-4b/singular-values.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| " + String.join(" | ", a.table()[3]) + " |"), summary);
        assertTrue(summary.contains("Verdict: **" + a.verdict() + "**"), summary);
    }

    /** trainOrReuse: a finished model of the same run is reused unless restart, then trained afresh. */
    @Test
    void aFinishedModelOfTheSameRunIsReusedUnlessRestarted() {
        ExperimentSpec.Run run = new ExperimentSpec.Run("net", new ResNetSpec(ModelType.T4A, 8, 2, 2),
                new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", 32, 16, 5),
                new TrainingSettings(1, 16, 0.1, 0.9, 0.01, 5, 0));
        Split split = run.dataset().load();
        Path model = dir.resolve("nested/models/net.zip");
        Log log = new Log();
        Reproduction.Trained t1 = Reproduction.trainOrReuse(run, split, model, "net.zip", "once", false, 1, log);
        assertFalse(t1.reused());
        assertEquals(List.of("net: training once"), log.lines);
        assertEquals("net.zip", t1.report().model());
        Reproduction.Trained t2 = Reproduction.trainOrReuse(run, split, model, "net.zip", "twice", false, 1, log);
        assertTrue(t2.reused());
        assertEquals("net: reusing the trained model net.zip", log.lines.get(1));
        Reproduction.Trained t3 = Reproduction.trainOrReuse(run, split, model, "net.zip", "again", true, 1, log);
        assertFalse(t3.reused(), "restart trains again");
        assertEquals("net: training again", log.lines.get(2));
        ExperimentSpec.Run other = new ExperimentSpec.Run("net", run.spec(), run.dataset(),
                new TrainingSettings(1, 16, 0.1, 0.9, 0.02, 5, 0));
        Reproduction.Trained t4 = Reproduction.trainOrReuse(other, split, model, "net.zip", "with λ = 0.02", false, 1,
                log);
        assertFalse(t4.reused(), "a model of another weight decay is not this run's");
        assertEquals(0.02, t4.report().training().weightDecay());
    }

    /** Ships each unit and the task through Java serialization, as a cluster does, and runs every unit twice. */
    static final class ShippingEngine implements UnitEngine {
        int jobs;

        @Override
        public <T extends java.io.Serializable, R extends java.io.Serializable> List<R> map(List<T> units,
                Task<T, R> task) {
            jobs++;
            List<R> out = new ArrayList<>();
            for (T unit : units) {
                Task<T, R> shipped = copy(task);
                shipped.apply(copy(unit)); // a first attempt, its result lost with its executor
                out.add(copy(shipped.apply(copy(unit))));
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private static <X> X copy(X o) {
            try {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                    out.writeObject(o);
                }
                try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                    return (X) in.readObject();
                }
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public org.resalign.core.engine.EngineRecord record() {
            return new org.resalign.core.engine.EngineRecord("shipping", "1", "test", 1, jobs, 0, 0);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Trained on an engine, from a checkpoint a lost executor left behind and with every task run twice, an
     * experiment gives the report of one trained here: the task resumes the checkpoint, a task run again after it
     * finished does not train again, and the models go where {@code models} says.
     */
    @Test
    void trainingOnAnEngineResumesCheckpointsAndGivesTheSameReport() throws IOException {
        Path here = Files.createDirectories(dir.resolve("here")).resolve("tiny.yaml");
        Path there = Files.createDirectories(dir.resolve("there")).resolve("tiny.yaml");
        Files.writeString(here, SPEC);
        Files.writeString(there, SPEC);
        ReproduceReport a = Reproduction.run(here, 1, false, new Log());
        assertNull(a.engine());

        Path models = Reproduction.modelsOf(there);
        ExperimentSpec.Run with = ExperimentSpec.read(there).resolve().get(0);
        Path model = models.resolve(with.label() + ".zip");
        Files.createDirectories(models);
        long perEpoch = with.training().stepsPerEpoch(with.dataset().load().train().size());
        // an executor lost on the first step of epoch 2, after epoch 1's checkpoint
        assertThrows(TrainerTest.Interrupted.class, () -> Trainer.train(with.spec(), with.dataset(),
                with.dataset().load(), with.training(), model, true, new TrainerTest.Recorder(model, perEpoch + 1)));
        assertTrue(Files.exists(Trainer.checkpointOf(model)));

        ShippingEngine engine = new ShippingEngine();
        Log log = new Log();
        ReproduceReport b = Reproduction.run(there, models, 1, false, engine, log);
        assertEquals(1, engine.jobs);
        assertEquals("shipping", b.engine().name());
        assertFalse(Files.exists(Trainer.checkpointOf(model)), "the finished training removed its checkpoint");
        assertTrue(b.runs().stream().noneMatch(RunResult::reused));
        assertEquals(withoutWallTimes(Json.toJson(a)), withoutWallTimes(Json.toJson(b)));
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("with: training on")), log.lines.toString());
    }

    /** The JSON with every {@code seconds}, {@code trainingSeconds}, {@code stepsPerSecond} and epoch time removed. */
    static String withoutWallTimes(String json) throws IOException {
        return Json.comparable(Json.mapper().readTree(json));
    }
}
