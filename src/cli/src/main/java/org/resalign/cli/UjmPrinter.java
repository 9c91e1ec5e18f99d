package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.resalign.core.opt.StopReason;
import org.resalign.core.paths.AlignedPathCheck;
import org.resalign.core.paths.UjmPaths;
import org.resalign.core.search.Judgement;
import org.resalign.core.search.Outcome;
import org.resalign.core.search.Replay;
import org.resalign.core.ujm.JacobianStructure;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Check;
import org.resalign.core.ujm.Theorem33Sweep;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmSolveBenchmark;
import org.resalign.core.ujm.UjmSolveReport;

/** The tables of {@code ujm solve} (with {@code --replay}), {@code ujm paths}, {@code ujm sweep} and {@code ujm bench}. */
final class UjmPrinter {

    private UjmPrinter() {
    }

    /** The margin's share by path length, beside the binomial prediction and the count of paths of each length. */
    static void paths(UjmPaths.Report r, PrintWriter out) {
        Table t = new Table(out);
        var in = r.inputs();
        AlignedPathCheck a = r.aligned();
        t.title(String.format(Locale.ROOT, "ujm paths  D=%d L=%d λ=%s loss=%s N=%d C=%d seed=%d: the margin by path "
                + "length", in.dim(), in.depth(), Table.compact(in.lambda()), in.loss(), in.samples(), in.classes(),
                in.seed()));
        out.printf(Locale.ROOT, "  %3s  %-17s %-17s %s%n", "k", "pathShare", a != null ? "Binomial(L,p)" : "",
                "share of paths");
        for (int k = 0; k < r.pathShare().length; k++) {
            out.printf(Locale.ROOT, "  %3d  %-17s %-17s %s%n", k, Table.num(r.pathShare()[k]),
                    a != null ? Table.num(a.binomial()[k]) : "", Table.num(r.pathCountShare()[k]));
        }
        t.row("effectivePathLength", r.effectivePathLength());
        StringBuilder lesions = new StringBuilder();
        for (double v : r.lesionMarginRatio()) {
            lesions.append(lesions.length() == 0 ? "" : " ").append(Table.short4(v));
        }
        t.row("lesion margin ratio, i=1..L", lesions.toString());
        t.row("objective", r.solve().objective());
        if (a != null) {
            t.row("aligned s, p = s/(1+s)", Table.num(a.s()) + ", " + Table.num(a.p()));
            t.row("L·p", a.effectivePathLength());
            t.check("max |pathShare − binomial|", Table.sci(a.maxDeviation()) + " ≤ " + Table.sci(a.tolerance()),
                    a.maxDeviation() <= a.tolerance());
            t.check("max |lesion ratio − 1/(1+s)|", Table.sci(a.maxLesionDeviation()) + " ≤ "
                    + Table.sci(a.tolerance()), a.maxLesionDeviation() <= a.tolerance());
            t.row("Theorem 3.3", r.solve().verdict());
        }
        out.println();
        out.println("verdict: " + r.verdict().toUpperCase(Locale.ROOT));
        out.flush();
    }

    /** The solve's figures and, for one input and two classes, the Theorem 3.3 check line by line. */
    static void solve(UjmSolveReport r, PrintWriter out) {
        Table t = new Table(out);
        var in = r.inputs();
        t.title(String.format(java.util.Locale.ROOT,
                "ujm solve  D=%d L=%d λ=%s loss=%s N=%d C=%d ‖Δx‖=%s seed=%d solver=%s", in.dim(), in.depth(),
                Table.compact(in.lambda()), in.loss(), in.samples(), in.classes(), Table.compact(in.inputNorm()),
                in.seed(),
                in.solver()));
        t.row("objective", r.objective());
        if (r.alignedObjective() != null) {
            t.row("alignedObjective", r.alignedObjective());
            t.row("relativeGap", Table.sci(r.relativeGap()));
        }
        t.row("iterations", r.iterations() + "  (evaluations " + r.evaluations() + ", stopped on "
                + r.stopReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        t.row("gradientNorm", Table.sci(r.gradientNorm()));
        t.row("seconds", String.format(java.util.Locale.ROOT, "%.2f", r.seconds()));
        if (r.theorem33().applicable()) {
            Theorem33Verdict v = r.theorem33().verdict();
            out.println();
            t.title(String.format(java.util.Locale.ROOT, "Theorem 3.3 check (aligned optimum s=%s ω=%s)",
                    Table.num(v.alignedS()), Table.num(v.alignedOmega())));
            for (Theorem33Check c : v.checks()) {
                t.check("(" + c.condition().clause() + ") " + c.condition().statement(), c.condition().deficit()
                        + " " + Table.sci(c.measured()) + " ≤ " + Table.sci(c.threshold()), c.passed());
            }
        } else {
            JacobianStructure s = r.structure();
            out.println();
            t.title("Theorem 3.3 does not apply (it speaks of one input and two classes); measured structure:");
            t.row("max σ₂/σ₁", Table.sci(s.maxRankOneRatio()));
            t.row("1 − min |⟨u₁(J_i), u₁(J_j)⟩|", Table.sci(1 - s.minCrossLayerAlignment()));
            t.row("max σ₁ / min σ₁ − 1", Table.sci(s.singularValueSpread() - 1));
        }
        out.println();
        out.println("verdict: " + r.verdict().toUpperCase(java.util.Locale.ROOT)
                + (r.stopReason() == StopReason.MAX_ITERATIONS ? "  (the iteration budget ran out)" : ""));
        out.flush();
    }

    /** A replay's verdict after the solve's table. */
    static void replay(Replay r, PrintWriter out) {
        Judgement now = r.judgement();
        out.println();
        out.println("replay of " + r.file() + "  (conjecture " + r.conjecture() + ")");
        out.println("  " + now.measure() + " = " + Table.sci(now.value()) + " (stored " + Table.sci(r.stored().value())
                + "), threshold " + Table.sci(now.threshold()) + ": " + now.detail());
        out.println("  objective " + Table.num(r.objective()) + (r.identicalObjective()
                ? ", identical to the stored one bit for bit" : ", stored " + Table.num(r.storedObjective())
                + ": NOT identical"));
        out.println("replay: " + (r.confirmed() ? "CONFIRMED, the instance violates " + r.conjecture() + " again"
                : "NOT CONFIRMED, the instance now " + (now.outcome() == Outcome.HOLDS ? "satisfies "
                : "is inconclusive for ") + r.conjecture()));
        out.flush();
    }

    /** The sweep's table, how many grid points hold, and the verdict. */
    static void sweep(UjmSweepCommand.SweepReport report, PrintWriter out) {
        out.print(sweepTable(report));
        out.printf(Locale.ROOT, "%n%d of %d grid points hold; worst |relative gap| %.2e; %.1f s%n", report.holding(),
                report.points(), report.worstRelativeGap(), report.seconds());
        out.println("verdict: " + report.verdict().toUpperCase(Locale.ROOT));
        out.flush();
    }

    /** The sweep's rows as a Markdown table (printed, and written by {@code --markdown}). */
    static String sweepTable(UjmSweepCommand.SweepReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("| D | L | λ | objective | aligned objective | relative gap | max σ₂/σ₁ | 1 − min alignment "
                + "| max/min σ₁ − 1 | iterations | seconds | verdict |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Theorem33Sweep.Point r : report.rows()) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %.15g | %.15g | %.1e | %.1e | %.1e | %.1e | %d "
                            + "| %.2f | %s |%n", r.dim(), r.depth(), Table.compact(r.lambda()), r.objective(),
                    r.alignedObjective(), r.relativeGap(), r.maxRankOneRatio(), r.alignmentDeficit(),
                    r.singularValueSpread() - 1, r.iterations(), r.seconds(), r.verdict()));
        }
        return sb.toString();
    }

    /** Each run of both sides, the medians and the ratio. */
    static void bench(UjmSolveBenchmark.Report r, PrintWriter out) {
        var in = r.inputs();
        out.printf(Locale.ROOT, "ujm bench  D=%d L=%d λ=%s seed=%d, %d interleaved runs each; load %s -> %s%n",
                in.dim(), in.depth(), Table.compact(in.lambda()), in.seed(), in.repeats(), r.loadBefore(),
                r.loadAfter());
        out.printf(Locale.ROOT, "  %-22s %10s %10s %8s %8s %24s%n", "", "wall s", "solve s", "iters", "evals",
                "objective");
        for (int k = 0; k < r.ours().size(); k++) {
            var o = r.ours().get(k);
            out.printf(Locale.ROOT, "  %-22s %10.2f %10.2f %8d %8d %24.17g%n", "ujm solve #" + (k + 1),
                    o.wallSeconds(), o.solverSeconds(), o.iterations(), o.evaluations(), o.objective());
            var p = r.peer().get(k);
            out.printf(Locale.ROOT, "  %-22s %10.2f %10.2f %8d %8d %24.17g%n", "PyTorch #" + (k + 1) + " (" + p.threads()
                    + " thr)", p.wallSeconds(), p.solverSeconds(), p.iterations(), p.evaluations(), p.objective());
        }
        out.printf(Locale.ROOT, "  aligned objective %.17g; relative gap: ours %s, PyTorch %s%n", r.alignedObjective(),
                Table.sci(r.oursRelativeGap()), Table.sci(r.peerRelativeGap()));
        out.printf(Locale.ROOT, "  medians: ujm solve %.2f s, PyTorch %.2f s (torch %s, %d threads)%n",
                r.oursMedianSeconds(), r.peerMedianSeconds(), r.peerTorch(), r.peerThreads());
        out.printf(Locale.ROOT, "  solve alone: ours %.2f s, PyTorch %.2f s, ratio %.2f%n",
                r.oursMedianSolverSeconds(), r.peerMedianSolverSeconds(), r.solverRatio());
        out.printf(Locale.ROOT, "ratio (PyTorch / ujm solve, whole commands): %.2f%s%n", r.ratio(),
                r.bothReachedAlignedOptimum() ? "" : "  (NOT both at the aligned optimum)");
        out.flush();
    }
}
