package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisSettings;
import org.resalign.bridge.CompareReport;
import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.RunDefaults;
import org.resalign.bridge.Threads;
import org.resalign.bridge.Trainer;
import org.resalign.bridge.TrainingSettings;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.report.ReportFolder;
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
import org.resalign.proofs.Status;
import org.resalign.proofs.StepResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resalign demo}: the embedded default. Solves the paper's binary UJM and checks Theorem 3.3, runs the two
 * negative controls that the check must reject, solves a convolution-sized instance with the factored solver, checks
 * Theorem 3.1 with a negative control, runs the proof audit beside a planted false step that it must reject, and
 * trains a small ResNet (the bridge) to compare with the UJM optimum;
 * writes a report folder with one JSON per run and a Markdown summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the embedded default: a UJM solve with the Theorem 3.3 check, its negative controls, "
                + "a factored solve at D = 16384, the Theorem 3.1 check with its sweep and a negative control, and "
                + "the proof audit with a planted false step, and a small ResNet trained in DL4J on synthetic data "
                + "beside the UJM optimum, with a truncated model file that must be refused; writes a report folder.",
                "Exit code 0 when every check holds and every negative control is rejected."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "resalign-demo",
            description = "Report folder (default ${DEFAULT-VALUE}); replaced as a whole when the demo finishes.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    /** One run of the demo and whether its outcome is the expected one. */
    record Run(String name, String description, boolean expectHolds, UjmSolveReport report) {
        boolean asExpected() {
            return report.success() == expectHolds;
        }
    }

    /** One Theorem 3.1 run of the demo and whether its outcome is the expected one. */
    record Thm31Run(String name, String description, boolean expectHolds, Theorem31Report report) {
        boolean asExpected() {
            return report.verdict().equals("holds") == expectHolds;
        }
    }

    /** The demo's JSON. */
    record DemoReport(String command, long seed, Map<String, String> versions, double seconds, String verdict,
                      List<Map<String, Object>> runs) {
    }

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        long t0 = System.nanoTime();
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        UjmProblem paper = UjmProblem.binary(64, 8, 1e-2, Loss.LOGISTIC, 1.0, seed);
        SolverSettings lbfgs = SolverSettings.defaults(SolverKind.LBFGS, seed);
        UjmProblem conv = UjmProblem.binary(16384, 16, 1e-2, Loss.LOGISTIC, 1.0, seed);
        UjmSolution paperSolution = solve("ujm-solve", paper, lbfgs);
        List<Run> runs = new ArrayList<>();
        runs.add(judge(human, "ujm-solve", "binary UJM, D=64 L=8 λ=1e-2, L-BFGS over full matrices", true,
                paperSolution, 0));
        runs.add(judge(human, "control-early-stop", "negative control: the same solve stopped after 3 iterations",
                false, solve("control-early-stop", paper, lbfgs.withMaxIterations(3)), 0));
        runs.add(judge(human, "control-perturbed-aligned",
                "negative control: the first solve judged against its aligned objective perturbed by 1e-6 relative",
                false, paperSolution, 1e-6));
        runs.add(judge(human, "ujm-factored", "binary UJM at the paper's convolutional size, D=16384 L=16, "
                + "factored rank-1 solver", true,
                solve("ujm-factored", conv, SolverSettings.defaults(SolverKind.FACTORED, seed)), 0));
        List<Thm31Run> thm31 = new ArrayList<>();
        double[] sweep = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.3, 1};
        thm31.add(check(human, "thm31", "Theorem 3.1: J_i = (1/i)·uuᵀ, D=64 L=32, with a sweep of the three "
                + "violations; figures in thm31/", true, new Theorem31Report.Inputs(64, 32, seed, "none", 0,
                        Theorem31Check.DEFAULT_TOLERANCE, 10, sweep, List.of("ra2", "ra3", "ra4")),
                Theorem31Folder.files(true)));
        thm31.add(check(human, "control-thm31-ra2", "negative control: the aligned direction turned by 1e-3 rad per "
                + "block must break RA1", false, new Theorem31Report.Inputs(64, 32, seed, "ra2", 1e-3,
                        Theorem31Check.DEFAULT_TOLERANCE, 10, new double[0], List.of()), List.of()));
        human.println("== proofs: every step of the proofs of Theorems 3.1 and 3.3, each beside a false twin");
        AuditSettings auditSettings = new AuditSettings(seed, false);
        AuditReport audit;
        try (Progress progress = Progress.of("proofs", ProofAudit.stepCount(ProofAudit.all()), quiet)) {
            audit = ProofAudit.run(ProofAudit.all(), auditSettings, (t, r) -> progress.step());
        }
        human.printf(Locale.ROOT, "   %d/%d steps hold, %d/%d false twins refuted, %.1f s   (%s)%n%n",
                audit.stepsHolding(), audit.steps(), audit.twinsRefuted(), audit.steps(), audit.seconds(),
                audit.passes() ? "as expected" : "NOT as expected");
        human.println("== control-proofs-planted: negative control: App. A's misprint (1 + 1/4 telescoping to k) "
                + "planted as a true step, the correct product as its false twin");
        StepResult planted = ProofAudit.audit(Controls.planted(), auditSettings);
        boolean plantedRejected = planted.status() == Status.FAILS && planted.twin().status() == Status.NOT_REFUTED;
        human.printf(Locale.ROOT, "   step %s, twin %s   (%s)%n%n", planted.status().label(),
                planted.twin().status().label(), plantedRejected ? "as expected" : "NOT as expected");
        BridgeRun bridge = bridgeRun(human);
        boolean ok = runs.stream().allMatch(Run::asExpected) && thm31.stream().allMatch(Thm31Run::asExpected)
                && audit.passes() && plantedRejected && bridge.asExpected() && bridge.truncatedRejected();
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<Map<String, Object>> summary = new ArrayList<>();
        for (Run r : runs) {
            summary.add(entry(r.name(), r.description(), r.expectHolds(), r.report().verdict(), r.asExpected(),
                    r.name() + ".json"));
        }
        for (Thm31Run r : thm31) {
            summary.add(entry(r.name(), r.description(), r.expectHolds(), r.report().verdict(), r.asExpected(),
                    r.report().files().isEmpty() ? r.name() + ".json" : r.name() + "/thm31.json"));
        }
        summary.add(entry("proofs", "proof audit of Theorems 3.1 and 3.3: each step and its false twin", true,
                audit.verdict(), audit.passes(), "proofs/audit.md"));
        summary.add(entry("control-proofs-planted", "negative control: a false step planted in the proof audit",
                false, planted.passes() ? "holds" : "fails", plantedRejected, "control-proofs-planted.json"));
        summary.add(entry("bridge-compare", "a type-4a ResNet (D=16, L=4) trained 4 epochs on the synthetic mixture, "
                + "its RA figures beside the UJM optimum", true, bridge.report().verdict(), bridge.asExpected(),
                "bridge/compare.json"));
        summary.add(entry("control-bridge-truncated", "negative control: the same model file cut in half must be "
                + "refused", false, bridge.truncatedRejected() ? "refused" : "accepted", bridge.truncatedRejected(),
                "bridge/compare.json"));
        DemoReport report = new DemoReport("demo", seed, Versions.all(), seconds, ok ? "holds" : "fails", summary);
        writeFolder(runs, thm31, audit, planted, report, bridge);
        human.println();
        human.printf(Locale.ROOT, "demo: %d runs, %s, %.1f s; report in %s%n", summary.size(),
                ok ? "all as expected" : "NOT all as expected", seconds, out.toAbsolutePath());
        human.println("verdict: " + (ok ? "HOLDS" : "FAILS"));
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return ok ? Main.HOLDS : Main.FAILS;
    }

    /** The demo's trained network, compared with the UJM, and whether its truncated file was refused. */
    record BridgeRun(CompareReport report, boolean truncatedRejected) {
        boolean asExpected() {
            return report.success();
        }
    }

    /**
     * Trains a small type-4a ResNet on the synthetic mixture (seconds, one ND4J thread), compares it with the UJM
     * optimum, and checks that a truncated copy of its model file is refused.
     */
    private BridgeRun bridgeRun(PrintWriter human) {
        human.println("== bridge-compare: a type-4a ResNet (D=16, L=4) trained 4 epochs on the synthetic mixture, "
                + "beside the UJM optimum");
        human.flush();
        Threads.use(1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("resalign-demo");
            Path model = dir.resolve("type-4a.zip");
            DatasetSpec dataset = DatasetSpec.mixture(new int[] {0, 1}, 256, seed);
            ResNetSpec net = new ResNetSpec(ModelType.T4A, 16, 4, 2);
            TrainingSettings settings = new TrainingSettings(4, RunDefaults.BATCH, RunDefaults.LEARNING_RATE,
                    RunDefaults.MOMENTUM, RunDefaults.WEIGHT_DECAY, seed, 0);
            long t0 = System.nanoTime();
            try (Progress bar = Progress.of("train 4a", 1, quiet)) {
                Trainer.train(net, dataset, dataset.load(), settings, model, false, BridgeTrainCommand.monitor(bar));
            }
            CompareReport report = BridgeCompareCommand.compare("demo bridge-compare", "type-4a.zip",
                    ModelFile.read(model, false), new AnalysisSettings(4, 6, seed), quiet, t0);
            BridgeAnalyzeCommand.print(report.analysis(), human);
            BridgeCompareCommand.print(report, human);
            Path cut = dir.resolve("truncated.zip");
            byte[] bytes = Files.readAllBytes(model);
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            boolean refused;
            try {
                ModelFile.read(cut, false);
                refused = false;
            } catch (IllegalArgumentException e) {
                refused = true;
                human.println("   control-bridge-truncated: refused: " + e.getMessage());
            }
            human.println(report.success() ? "   (as expected)" : "   (NOT as expected)");
            human.println();
            return new BridgeRun(report, refused);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the demo's model: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    ReportFolder.deleteTree(dir);
                } catch (java.io.IOException ignored) {
                    // a temporary folder; the system cleans it
                }
            }
        }
    }

    /** One run's line in {@code demo.json}. */
    private static Map<String, Object> entry(String name, String description, boolean expectHolds, String verdict,
                                             boolean asExpected, String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("expected", expectHolds ? "holds" : "fails");
        m.put("verdict", verdict);
        m.put("asExpected", asExpected);
        m.put("file", file);
        return m;
    }

    private UjmSolution solve(String name, UjmProblem problem, SolverSettings settings) {
        try (Progress progress = Progress.of(name, settings.maxIterations(), quiet)) {
            return UjmSolver.solve(problem, settings, progress);
        }
    }

    private static Run judge(PrintWriter human, String name, String description, boolean expectHolds,
                             UjmSolution solution, double perturbation) {
        human.println("== " + name + ": " + description);
        UjmSolveReport report = UjmSolveReport.of(solution, Theorem33Tolerances.DEFAULT, perturbation);
        UjmSolveCommand.print(report, human);
        Run r = new Run(name, description, expectHolds, report);
        human.println(r.asExpected() ? "   (as expected)" : "   (NOT as expected)");
        human.println();
        return r;
    }

    private static Thm31Run check(PrintWriter human, String name, String description, boolean expectHolds,
                                  Theorem31Report.Inputs inputs, List<String> files) {
        human.println("== " + name + ": " + description);
        Theorem31Report report = Theorem31Report.compute(inputs, files);
        Thm31Command.print(report, human);
        Thm31Run r = new Thm31Run(name, description, expectHolds, report);
        human.println(r.asExpected() ? "   (as expected)" : "   (NOT as expected)");
        human.println();
        return r;
    }

    private void writeFolder(List<Run> runs, List<Thm31Run> thm31, AuditReport audit, StepResult planted,
                             DemoReport report, BridgeRun bridge) {
        ReportFolder.write(out, tmp -> {
            BridgeCompareCommand.writeInto(Files.createDirectory(tmp.resolve("bridge")), bridge.report());
            for (Run r : runs) {
                Json.write(tmp.resolve(r.name() + ".json"), r.report());
            }
            for (Thm31Run r : thm31) {
                if (r.report().files().isEmpty()) {
                    Json.write(tmp.resolve(r.name() + ".json"), r.report());
                } else {
                    Path sub = java.nio.file.Files.createDirectory(tmp.resolve(r.name()));
                    Theorem31Folder.writeInto(sub, r.report());
                }
            }
            ProofsCommand.writeInto(Files.createDirectory(tmp.resolve("proofs")), audit);
            Json.write(tmp.resolve("control-proofs-planted.json"), planted);
            Json.write(tmp.resolve("demo.json"), report);
            AtomicFile.writeString(tmp.resolve("summary.md"), markdown(runs, thm31, audit, planted, report));
        });
    }

    private static String markdown(List<Run> runs, List<Thm31Run> thm31, AuditReport audit, StepResult planted,
                                   DemoReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("# resalign demo\n\n");
        sb.append("resalign ").append(Versions.resalign()).append(", seed ").append(report.seed())
                .append(String.format(Locale.ROOT, ", %.1f s. Verdict: **%s**.%n%n", report.seconds(),
                        report.verdict()));
        sb.append("| run | what | objective | aligned objective | relative gap | max σ₂/σ₁ | iterations | seconds "
                + "| verdict | expected |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            UjmSolveReport u = r.report();
            var v = u.theorem33().verdict();
            sb.append(String.format(Locale.ROOT, "| [%s](%s.json) | %s | %.15g | %.15g | %.2e | %.2e | %d | %.2f "
                            + "| %s | %s |%n", r.name(), r.name(), r.description(), u.objective(),
                    u.alignedObjective(), u.relativeGap(), v.structure().maxRankOneRatio(), u.iterations(),
                    u.seconds(), u.verdict(), r.expectHolds() ? "holds" : "fails"));
        }
        sb.append("\nTheorem 3.3 (paper §3.3, Appendix B) holds numerically when the solver's optimum equals the "
                + "aligned family's minimum to 1e-8 relative, no lower by 1e-10, and every Jacobian is rank one "
                + "(σ₂/σ₁ ≤ 1e-6) with aligned singular vectors, equal top singular values and w ∥ Δx.\n\n");
        sb.append("## Theorem 3.1\n\n");
        sb.append("| run | what | closed-form error | 1 − lineFraction | spacing CV | seconds | verdict | expected |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Thm31Run r : thm31) {
            Theorem31Report t = r.report();
            String link = t.files().isEmpty() ? r.name() + ".json" : r.name() + "/summary.md";
            sb.append(String.format(Locale.ROOT, "| [%s](%s) | %s | %.2e | %.2e | %.2e | %.2f | %s | %s |%n",
                    r.name(), link, r.description(), t.predictionError(), t.ra1().lineDeficit(),
                    t.ra1().spacingCV(), t.seconds(), t.verdict(), r.expectHolds() ? "holds" : "fails"));
        }
        sb.append("\nTheorem 3.1 (paper §3.2, Appendix A) holds numerically when h_k = (k−1)uuᵀh_1 + h_1 to 1e-12 "
                + "relative and the trajectory is a line (√(1 − lineFraction) ≤ 1e-12) of equal steps (spacing CV ≤ "
                + "1e-12). The sweep in [thm31/summary.md](thm31/summary.md) shows how far RA1 degrades when RA2, RA3 "
                + "or RA4 is broken by ε.\n");
        sb.append("\n## Proof audit\n\n");
        sb.append(String.format(Locale.ROOT, "[proofs/audit.md](proofs/audit.md): %d of %d steps of the proofs of "
                        + "Theorems 3.1 and 3.3 hold and %d of %d false twins are refuted (%.1f s). The negative "
                        + "control [control-proofs-planted](control-proofs-planted.json) plants App. A's misprinted "
                        + "constant as a true step: the audit finds it %s and its correct twin %s.%n",
                audit.stepsHolding(), audit.steps(), audit.twinsRefuted(), audit.steps(), audit.seconds(),
                planted.status().label(), planted.twin().status().label()));
        return sb.toString();
    }
}
