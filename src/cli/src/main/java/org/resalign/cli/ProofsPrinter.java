package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.resalign.proofs.AuditMarkdown;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.PaperNote;
import org.resalign.proofs.Status;
import org.resalign.proofs.StepResult;
import org.resalign.proofs.TheoremAudit;

/** The table of {@code proofs}. */
final class ProofsPrinter {

    private ProofsPrinter() {
    }

    /** Every step and its twin per theorem, where the paper is wrong or unclear, and the totals. */
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
