package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.proofs.AuditFolder;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.AuditSettings;
import org.resalign.proofs.AuditedProof;
import org.resalign.proofs.ProofAudit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign proofs}: the audit of every step of the proofs of Theorems 3.1 and 3.3 (App. A and B). */
@Command(name = "proofs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks every step of the proofs of Theorem 3.1 (App. A) and Theorem 3.3 (App. B): "
                + "symbolically (Symja), exactly (rational arithmetic) or numerically with the worst slack, each "
                + "beside a deliberately false twin that must be refuted with a counterexample. Prints a table, "
                + "writes audit.json and audit.md, and lists where the paper's text is wrong or unclear.",
                "Exit code 0 only if every true step holds and every false twin is refuted; 1 otherwise."})
public final class ProofsCommand implements Callable<Integer> {

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
        AuditFolder.write(out, report);
        PrintWriter human = json.human();
        ProofsPrinter.print(report, human);
        human.println("audit: " + out.toAbsolutePath().resolve("audit.md"));
        human.flush();
        json.write(report);
        return report.passes() ? Main.HOLDS : Main.FAILS;
    }
}
