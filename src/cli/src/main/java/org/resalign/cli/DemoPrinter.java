package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import org.resalign.bridge.Demo;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.proofs.AuditReport;
import org.resalign.proofs.ProofAudit;
import org.resalign.proofs.StepResult;

/**
 * What {@code demo} prints as it goes: a heading per run, the run's table as its own command prints it and whether the
 * outcome is the expected one, with progress bars for the solves, the proof audit, the training and the analysis.
 */
final class DemoPrinter extends ProgressBars implements Demo.Listener {

    private final PrintWriter out;
    private Progress bar;

    DemoPrinter(PrintWriter out, boolean quiet) {
        super(out, quiet);
        this.out = out;
    }

    @Override
    public IterationMonitor solving(String run, int maxIterations) {
        bar = Progress.of(run, maxIterations, quiet);
        return bar;
    }

    @Override
    public void solved(String run) {
        closeBar();
    }

    @Override
    public void begin(String run, String description) {
        out.println("== " + run + ": " + description);
        out.flush();
    }

    @Override
    public void judged(Demo.UjmRun run) {
        UjmPrinter.solve(run.report(), out);
        expected(run.asExpected());
    }

    @Override
    public void checked(Demo.Thm31Run run) {
        Thm31Printer.print(run.report(), out);
        expected(run.asExpected());
    }

    @Override
    public ProofAudit.Listener auditing(int steps) {
        bar = Progress.of("proofs", steps, quiet);
        Progress b = bar;
        return (t, r) -> b.step();
    }

    @Override
    public void audited(AuditReport audit) {
        closeBar();
        out.printf(Locale.ROOT, "   %d/%d steps hold, %d/%d false twins refuted, %.1f s   (%s)%n%n",
                audit.stepsHolding(), audit.steps(), audit.twinsRefuted(), audit.steps(), audit.seconds(),
                audit.passes() ? "as expected" : "NOT as expected");
    }

    @Override
    public void planted(StepResult planted, boolean rejected) {
        out.printf(Locale.ROOT, "   step %s, twin %s   (%s)%n%n", planted.status().label(),
                planted.twin().status().label(), rejected ? "as expected" : "NOT as expected");
    }

    @Override
    public void compared(Demo.BridgeRun run) {
        BridgePrinter.analysis(run.report().analysis(), out);
        BridgePrinter.comparisons(run.report(), out);
        if (run.truncatedRejected()) {
            out.println("   control-bridge-truncated: refused: " + run.refusal());
        }
        out.println(run.asExpected() ? "   (as expected)" : "   (NOT as expected)");
        out.println();
    }

    /** The last lines: how many runs went as expected, the time, the report folder and the verdict. */
    static void summary(Demo.Report report, Path folder, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "demo: %d runs, %s, %.1f s; report in %s%n", report.runs().size(),
                report.holds() ? "all as expected" : "NOT all as expected", report.seconds(),
                folder.toAbsolutePath());
        out.println("verdict: " + (report.holds() ? "HOLDS" : "FAILS"));
        out.flush();
    }

    private void expected(boolean asExpected) {
        out.println(asExpected ? "   (as expected)" : "   (NOT as expected)");
        out.println();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
