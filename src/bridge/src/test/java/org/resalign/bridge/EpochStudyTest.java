package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.ra.ConfidenceInterval;

/** RA and NC over the epochs: each point is the analysis of its own network, and the bands are across the seeds. */
class EpochStudyTest {

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 6, 2, 3);
    static final DatasetSpec DATASET = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1, 2}, "", 40, 20, 8);
    static final AnalysisSettings SETTINGS = new AnalysisSettings(3, 4, 0);

    @TempDir
    static Path dir;

    static Path seed1;
    static Path seed2;
    static Split data;

    static TrainingSettings recipe(long seed, double lambda) {
        return new TrainingSettings(4, 20, 0.1, 0.9, lambda, seed, 1);
    }

    @BeforeAll
    static void train() {
        data = DATASET.load();
        seed1 = dir.resolve("seed-1.zip");
        seed2 = dir.resolve("seed-2.zip");
        Trainer.train(SPEC, DATASET, data, recipe(1, 1e-3), seed1, false, 2, TrainingMonitor.NONE);
        Trainer.train(SPEC, DATASET, data, recipe(2, 1e-3), seed2, false, 2, TrainingMonitor.NONE);
    }

    static EpochStudy.Report study(List<Path> models) {
        List<EpochStudy.Point> heard = new ArrayList<>();
        EpochStudy.Report r = EpochStudy.run(EpochStudy.COMMAND, EpochStudy.plan(models), SETTINGS, n -> n,
                heard::add);
        assertEquals(r.runs().stream().mapToInt(run -> run.points().size()).sum(), heard.size());
        return r;
    }

    @Test
    void eachPointIsTheAnalysisOfItsOwnNetwork() {
        List<EpochStudy.Plan> plans = EpochStudy.plan(List.of(seed1));
        assertEquals(List.of(2, 4), plans.get(0).epochs());
        assertEquals(List.of(Trainer.snapshotOf(seed1, 2), seed1), plans.get(0).files());
        assertEquals(3, plans.get(0).points());
        EpochStudy.Report r = study(List.of(seed1));
        assertTrue(r.acrossSeeds().isEmpty(), "one network has no interval");
        List<EpochStudy.Point> points = r.runs().get(0).points();
        assertEquals(List.of(0, 2, 4), points.stream().map(EpochStudy.Point::epoch).toList());
        List<NetworkAnalysis.Input> inputs = NetworkAnalysis.trainingInputs(data.train(), SETTINGS);
        int[] images = NetworkCollapse.chooseInputs(data.train(), data.train().size(), 0);

        ModelFile.Loaded trained = ModelFile.read(seed1, false);
        AnalysisReport initial = AnalysisReport.atInitialisation("test", seed1.toString(), trained.info(), data,
                inputs, null, SETTINGS);
        assertEquals(Json.toJson(initial.lastStage().summary()), Json.toJson(points.get(0).ra()));
        assertEquals(initial.testAccuracy(), points.get(0).testAccuracy(), 0);
        assertEquals(Json.toJson(NetworkCollapse.of(InitialNetwork.of(trained.info(), data).graph(), data.train(),
                images)), Json.toJson(points.get(0).collapse()));

        ModelFile.Loaded snapshot = ModelFile.read(Trainer.snapshotOf(seed1, 2), false);
        assertEquals(Json.toJson(AnalysisReport.of("test", "", snapshot, data, SETTINGS, n -> { }).lastStage()
                .summary()), Json.toJson(points.get(1).ra()));
        assertEquals(snapshot.info().history().get(1).testAccuracy(), points.get(1).testAccuracy(), 0);
        assertEquals(Json.toJson(NetworkCollapse.of(snapshot.graph(), data.train(), images)),
                Json.toJson(points.get(1).collapse()));
        assertEquals(points.get(1).ra().excess(), points.get(1).excess(), 0);

        assertEquals(Json.toJson(AnalysisReport.of("test", "", trained, data, SETTINGS, n -> { }).lastStage()
                .summary()), Json.toJson(points.get(2).ra()));
        assertEquals(trained.info().testAccuracy(), points.get(2).testAccuracy(), 0);
    }

    @Test
    void theBandsAreTheIntervalsAcrossTheSeedsAndTheRunRepeats() throws Exception {
        EpochStudy.Report r = study(List.of(seed1, seed2));
        assertEquals(List.of(0, 2, 4), r.acrossSeeds().stream().map(EpochStudy.Band::epoch).toList());
        for (int t = 0; t < 3; t++) {
            EpochStudy.Point a = r.runs().get(0).points().get(t);
            EpochStudy.Point b = r.runs().get(1).points().get(t);
            EpochStudy.Band band = r.acrossSeeds().get(t);
            assertEquals(Json.toJson(ConfidenceInterval.of(new double[] {a.excess(), b.excess()})),
                    Json.toJson(band.excess()));
            assertEquals(Json.toJson(ConfidenceInterval.of(new double[] {a.collapse().measures().nc1(),
                b.collapse().measures().nc1()})), Json.toJson(band.nc1()));
            assertEquals(Json.toJson(ConfidenceInterval.of(new double[] {a.ra().alignedRank().mean(),
                b.ra().alignedRank().mean()})), Json.toJson(band.alignedRank()));
        }
        assertEquals(Json.comparable(r), Json.comparable(study(List.of(seed1, seed2))));
        Path folder = dir.resolve("report");
        Files.createDirectories(folder);
        EpochFolder.writeInto(folder, r);
        assertTrue(Files.size(folder.resolve("epochs.png")) > 10_000);
        assertEquals(Json.comparable(r), Json.comparable(Json.mapper().readTree(folder.resolve("epochs.json")
                .toFile())));
        String md = Files.readString(folder.resolve("summary.md"));
        assertEquals(3, md.lines().filter(l -> l.matches("\\| [024] \\|.*")).count(), md);
    }

    static Path written(String name, EpochStudy.Report r) throws Exception {
        Path f = dir.resolve(name + ".json");
        Json.write(f, r);
        return f;
    }

    @Test
    void seedsMeasuredApartJoinIntoTheReportTheyMakeTogether() throws Exception {
        EpochStudy.Report together = study(List.of(seed2, seed1));
        assertEquals(List.of(1L, 2L), together.runs().stream().map(EpochStudy.Run::seed).toList(),
                "the runs are by seed, whatever the order of the models");
        assertEquals(Json.comparable(study(List.of(seed1, seed2))), Json.comparable(together));

        EpochStudy.Report alone1 = study(List.of(seed1));
        Path f1 = written("apart-1", alone1);
        Path f2 = written("apart-2", study(List.of(seed2)));
        EpochStudy.Report read1 = EpochStudy.read(f1, "with");
        assertEquals(Json.comparable(alone1), Json.comparable(read1), "a report read back is the report");
        List<EpochStudy.Report> parts = List.of(EpochStudy.read(f2, "with"), read1);
        EpochStudy.requireJoinable("with", parts, List.of(f2, f1), List.of(), SETTINGS, -1);
        assertEquals(Json.comparable(together), Json.comparable(EpochStudy.join(parts, 0)));

        // one seed read, the other measured now
        List<EpochStudy.Plan> plan2 = EpochStudy.plan(List.of(seed2));
        EpochStudy.requireJoinable("with", List.of(read1), List.of(f1), plan2, SETTINGS, data.train().size());
        EpochStudy.Report measured2 = EpochStudy.run(EpochStudy.COMMAND, plan2, SETTINGS, n -> n, p -> { });
        assertEquals(Json.comparable(together), Json.comparable(EpochStudy.join(List.of(measured2, read1), 0)));
    }

    @Test
    void reportsOfAnotherRecipeMeasurementOrSeedAreNotJoined() throws Exception {
        Path f1 = written("join-1", study(List.of(seed1)));
        List<EpochStudy.Plan> plan2 = EpochStudy.plan(List.of(seed2));
        int all = data.train().size();
        Path other = dir.resolve("join-other-lambda.zip");
        Trainer.train(SPEC, DATASET, data, recipe(3, 5e-3), other, false, TrainingMonitor.NONE);
        Path otherLambda = written("join-other-lambda", study(List.of(other)));
        Path otherSettings = written("join-other-settings", EpochStudy.run(EpochStudy.COMMAND,
                EpochStudy.plan(List.of(seed2)), new AnalysisSettings(3, 4, 1), n -> n, p -> { }));
        Path sameSeed = written("join-same-seed", study(List.of(seed1)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EpochStudy.requireJoinable("with",
                List.of(EpochStudy.read(otherLambda, "with")), List.of(otherLambda), plan2, SETTINGS, all));
        assertTrue(e.getMessage().contains("join-other-lambda.json") && e.getMessage().contains("λ=0.005"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.requireJoinable("with",
                List.of(EpochStudy.read(otherSettings, "with")), List.of(otherSettings),
                EpochStudy.plan(List.of(seed1)), SETTINGS, all));
        assertTrue(e.getMessage().contains("analysis seed 1"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.requireJoinable("with",
                List.of(EpochStudy.read(f1, "with")), List.of(f1), plan2, SETTINGS, all - 1));
        assertTrue(e.getMessage().contains((all - 1) + " NC images"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.requireJoinable("with",
                List.of(EpochStudy.read(f1, "with"), EpochStudy.read(sameSeed, "with")), List.of(f1, sameSeed),
                List.of(), SETTINGS, -1));
        assertTrue(e.getMessage().contains("seed 1"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.requireJoinable("with",
                List.of(EpochStudy.read(f1, "with")), List.of(f1), EpochStudy.plan(List.of(seed1)), SETTINGS, all));
        assertTrue(e.getMessage().contains("seed 1"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> EpochStudy.join(List.of(EpochStudy.read(f1, "with"),
                EpochStudy.read(otherLambda, "with")), 0));

        Path notAReport = dir.resolve("not-a-report.json");
        Files.writeString(notAReport, "{\"command\" : \"bridge analyze\"}");
        Path notJson = dir.resolve("not-json.json");
        Files.writeString(notJson, "epochs");
        Path cut = dir.resolve("cut.json");
        String text = Files.readString(f1);
        Files.writeString(cut, text.substring(0, text.length() / 2));
        for (Path bad : List.of(notAReport, notJson, cut, dir.resolve("absent.json"))) {
            e = assertThrows(InvalidInputException.class, () -> EpochStudy.read(bad, "with"));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        }
    }

    /**
     * Runs of another recipe at the same seeds pair by seed: each difference is the two points' difference, and its
     * interval for two seeds is the closed form mean ± t_{0.975,1}·|d₁ − d₂|/2 (t = 12.706204736, tables); the
     * baseline's runs in another order pair alike, and a report against itself differs by exactly 0.
     */
    @Test
    void againstABaselineTheRunsPairBySeed() throws Exception {
        Path b1 = dir.resolve("baseline-1.zip");
        Path b2 = dir.resolve("baseline-2.zip");
        Trainer.train(SPEC, DATASET, data, recipe(1, 5e-3), b1, false, 2, TrainingMonitor.NONE);
        Trainer.train(SPEC, DATASET, data, recipe(2, 5e-3), b2, false, 2, TrainingMonitor.NONE);
        EpochStudy.Report r = study(List.of(seed1, seed2));
        EpochStudy.Report base = study(List.of(b1, b2));
        Path file = written("baseline", base);
        EpochStudy.Report paired = EpochStudy.against(r, EpochStudy.read(file, "baseline"), file);
        assertEquals(Json.comparable(r.runs()), Json.comparable(paired.runs()));
        assertEquals(List.of(1L, 2L), paired.againstBaseline().seeds());
        assertTrue(paired.againstBaseline().baseline().contains("λ=0.005"), paired.againstBaseline().baseline());
        assertEquals(List.of(0, 2, 4), paired.againstBaseline().differences().stream()
                .map(EpochStudy.Band::epoch).toList());
        for (int t = 0; t < 3; t++) {
            EpochStudy.Band d = paired.againstBaseline().differences().get(t);
            double d1 = r.runs().get(0).points().get(t).excess() - base.runs().get(0).points().get(t).excess();
            double d2 = r.runs().get(1).points().get(t).excess() - base.runs().get(1).points().get(t).excess();
            assertEquals((d1 + d2) / 2, d.excess().mean(), 1e-15);
            assertEquals((d1 + d2) / 2 + 12.706204736 * Math.abs(d1 - d2) / 2, d.excess().high(), 1e-9);
            double n1 = r.runs().get(1).points().get(t).collapse().measures().nc1()
                    - base.runs().get(1).points().get(t).collapse().measures().nc1();
            assertEquals(n1, d.nc1().values()[1], 0);
        }
        EpochStudy.Report reversed = new EpochStudy.Report(base.command(), base.spec(), base.dataset(),
                base.training(), base.settings(), base.collapseInputs(), List.of(base.runs().get(1),
                base.runs().get(0)), base.acrossSeeds(), null, base.versions(), base.seconds());
        assertEquals(Json.comparable(paired), Json.comparable(EpochStudy.against(r, reversed, file)));
        for (EpochStudy.Band d : EpochStudy.against(r, r, file).againstBaseline().differences()) {
            assertEquals(0, d.excess().low(), 0);
            assertEquals(0, d.nc1().high(), 0);
        }
        Path folder = dir.resolve("paired-report");
        Files.createDirectories(folder);
        EpochFolder.writeInto(folder, paired);
        String md = Files.readString(folder.resolve("summary.md"));
        assertEquals(6, md.lines().filter(l -> l.matches("\\| [024] \\|.*")).count(), md);
        assertEquals(Json.comparable(paired), Json.comparable(Json.mapper().readTree(folder.resolve("epochs.json")
                .toFile())));
    }

    /** Negative controls: a baseline at other seeds, at one seed, or measured otherwise is not paired. */
    @Test
    void aBaselineAtOtherSeedsOrMeasuredOtherwiseIsRefused() throws Exception {
        EpochStudy.Report r = study(List.of(seed1, seed2));
        Path other = dir.resolve("pair-other-seed.zip");
        Trainer.train(SPEC, DATASET, data, recipe(3, 1e-3), other, false, TrainingMonitor.NONE);
        Path f = written("pair-other-seeds", study(List.of(seed1, other)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EpochStudy.against(r, EpochStudy.read(f, "baseline"), f));
        assertTrue(e.getMessage().contains("pair-other-seeds.json") && e.getMessage().contains("[1, 3]"),
                e.getMessage());
        EpochStudy.Report one = study(List.of(seed1));
        Path g = written("pair-one-seed", one);
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.against(one, one, g));
        assertTrue(e.getMessage().contains("one seed"), e.getMessage());
        Path h = written("pair-other-settings", EpochStudy.run(EpochStudy.COMMAND,
                EpochStudy.plan(List.of(seed1, seed2)), new AnalysisSettings(3, 4, 1), n -> n, p -> { }));
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.against(r, EpochStudy.read(h, "baseline"), h));
        assertTrue(e.getMessage().contains("pair-other-settings.json") && e.getMessage().contains("seed 1"),
                e.getMessage());
        assertEquals("baseline", e.parameter());
    }

    @Test
    void networksOfAnotherRecipeOrTheSameSeedAreRefused() {
        Path other = dir.resolve("other-lambda.zip");
        Trainer.train(SPEC, DATASET, data, recipe(3, 5e-3), other, false, TrainingMonitor.NONE);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EpochStudy.plan(List.of(seed1, other)));
        assertTrue(e.getMessage().contains("other-lambda.zip"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> EpochStudy.plan(List.of(seed1, seed1)));
        assertTrue(e.getMessage().contains("same seed 1"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> EpochStudy.run("test", EpochStudy.plan(List.of(seed1)),
                SETTINGS, n -> n + 1, p -> { }));
    }

    /** An imported copy of the fixture network fc-4a, declared as epoch {@code epoch} of the run at {@code seed}. */
    static Path imported(String name, Integer epoch, Long seed, Double lambda) {
        OnnxImport.Imported i = OnnxImport.read(OnnxImportTest.fixture("fc-4a.onnx"));
        DatasetSpec mixture = DatasetSpec.mixture(new int[] {0, 1, 2}, 20, 4);
        OnnxImport.Imported declared = new OnnxImport.Imported(i.graph(), i.spec(),
                i.origin().withWeightDecay(lambda).withRun(epoch, seed), i.representations());
        Path file = dir.resolve(name + ".zip");
        ModelFile.write(declared.graph(), declared.info(mixture, mixture.load()), file);
        return file;
    }

    @Test
    void importedSnapshotsAreTheRunsOfTheirDeclaredSeeds() {
        Path a5 = imported("a5", 5, 7L, 0.01);
        Path a0 = imported("a0", 0, 7L, 0.01);
        Path b0 = imported("b0", 0, 9L, 0.01);
        Path b5 = imported("b5", 5, 9L, 0.01);
        List<EpochStudy.Plan> plans = EpochStudy.plan(List.of(a5, b0, a0, b5));
        assertEquals(2, plans.size());
        assertEquals(7, plans.get(0).seed());
        assertEquals(List.of(0, 5), plans.get(0).epochs());
        assertEquals(List.of(a0, a5), plans.get(0).files());
        assertEquals(List.of(b0, b5), plans.get(1).files());
        assertEquals(2, plans.get(1).points(), "no initial network is built for imported runs");
        EpochStudy.Report r = EpochStudy.run("test", plans, SETTINGS, n -> n, p -> { });
        assertEquals(null, r.training());
        assertEquals(0.01, r.weightDecay(), 0);
        assertEquals(5, r.epochs());
        ModelFile.Loaded loaded = ModelFile.read(a5, false);
        EpochStudy.Point p = r.runs().get(0).points().get(1);
        assertEquals(5, p.epoch());
        assertEquals(loaded.info().testAccuracy(), p.testAccuracy(), 0);
        assertEquals(Json.toJson(AnalysisReport.of("test", "", loaded, loaded.info().dataset().load(), SETTINGS,
                n -> { }).lastStage().summary()), Json.toJson(p.ra()));
        assertEquals(7L, p.imported().seed());
        assertEquals(List.of(0, 5), r.acrossSeeds().stream().map(EpochStudy.Band::epoch).toList());

        Path twice = imported("a5-again", 5, 7L, 0.01);
        Path undeclared = imported("undeclared", null, 7L, 0.01);
        Path otherLambda = imported("other-lambda", 10, 7L, 0.05);
        for (List<Path> bad : List.of(List.of(a5, twice), List.of(a5, undeclared), List.of(a5, otherLambda),
                List.of(a5, seed1))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> EpochStudy.plan(bad));
            assertTrue(e.getMessage().contains(bad.get(1).getFileName().toString()), e.getMessage());
        }
    }
}
