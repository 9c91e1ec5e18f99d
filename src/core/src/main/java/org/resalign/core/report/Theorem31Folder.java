package org.resalign.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Format;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.plot.RaSweepPlot;
import org.resalign.core.thm31.Theorem31Report;
import org.resalign.core.thm31.Theorem31Sweep;
import org.resalign.core.thm31.Violation;

/**
 * The report folder of {@code resalign thm31} (paper §3.2, App. A): {@code thm31.json}, {@code summary.md}, the RA
 * figures of the construction ({@link RaFigures}) and, for a sweep, {@code sweep.md} and {@code sweep.png}.
 */
public final class Theorem31Folder {

    /** Degradations below this are rounding; the sweep plot draws them at this level. */
    static final double ROUNDING_FLOOR = 1e-16;

    private Theorem31Folder() {
    }

    /** The files of the folder. */
    public static List<String> files(boolean sweep) {
        List<String> files = new ArrayList<>(List.of("thm31.json", "summary.md"));
        files.addAll(RaFigures.FILES);
        if (sweep) {
            files.add("sweep.png");
        }
        return files;
    }

    /** Writes the folder atomically, replacing {@code target}. */
    public static void write(Path target, Theorem31Report report) {
        ReportFolder.write(target, folder -> writeInto(folder, report));
    }

    /** Writes the files into an existing folder; the trajectory is rebuilt from the report's inputs. */
    public static void writeInto(Path folder, Theorem31Report report) throws IOException {
        double[][] trajectory = Theorem31Report.construction(report.inputs()).trajectory();
        Json.write(folder.resolve("thm31.json"), report);
        Theorem31Report.Inputs in = report.inputs();
        String what = String.format(Locale.ROOT, "%s, D = %d, L = %d", construction(in), in.dim(), in.depth());
        RaFigures.write(folder, report.ra(), List.<double[][]>of(trajectory), what);
        if (!report.sweep().isEmpty()) {
            writeSweepPlot(folder.resolve("sweep.png"), report);
        }
        AtomicFile.writeString(folder.resolve("summary.md"), markdown(report, what));
    }

    private static String construction(Theorem31Report.Inputs in) {
        String e = Format.compact(in.epsilon());
        switch (Violation.parse(in.violation())) {
            case RA2:
                return "RA2 broken: direction turns " + e + " rad per block";
            case RA3:
                return "RA3 broken: J_i = (1/i)(uuᵀ + " + e + "·wwᵀ)";
            case RA4:
                return "RA4 broken: σ₁(J_i) = i^-(1+" + e + ")";
            default:
                return "J_i = (1/i)·uuᵀ";
        }
    }

    private static void writeSweepPlot(Path png, Theorem31Report report) throws IOException {
        double[] eps = report.inputs().sweepEpsilons();
        List<RaSweepPlot.Series> series = new ArrayList<>();
        for (String mode : report.inputs().sweepModes()) {
            double[] deficit = new double[eps.length];
            double[] cv = new double[eps.length];
            int t = 0;
            for (Theorem31Sweep.Point p : report.sweep()) {
                if (p.violation().optionName().equals(mode)) {
                    deficit[t] = Math.max(p.lineDeficit(), ROUNDING_FLOOR);
                    cv[t] = Math.max(p.spacingCV(), ROUNDING_FLOOR);
                    t++;
                }
            }
            series.add(new RaSweepPlot.Series(mode + ": 1 − lineFraction", deficit));
            series.add(new RaSweepPlot.Series(mode + ": spacing CV", cv));
        }
        RaSweepPlot.write(eps, series, String.format(Locale.ROOT, "RA1 under a broken assumption (D = %d, L = %d)",
                report.inputs().dim(), report.inputs().depth()), "violation size ε",
                "RA1 degradation (values below 1e-16, rounding, drawn at 1e-16)", true, true, png);
    }

    static String markdown(Theorem31Report r, String what) {
        Theorem31Report.Inputs in = r.inputs();
        StringBuilder sb = new StringBuilder();
        sb.append("# Theorem 3.1 check: ").append(what).append("\n\n");
        sb.append(String.format(Locale.ROOT, "resalign %s, seed %d, %.2f s. Verdict: **%s** (tolerance %.0e).%n%n",
                Versions.resalign(), in.seed(), r.seconds(), r.verdict(), in.tolerance()));
        sb.append("Theorem 3.1 (paper §3.2, proof in App. A): with exact linearisations h_{i+1} = (I + J_i)h_i and "
                + "J_i = (1/i)·uuᵀ, h_k = (k−1)uuᵀh_1 + h_1, so the representations are equispaced on a line "
                + "(RA1).\n\n");
        sb.append("| check | figure | holds |\n|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| closed form h_k = (k−1)uuᵀh_1 + h_1 | max relative error %.2e | %s |%n",
                r.predictionError(), r.formulaHolds() ? "yes" : "no"));
        sb.append(String.format(Locale.ROOT, "| RA1: on a line | 1 − lineFraction %.2e (distance √ %.2e) | %s |%n",
                r.ra1().lineDeficit(), Math.sqrt(r.ra1().lineDeficit()),
                Math.sqrt(r.ra1().lineDeficit()) <= in.tolerance() ? "yes" : "no"));
        sb.append(String.format(Locale.ROOT, "| RA1: equispaced | spacing CV %.2e | %s |%n%n", r.ra1().spacingCV(),
                r.ra1().spacingCV() <= in.tolerance() ? "yes" : "no"));
        sb.append("## RA1–RA4 of the construction\n\n");
        sb.append(RaFigures.markdown(r.ra()));
        if (!r.sweep().isEmpty()) {
            sb.append("## Sweep: how far RA1 degrades\n\n");
            sb.append("| violation | ε | 1 − lineFraction | spacing CV | closed-form error | RA1 |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (Theorem31Sweep.Point p : r.sweep()) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.3e | %.3e | %.3e | %s |%n",
                        p.violation().optionName(), Format.compact(p.epsilon()), p.lineDeficit(), p.spacingCV(),
                        p.predictionError(), p.ra1Holds() ? "holds" : "broken"));
            }
            sb.append("\n![sweep](sweep.png)\n");
        }
        return sb.toString();
    }
}
