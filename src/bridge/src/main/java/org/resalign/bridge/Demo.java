package org.resalign.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.opt.IterationMonitor;
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
import org.resalign.proofs.AuditFolder;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.AuditSettings;
import org.resalign.proofs.Controls;
import org.resalign.proofs.ProofAudit;
import org.resalign.proofs.Status;
import org.resalign.proofs.StepResult;

/**
 * {@code resalign demo}, the embedded default: solves the paper's binary UJM (Definition 3.2; D = 64, L = 8,
 * λ = 1e-2) over full matrices and checks Theorem 3.3 (§3.3, App. B), with two negative controls the check must reject
 * (the same solve stopped after 3 iterations, and judged against its aligned objective perturbed by 1e-6); solves the
 * paper's convolutional size D = 16384, L = 16 with the factored solver; checks Theorem 3.1 (§3.2, App. A) at D = 64,
 * L = 32 with a sweep of the three violations and a negative control (the aligned direction turned by 1e-3 rad per
 * block must break RA1); audits the proofs of both theorems beside a planted false step the audit must reject; and
 * trains a type-4a ResNet (§2.1; D = 16, L = 4, 4 epochs on the synthetic mixture) to compare with the UJM optimum,
 * with a truncated copy of its model file that must be refused. {@link #write} writes the report folder: one JSON per
 * run, {@code demo.json} and {@code summary.md}.
 */
public final class Demo {

    /** What the demo reports as it goes. Every method does nothing by default. */
    public interface Listener extends Reproduction.Listener {

        /** The solve of run {@code run} starts with this iteration budget; the monitor is told each iteration. */
        default IterationMonitor solving(String run, int maxIterations) {
            return IterationMonitor.NONE;
        }

        /** That solve ended. */
        default void solved(String run) {
        }

        /** Run {@code run} is judged next: its name and what it is. */
        default void begin(String run, String description) {
        }

        /** A UJM run was judged by Theorem 3.3. */
        default void judged(UjmRun run) {
        }

        /** A Theorem 3.1 run was checked. */
        default void checked(Thm31Run run) {
        }

        /** The proof audit of {@code steps} steps starts; the listener is told each step audited. */
        default ProofAudit.Listener auditing(int steps) {
            return ProofAudit.Listener.NONE;
        }

        /** The proof audit ended. */
        default void audited(AuditReport audit) {
        }

        /** The planted false step was audited; {@code rejected} when the audit rejected it. */
        default void planted(StepResult planted, boolean rejected) {
        }

        /** The trained network was compared with the UJM optimum and its truncated file tried. */
        default void compared(BridgeRun run) {
        }
    }

    /** A UJM run: its Theorem 3.3 report and whether the outcome is the expected one. */
    public record UjmRun(String name, String description, boolean expectHolds, UjmSolveReport report) {
        public boolean asExpected() {
            return report.success() == expectHolds;
        }
    }

    /** A Theorem 3.1 run: its report and whether the outcome is the expected one. */
    public record Thm31Run(String name, String description, boolean expectHolds, Theorem31Report report) {
        public boolean asExpected() {
            return report.verdict().equals("holds") == expectHolds;
        }
    }

    /**
     * The trained network beside the UJM optimum, and its model file cut in half.
     *
     * @param refusal the message refusing the truncated file ({@code null} when it was accepted)
     */
    public record BridgeRun(CompareReport report, boolean truncatedRejected, String refusal) {
        public boolean asExpected() {
            return report.success();
        }
    }

    /** One run's line in {@code demo.json}. */
    public record Entry(String name, String description, String expected, String verdict, boolean asExpected,
                        String file) {
        Entry(String name, String description, boolean expectHolds, String verdict, boolean asExpected, String file) {
            this(name, description, expectHolds ? "holds" : "fails", verdict, asExpected, file);
        }
    }

    /** The JSON of {@code demo}: {@code holds} when every run's outcome is the expected one. */
    public record Report(String command, long seed, Map<String, String> versions, double seconds, String verdict,
                         List<Entry> runs) {

        /** The report of these runs. */
        public static Report of(long seed, double seconds, List<Entry> runs) {
            boolean ok = runs.stream().allMatch(Entry::asExpected);
            return new Report("demo", seed, Versions.all(), seconds, ok ? "holds" : "fails", List.copyOf(runs));
        }

        public boolean holds() {
            return verdict.equals("holds");
        }
    }

    /** Everything the demo ran, for its report folder. */
    public record Result(Report report, List<UjmRun> ujm, List<Thm31Run> thm31, AuditReport audit,
                         StepResult planted, boolean plantedRejected, BridgeRun bridge) {
    }

    /** The sweep of each violation of Theorem 3.1's assumptions. */
    static final double[] SWEEP = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.3, 1};

    private Demo() {
    }

    /** Runs the demo with {@code seed} for every run. */
    public static Result run(long seed, Listener listener) {
        long t0 = System.nanoTime();
        UjmProblem paper = UjmProblem.binary(64, 8, 1e-2, Loss.LOGISTIC, 1.0, seed);
        SolverSettings lbfgs = SolverSettings.defaults(SolverKind.LBFGS, seed);
        UjmProblem conv = UjmProblem.binary(16384, 16, 1e-2, Loss.LOGISTIC, 1.0, seed);
        UjmSolution paperSolution = solve("ujm-solve", paper, lbfgs, listener);
        List<UjmRun> ujm = new ArrayList<>();
        ujm.add(judge("ujm-solve", "binary UJM, D=64 L=8 λ=1e-2, L-BFGS over full matrices", true, paperSolution, 0,
                listener));
        ujm.add(judge("control-early-stop", "negative control: the same solve stopped after 3 iterations", false,
                solve("control-early-stop", paper, lbfgs.withMaxIterations(3), listener), 0, listener));
        ujm.add(judge("control-perturbed-aligned",
                "negative control: the first solve judged against its aligned objective perturbed by 1e-6 relative",
                false, paperSolution, 1e-6, listener));
        ujm.add(judge("ujm-factored", "binary UJM at the paper's convolutional size, D=16384 L=16, "
                + "factored rank-1 solver", true,
                solve("ujm-factored", conv, SolverSettings.defaults(SolverKind.FACTORED, seed), listener), 0,
                listener));
        List<Thm31Run> thm31 = new ArrayList<>();
        thm31.add(check("thm31", "Theorem 3.1: J_i = (1/i)·uuᵀ, D=64 L=32, with a sweep of the three "
                + "violations; figures in thm31/", true, new Theorem31Report.Inputs(64, 32, seed, "none", 0,
                        Theorem31Check.DEFAULT_TOLERANCE, 10, SWEEP.clone(), List.of("ra2", "ra3", "ra4")),
                Theorem31Folder.files(true), listener));
        thm31.add(check("control-thm31-ra2", "negative control: the aligned direction turned by 1e-3 rad per "
                + "block must break RA1", false, new Theorem31Report.Inputs(64, 32, seed, "ra2", 1e-3,
                        Theorem31Check.DEFAULT_TOLERANCE, 10, new double[0], List.of()), List.of(), listener));
        listener.begin("proofs", "every step of the proofs of Theorems 3.1 and 3.3, each beside a false twin");
        AuditSettings auditSettings = new AuditSettings(seed, false);
        AuditReport audit = ProofAudit.run(ProofAudit.all(), auditSettings,
                listener.auditing(ProofAudit.stepCount(ProofAudit.all())));
        listener.audited(audit);
        listener.begin("control-proofs-planted", "negative control: App. A's constant as read (1 + 1/4 telescoping to k) "
                + "planted as a true step, the correct product as its false twin");
        StepResult planted = ProofAudit.audit(Controls.planted(), auditSettings);
        boolean plantedRejected = planted.status() == Status.FAILS && planted.twin().status() == Status.NOT_REFUTED;
        listener.planted(planted, plantedRejected);
        BridgeRun bridge = bridge(seed, listener);
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<Entry> entries = new ArrayList<>();
        for (UjmRun r : ujm) {
            entries.add(new Entry(r.name(), r.description(), r.expectHolds(), r.report().verdict(), r.asExpected(),
                    r.name() + ".json"));
        }
        for (Thm31Run r : thm31) {
            entries.add(new Entry(r.name(), r.description(), r.expectHolds(), r.report().verdict(), r.asExpected(),
                    r.report().files().isEmpty() ? r.name() + ".json" : r.name() + "/thm31.json"));
        }
        entries.add(new Entry("proofs", "proof audit of Theorems 3.1 and 3.3: each step and its false twin", true,
                audit.verdict(), audit.passes(), "proofs/audit.md"));
        entries.add(new Entry("control-proofs-planted", "negative control: a false step planted in the proof audit",
                false, planted.passes() ? "holds" : "fails", plantedRejected, "control-proofs-planted.json"));
        entries.add(new Entry("bridge-compare", "a type-4a ResNet (D=16, L=4) trained 4 epochs on the synthetic "
                + "mixture, its RA figures beside the UJM optimum", true, bridge.report().verdict(),
                bridge.asExpected(), "bridge/compare.json"));
        entries.add(new Entry("control-bridge-truncated", "negative control: the same model file cut in half must be "
                + "refused", false, bridge.truncatedRejected() ? "refused" : "accepted", bridge.truncatedRejected(),
                "bridge/compare.json"));
        return new Result(Report.of(seed, seconds, entries), List.copyOf(ujm), List.copyOf(thm31), audit, planted,
                plantedRejected, bridge);
    }

    private static UjmSolution solve(String name, UjmProblem problem, SolverSettings settings, Listener listener) {
        try {
            return UjmSolver.solve(problem, settings, listener.solving(name, settings.maxIterations()));
        } finally {
            listener.solved(name);
        }
    }

    private static UjmRun judge(String name, String description, boolean expectHolds, UjmSolution solution,
                                double perturbation, Listener listener) {
        listener.begin(name, description);
        UjmRun r = new UjmRun(name, description, expectHolds,
                UjmSolveReport.of(solution, Theorem33Tolerances.DEFAULT, perturbation));
        listener.judged(r);
        return r;
    }

    private static Thm31Run check(String name, String description, boolean expectHolds,
                                  Theorem31Report.Inputs inputs, List<String> files, Listener listener) {
        listener.begin(name, description);
        Thm31Run r = new Thm31Run(name, description, expectHolds, Theorem31Report.compute(inputs, files));
        listener.checked(r);
        return r;
    }

    /**
     * Trains a small type-4a ResNet on the synthetic mixture (seconds, one ND4J thread), compares it with the UJM
     * optimum, and checks that a truncated copy of its model file is refused.
     */
    private static BridgeRun bridge(long seed, Listener listener) {
        listener.begin("bridge-compare", "a type-4a ResNet (D=16, L=4) trained 4 epochs on the synthetic mixture, "
                + "beside the UJM optimum");
        Threads.use(1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("resalign-demo");
            Path model = dir.resolve("type-4a.zip");
            DatasetSpec dataset = DatasetSpec.mixture(new int[] {0, 1}, 256, seed);
            ResNetSpec net = new ResNetSpec(ModelType.T4A, 16, 4, 2);
            TrainingSettings settings = new TrainingSettings(4, RunDefaults.BATCH, RunDefaults.LEARNING_RATE,
                    RunDefaults.momentum(RunDefaults.OPTIMIZER), RunDefaults.WEIGHT_DECAY, seed, 0, 0,
                    TrainingEngine.DL4J, RunDefaults.OPTIMIZER, RunDefaults.DECAY_SCOPE);
            String label = net.type().optionName();
            long t0 = System.nanoTime();
            try {
                Trainer.train(net, dataset, dataset.load(), settings, model, false, listener.training(label));
            } finally {
                listener.trained(label);
            }
            ModelFile.Loaded loaded = ModelFile.read(model, false);
            AnalysisSettings analysis = new AnalysisSettings(4, 6, seed);
            CompareReport report;
            try {
                report = CompareReport.of("demo bridge-compare", "type-4a.zip", loaded, loaded.info().dataset().load(),
                        analysis, listener.analysing(label, analysis.inputs()), t0);
            } finally {
                listener.analysed(label);
            }
            Path cut = dir.resolve("truncated.zip");
            byte[] bytes = Files.readAllBytes(model);
            Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
            String refusal = null;
            try {
                ModelFile.read(cut, false);
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
            BridgeRun run = new BridgeRun(report, refusal != null, refusal);
            listener.compared(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's model: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    ReportFolder.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temporary folder; the system cleans it
                }
            }
        }
    }

    /**
     * Writes the report folder {@code out}, replaced as a whole: one JSON per run ({@code thm31/} and
     * {@code proofs/} as their own commands write them, {@code bridge/} as {@code bridge compare} does),
     * {@code demo.json} and {@code summary.md}.
     */
    public static void write(Path out, Result r) {
        ReportFolder.write(out, tmp -> {
            AnalysisFolder.writeInto(Files.createDirectory(tmp.resolve("bridge")), r.bridge().report());
            for (UjmRun u : r.ujm()) {
                Json.write(tmp.resolve(u.name() + ".json"), u.report());
            }
            for (Thm31Run t : r.thm31()) {
                if (t.report().files().isEmpty()) {
                    Json.write(tmp.resolve(t.name() + ".json"), t.report());
                } else {
                    Theorem31Folder.writeInto(Files.createDirectory(tmp.resolve(t.name())), t.report());
                }
            }
            AuditFolder.writeInto(Files.createDirectory(tmp.resolve("proofs")), r.audit());
            Json.write(tmp.resolve("control-proofs-planted.json"), r.planted());
            Json.write(tmp.resolve("demo.json"), r.report());
            AtomicFile.writeString(tmp.resolve("summary.md"), markdown(r));
        });
    }

    /** The report folder's {@code summary.md}. */
    static String markdown(Result r) {
        Report report = r.report();
        AuditReport audit = r.audit();
        StepResult planted = r.planted();
        StringBuilder sb = new StringBuilder();
        sb.append("# resalign demo\n\n");
        sb.append("resalign ").append(Versions.resalign()).append(", seed ").append(report.seed())
                .append(String.format(Locale.ROOT, ", %.1f s. Verdict: **%s**.%n%n", report.seconds(),
                        report.verdict()));
        sb.append("| run | what | objective | aligned objective | relative gap | max σ₂/σ₁ | iterations | seconds "
                + "| verdict | expected |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (UjmRun run : r.ujm()) {
            UjmSolveReport u = run.report();
            var v = u.theorem33().verdict();
            sb.append(String.format(Locale.ROOT, "| [%s](%s.json) | %s | %.15g | %.15g | %.2e | %.2e | %d | %.2f "
                            + "| %s | %s |%n", run.name(), run.name(), run.description(), u.objective(),
                    u.alignedObjective(), u.relativeGap(), v.structure().maxRankOneRatio(), u.iterations(),
                    u.seconds(), u.verdict(), run.expectHolds() ? "holds" : "fails"));
        }
        sb.append("\nTheorem 3.3 (paper §3.3, Appendix B) holds numerically when the solver's optimum equals the "
                + "aligned family's minimum to 1e-8 relative, no lower by 1e-10, and every Jacobian is rank one "
                + "(σ₂/σ₁ ≤ 1e-6) with aligned singular vectors, equal top singular values and w ∥ Δx.\n\n");
        sb.append("## Theorem 3.1\n\n");
        sb.append("| run | what | closed-form error | 1 − lineFraction | spacing CV | seconds | verdict | expected |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Thm31Run run : r.thm31()) {
            Theorem31Report t = run.report();
            String link = t.files().isEmpty() ? run.name() + ".json" : run.name() + "/summary.md";
            sb.append(String.format(Locale.ROOT, "| [%s](%s) | %s | %.2e | %.2e | %.2e | %.2f | %s | %s |%n",
                    run.name(), link, run.description(), t.predictionError(), t.ra1().lineDeficit(),
                    t.ra1().spacingCV(), t.seconds(), t.verdict(), run.expectHolds() ? "holds" : "fails"));
        }
        sb.append("\nTheorem 3.1 (paper §3.2, Appendix A) holds numerically when h_k = (k−1)uuᵀh_1 + h_1 to 1e-12 "
                + "relative and the trajectory is a line (√(1 − lineFraction) ≤ 1e-12) of equal steps (spacing CV ≤ "
                + "1e-12). The sweep in [thm31/summary.md](thm31/summary.md) shows how far RA1 degrades when RA2, RA3 "
                + "or RA4 is broken by ε.\n");
        sb.append("\n## Proof audit\n\n");
        sb.append(String.format(Locale.ROOT, "[proofs/audit.md](proofs/audit.md): %d of %d steps of the proofs of "
                        + "Theorems 3.1 and 3.3 hold and %d of %d false twins are refuted (%.1f s). The negative "
                        + "control [control-proofs-planted](control-proofs-planted.json) plants App. A's constant as read "
                        + "constant as a true step: the audit finds it %s and its correct twin %s.%n",
                audit.stepsHolding(), audit.steps(), audit.twinsRefuted(), audit.steps(), audit.seconds(),
                planted.status().label(), planted.twin().status().label()));
        return sb.toString();
    }
}
