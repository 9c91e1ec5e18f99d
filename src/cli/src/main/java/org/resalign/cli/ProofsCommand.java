package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;
import org.resalign.proofs.AuditMarkdown;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.AuditSettings;
import org.resalign.proofs.AuditedProof;
import org.resalign.proofs.PaperNote;
import org.resalign.proofs.ProofAudit;
import org.resalign.proofs.Status;
import org.resalign.proofs.StepResult;
import org.resalign.proofs.TheoremAudit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resalign proofs}: the audit of every step of the proofs of Theorems 3.1 and 3.3 (App. A and B). */
@Command(name = "proofs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks every step of the proofs of Theorem 3.1 (App. A) and Theorem 3.3 (App. B): "
                + "symbolically (Symja), exactly (rational arithmetic) or numerically with the worst slack, each "
                + "beside a deliberately false twin that must be refuted with a counterexample. Prints a table, "
                + "writes audit.json and audit.md, and lists where the paper's text is wrong or unclear.",
                "Exit code 0 only if every true step holds and every false twin is refuted; 1 otherwise."})
public final class ProofsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--theorem", paramLabel = "3.1|3.3", description = "Audit one theorem (default: both).")
    String theorem;

    @Option(names = "--thorough", description = "Longer sweeps: about ten times the instances, larger sizes.")
    boolean thorough;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random instances "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "resalign-proofs",
            description = "Folder for audit.json and audit.md (default ${DEFAULT-VALUE}); replaced as a whole.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        List<AuditedProof> proofs = ProofAudit.select(theorem);
        BadInputException.requireFolderOrAbsent(out);
        AuditReport report;
        try (Progress progress = Progress.of("proofs", ProofAudit.stepCount(proofs), quiet)) {
            report = ProofAudit.run(proofs, new AuditSettings(seed, thorough), (t, r) -> progress.step());
        }
        write(out, report);
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        print(report, human);
        human.println("audit: " + out.toAbsolutePath().resolve("audit.md"));
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return report.passes() ? Main.HOLDS : Main.FAILS;
    }

    /** Writes {@code audit.json} and {@code audit.md} into {@code folder}, atomically as a whole. */
    static void write(Path folder, AuditReport report) {
        ReportFolder.write(folder, tmp -> writeInto(tmp, report));
    }

    /** Writes {@code audit.json} and {@code audit.md} into an existing folder. */
    static void writeInto(Path folder, AuditReport report) throws java.io.IOException {
        Json.write(folder.resolve("audit.json"), report);
        AtomicFile.writeString(folder.resolve("audit.md"), AuditMarkdown.render(report));
    }

    static void print(AuditReport report, PrintWriter out) {
        for (TheoremAudit t : report.theorems()) {
            out.printf(Locale.ROOT, "proof audit  Theorem %s  %s%n", t.theorem(), t.section());
            out.printf(Locale.ROOT, "  %-4s %-9s %-7s %-36s %-12s %s%n", "step", "method", "status",
                    "worst (instances)", "twin", "counterexample");
            for (StepResult r : t.steps()) {
                out.printf(Locale.ROOT, "  %-4s %-9s %-7s %-36s %-12s %s%n", r.id(), r.method().label(),
                        r.status() == Status.HOLDS ? "holds" : "FAILS", figure(r), r.twin().status() == Status.REFUTED
                                ? "refuted" : "NOT REFUTED", shorten(AuditMarkdown.counterexample(
                                r.twin().evidence().counterexample()), 70));
                if (r.status() != Status.HOLDS) {
                    out.println("       " + r.evidence().detail());
                }
                if (r.twin().status() != Status.REFUTED) {
                    out.println("       twin: " + r.twin().evidence().detail());
                }
            }
            out.println("  where the paper is wrong or unclear:");
            for (PaperNote n : t.notes()) {
                out.printf(Locale.ROOT, "  - [%s] %s: %s%n", n.kind(), n.step(), n.text());
            }
            out.println();
        }
        out.printf(Locale.ROOT, "%d/%d steps hold, %d/%d false twins refuted, %s mode, seed %d, %.1f s%n",
                report.stepsHolding(), report.steps(), report.twinsRefuted(), report.steps(),
                report.inputs().thorough() ? "thorough" : "default", report.inputs().seed(), report.seconds());
        out.println("verdict: " + report.verdict().toUpperCase(Locale.ROOT));
    }

    private static String figure(StepResult r) {
        var e = r.evidence();
        if (Double.isNaN(e.worst())) {
            return e.measure() + " (" + e.instances() + ")";
        }
        return String.format(Locale.ROOT, "%s (%d)", Table.sci(e.worst()), e.instances());
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
