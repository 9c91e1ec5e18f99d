package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.resalign.core.ra.ResidualAlignmentReport;
import org.resalign.core.thm31.Theorem31Report;
import org.resalign.core.thm31.Theorem31Sweep;

/** The table of {@code thm31}. */
final class Thm31Printer {

    private Thm31Printer() {
    }

    /** The closed form and RA1 checks, RA2–RA4 as measured on the constructed Jacobians, and the sweep. */
    static void print(Theorem31Report r, PrintWriter out) {
        Table t = new Table(out);
        Theorem31Report.Inputs in = r.inputs();
        t.title(String.format(Locale.ROOT, "thm31  D=%d L=%d seed=%d violate=%s%s", in.dim(), in.depth(), in.seed(),
                in.violation(), in.violation().equals("none") ? "" : " ε=" + Table.compact(in.epsilon())));
        t.check("closed form h_k=(k−1)uuᵀh_1+h_1", "max rel. error " + Table.sci(r.predictionError()) + " ≤ "
                + Table.sci(in.tolerance()), r.formulaHolds());
        t.check("RA1 on a line", "√(1 − lineFraction) " + Table.sci(Math.sqrt(r.ra1().lineDeficit())),
                Math.sqrt(r.ra1().lineDeficit()) <= in.tolerance());
        t.check("RA1 equispaced", "spacing CV " + Table.sci(r.ra1().spacingCV()),
                r.ra1().spacingCV() <= in.tolerance());
        ResidualAlignmentReport ra = r.ra();
        out.println();
        t.title("assumptions, as measured on the constructed Jacobians (k = " + ra.settings().k() + ")");
        t.row("RA2 mean alignment (i≠j)", String.format(Locale.ROOT, "%s   (random frames: %s)",
                Table.num(ra.ra2().meanOffDiagonal()), Table.num(ra.ra2().chanceLevel())));
        t.row("RA3 min energy in top 1", Table.num(ra.ra3().minEnergyTopC()));
        t.row("RA3 min σ₁/σ₂", Table.sci(ra.ra3().minRankGap()));
        if (ra.ra4() != null) {
            t.row("RA4 fit 1/σ₁ = a·i + b", String.format(Locale.ROOT, "a = %s, b = %s, R² = %s",
                    Table.num(ra.ra4().slope()), Table.sci(ra.ra4().intercept()), Table.num(ra.ra4().rSquared())));
        }
        t.row("seconds", String.format(Locale.ROOT, "%.2f", r.seconds()));
        if (!r.sweep().isEmpty()) {
            out.println();
            out.println("sweep: how far RA1 degrades (tolerance " + Table.sci(in.tolerance()) + ")");
            out.printf(Locale.ROOT, "  %-6s %-10s %-14s %-14s %-14s %s%n", "mode", "ε", "1−lineFraction",
                    "spacing CV", "pred. error", "RA1");
            for (Theorem31Sweep.Point p : r.sweep()) {
                out.printf(Locale.ROOT, "  %-6s %-10s %-14s %-14s %-14s %s%n", p.violation().optionName(),
                        Table.compact(p.epsilon()), Table.sci(p.lineDeficit()), Table.sci(p.spacingCV()),
                        Table.sci(p.predictionError()), p.ra1Holds() ? "holds" : "broken");
            }
        }
        out.println();
        out.println("verdict: " + r.verdict().toUpperCase(Locale.ROOT)
                + (in.violation().equals("none") ? "" : "  (a violation is expected to break RA1)"));
    }
}
