package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.io.Json;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.report.Theorem31Folder;
import org.resalign.core.thm31.Theorem31Check;
import org.resalign.core.thm31.Theorem31Report;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.AuditSettings;
import org.resalign.proofs.Controls;
import org.resalign.proofs.ProofAudit;
import org.resalign.proofs.StepResult;

/** The demo once, its records against the solvers, the check, the audit and the training called directly. */
class DemoTest {

    /** The listener's calls in order. */
    static final class Log implements Demo.Listener {
        final List<String> calls = new ArrayList<>();

        @Override
        public IterationMonitor solving(String run, int maxIterations) {
            calls.add("solving " + run + " " + maxIterations);
            return IterationMonitor.NONE;
        }

        @Override
        public void begin(String run, String description) {
            calls.add("begin " + run);
        }

        @Override
        public void judged(Demo.UjmRun run) {
            calls.add("judged " + run.name());
        }

        @Override
        public void checked(Demo.Thm31Run run) {
            calls.add("checked " + run.name());
        }

        @Override
        public void audited(AuditReport audit) {
            calls.add("audited");
        }

        @Override
        public void planted(StepResult planted, boolean rejected) {
            calls.add("planted " + rejected);
        }

        @Override
        public TrainingMonitor training(String label) {
            calls.add("training " + label);
            return TrainingMonitor.NONE;
        }

        @Override
        public void compared(Demo.BridgeRun run) {
            calls.add("compared");
        }
    }

    static Log log;
    static Demo.Result demo;

    @BeforeAll
    static void runTheDemo() {
        log = new Log();
        demo = Demo.run(0, log);
    }

    @TempDir
    Path dir;

    @Test
    void everyRunGoesAsExpected() {
        int max = SolverSettings.DEFAULT_MAX_ITERATIONS;
        assertEquals(List.of("solving ujm-solve " + max, "begin ujm-solve", "judged ujm-solve",
                "solving control-early-stop 3", "begin control-early-stop", "judged control-early-stop",
                "begin control-perturbed-aligned", "judged control-perturbed-aligned",
                "solving ujm-factored " + max, "begin ujm-factored", "judged ujm-factored",
                "begin thm31", "checked thm31", "begin control-thm31-ra2", "checked control-thm31-ra2",
                "begin proofs", "audited", "begin control-proofs-planted", "planted true",
                "begin bridge-compare", "training 4a", "compared"), log.calls);
        Demo.Report r = demo.report();
        assertEquals(List.of("ujm-solve", "control-early-stop", "control-perturbed-aligned", "ujm-factored", "thm31",
                "control-thm31-ra2", "proofs", "control-proofs-planted", "bridge-compare", "control-bridge-truncated"),
                r.runs().stream().map(Demo.Entry::name).toList());
        assertTrue(r.runs().stream().allMatch(Demo.Entry::asExpected), r.runs().toString());
        assertEquals("holds", r.verdict());
        assertEquals("fails", r.runs().get(1).expected());
        assertEquals("fails", r.runs().get(1).verdict(), "the early stop is not at the optimum");
        assertEquals("counterexample", r.runs().get(2).verdict(), "the perturbed aligned objective is undercut");
        assertEquals("fails", r.runs().get(5).verdict(), "RA2 broken breaks RA1");
        assertEquals("fails", r.runs().get(7).verdict());
        assertEquals("refused", r.runs().get(9).verdict());
        assertTrue(demo.bridge().refusal().contains("truncated"), demo.bridge().refusal());
        assertEquals(0, r.seed());
    }

    /** A run that did not go as expected fails the demo: the planted case. */
    @Test
    void oneRunNotAsExpectedFailsTheDemo() {
        List<Demo.Entry> runs = new ArrayList<>(demo.report().runs());
        Demo.Entry e = runs.get(3);
        runs.set(3, new Demo.Entry(e.name(), e.description(), e.expected(), "fails", false, e.file()));
        Demo.Report planted = Demo.Report.of(0, 1, runs);
        assertEquals("fails", planted.verdict());
        assertFalse(planted.holds());
        Demo.UjmRun wrong = new Demo.UjmRun("x", "a failing solve expected to hold", true,
                demo.ujm().get(1).report());
        assertFalse(wrong.asExpected());
    }

    @Test
    void theUjmRunsAreTheSolversOwn() throws IOException {
        UjmProblem paper = UjmProblem.binary(64, 8, 1e-2, Loss.LOGISTIC, 1.0, 0);
        SolverSettings lbfgs = SolverSettings.defaults(SolverKind.LBFGS, 0);
        UjmSolution full = UjmSolver.solve(paper, lbfgs, IterationMonitor.NONE);
        assertSame(UjmSolveReport.of(full, Theorem33Tolerances.DEFAULT, 0), demo.ujm().get(0).report());
        assertSame(UjmSolveReport.of(UjmSolver.solve(paper, lbfgs.withMaxIterations(3), IterationMonitor.NONE),
                Theorem33Tolerances.DEFAULT, 0), demo.ujm().get(1).report());
        assertSame(UjmSolveReport.of(full, Theorem33Tolerances.DEFAULT, 1e-6), demo.ujm().get(2).report());
        UjmProblem conv = UjmProblem.binary(16384, 16, 1e-2, Loss.LOGISTIC, 1.0, 0);
        assertSame(UjmSolveReport.of(UjmSolver.solve(conv, SolverSettings.defaults(SolverKind.FACTORED, 0),
                IterationMonitor.NONE), Theorem33Tolerances.DEFAULT, 0), demo.ujm().get(3).report());
        assertTrue(demo.ujm().get(0).report().success());
        assertFalse(demo.ujm().get(1).report().success());
    }

    @Test
    void theTheorem31RunsAreTheChecksOwn() throws IOException {
        double[] sweep = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.3, 1};
        assertSame(Theorem31Report.compute(new Theorem31Report.Inputs(64, 32, 0, "none", 0,
                Theorem31Check.DEFAULT_TOLERANCE, 10, sweep, List.of("ra2", "ra3", "ra4")), Theorem31Folder.files(true)),
                demo.thm31().get(0).report());
        assertSame(Theorem31Report.compute(new Theorem31Report.Inputs(64, 32, 0, "ra2", 1e-3,
                Theorem31Check.DEFAULT_TOLERANCE, 10, new double[0], List.of()), List.of()),
                demo.thm31().get(1).report());
    }

    @Test
    void theAuditIsTheAuditsOwn() throws IOException {
        AuditSettings settings = new AuditSettings(0, false);
        assertSame(ProofAudit.run(ProofAudit.all(), settings, ProofAudit.Listener.NONE), demo.audit());
        assertSame(ProofAudit.audit(Controls.planted(), settings), demo.planted());
        assertTrue(demo.plantedRejected());
    }

    /** The same network trained and compared directly gives the same comparison. */
    @Test
    void theBridgeRunIsTheTrainersOwn() throws IOException {
        Path model = dir.resolve("type-4a.zip");
        DatasetSpec dataset = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", 256, 128, 0);
        Trainer.train(new ResNetSpec(ModelType.T4A, 16, 4, 2), dataset, dataset.load(),
                new TrainingSettings(4, 128, 0.1, 0, 1e-2, 0, 0), model, false, TrainingMonitor.NONE);
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        CompareReport direct = CompareReport.of("demo bridge-compare", "type-4a.zip", loaded, dataset.load(),
                new AnalysisSettings(4, 6, 0), n -> { }, System.nanoTime());
        assertSame(direct, demo.bridge().report());
        assertTrue(demo.bridge().truncatedRejected());
    }

    @Test
    void theReportFolderHoldsEveryRun() throws IOException {
        Path out = dir.resolve("demo");
        Demo.write(out, demo);
        for (String f : List.of("demo.json", "summary.md", "ujm-solve.json", "control-early-stop.json",
                "control-perturbed-aligned.json", "ujm-factored.json", "thm31/thm31.json", "thm31/sweep.png",
                "control-thm31-ra2.json", "proofs/audit.json", "proofs/audit.md", "control-proofs-planted.json",
                "bridge/compare.json", "bridge/summary.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        for (Demo.Entry e : demo.report().runs()) {
            Path target = out.resolve(e.file());
            assertTrue(Files.isRegularFile(target), e.name() + " → " + e.file());
        }
        assertEquals(Json.toJson(demo.report()), Files.readString(out.resolve("demo.json")));
        assertEquals(List.of("command", "seed", "versions", "seconds", "verdict", "runs"), fieldNames(
                Json.mapper().readTree(out.resolve("demo.json").toFile())));
        assertEquals(List.of("name", "description", "expected", "verdict", "asExpected", "file"), fieldNames(
                Json.mapper().readTree(out.resolve("demo.json").toFile()).get("runs").get(0)));
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("Verdict: **holds**"), summary);
        assertTrue(summary.contains("| [control-early-stop](control-early-stop.json) |"), summary);
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Two reports are the same but for their wall times. */
    private static void assertSame(Object expected, Object actual) throws IOException {
        assertEquals(ReproductionTest.withoutWallTimes(Json.toJson(expected)),
                ReproductionTest.withoutWallTimes(Json.toJson(actual)));
    }
}
