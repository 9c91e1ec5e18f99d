package org.resalign.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.resalign.core.plot.AlignmentGridPlot;
import org.resalign.core.plot.SingularValuePlot;
import org.resalign.core.plot.TrajectoryPlot;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * The figures of one {@link ResidualAlignmentReport}, after the paper's: the RA2 grid of {@code U_jᵀ J_i V_j}
 * (Figure 2) and its score matrix, the top singular values per block with {@code 1/σ₁} against depth (Figure 4), and
 * the trajectory projected on its top two principal directions (Figure 1); plus the Markdown that links them. (With a
 * zero Jacobian among the blocks, {@code 1/σ₁} has no finite plot and only the singular values are drawn.)
 */
public final class RaFigures {

    /** File names, in the order they are written. */
    public static final List<String> FILES = List.of("alignment-grid.png", "alignment-scores.png",
            "singular-values.png", "trajectory.png");

    private RaFigures() {
    }

    /**
     * Writes the figures into {@code folder}.
     *
     * @param report       the measurements
     * @param trajectories the trajectories {@code h_1 … h_{L+1}} to draw (at least the report's)
     * @param what         a short description for the titles, e.g. {@code "J_i = (1/i)·uuᵀ, D = 64"}
     */
    public static void write(Path folder, ResidualAlignmentReport report, List<double[][]> trajectories,
            String what) throws IOException {
        int[] kept = report.ra2().matrixBlocks();
        int[] keptLabels = new int[kept.length];
        for (int t = 0; t < kept.length; t++) {
            keptLabels[t] = kept[t] + 1;
        }
        int[] blocks = new int[report.depth()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = i + 1;
        }
        int k = report.ra2().k();
        // the figures are independent: they are drawn in parallel, each into its own image and file
        List<Figure> figures = new ArrayList<>();
        if (kept.length > 0) {
            figures.add(() -> AlignmentGridPlot.write(report.ra2().matrices(), keptLabels,
                    "RA2: Uⱼᵀ Jᵢ Vⱼ, top-" + k + " singular vectors — " + what, folder.resolve(FILES.get(0))));
        }
        figures.add(() -> AlignmentGridPlot.writeScores(report.ra2().scores(), blocks, String.format(Locale.ROOT,
                "RA2 alignment scores (random frames: %.3f) — %s", report.ra2().chanceLevel(), what),
                folder.resolve(FILES.get(1))));
        double[] sigma1 = new double[report.depth()];
        for (int i = 0; i < sigma1.length; i++) {
            sigma1[i] = report.topSingularValues()[i][0];
        }
        boolean allPositive = java.util.Arrays.stream(sigma1).allMatch(v -> v > 0);
        if (report.ra4() != null && allPositive) {
            figures.add(() -> SingularValuePlot.figure4(report.topSingularValues(), blocks, true,
                    report.ra4().slope(), report.ra4().intercept(), report.ra4().rSquared(), report.ra4().from(),
                    report.ra4().to(), "Residual Jacobian singular values — " + what, folder.resolve(FILES.get(2))));
        } else {
            figures.add(() -> SingularValuePlot.topSingularValues(report.topSingularValues(), blocks,
                    "Residual Jacobian singular values — " + what, true, folder.resolve(FILES.get(2))));
        }
        figures.add(() -> TrajectoryPlot.writeUnlabelled(trajectories, "RA1: representations h_1 … h_"
                + (report.depth() + 1) + " — " + what, folder.resolve(FILES.get(3))));
        try {
            figures.parallelStream().forEach(f -> {
                try {
                    f.write();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One figure's drawing and writing. */
    private interface Figure {
        void write() throws IOException;
    }

    /** The files {@link #write} makes for this report. */
    public static List<String> files(ResidualAlignmentReport report) {
        List<String> files = new ArrayList<>(FILES);
        if (report.ra2().matrixBlocks().length == 0) {
            files.remove(FILES.get(0));
        }
        return files;
    }

    /** A Markdown table of RA1–RA4 and links to the figures. */
    public static String markdown(ResidualAlignmentReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("| property | metric | value |\n|---|---|---|\n");
        sb.append(row("RA1", "lineFraction (σ₁²/Σσ² of the centred trajectory)", fmt(r.ra1().lineFraction())));
        sb.append(row("RA1", "1 − lineFraction", sci(r.ra1().lineDeficit())));
        sb.append(row("RA1", "spacingCV (std/mean of ‖h_{i+1} − h_i‖)", sci(r.ra1().spacingCV())));
        sb.append(row("RA2", "mean alignment over i ≠ j (k = " + r.ra2().k() + ")", fmt(r.ra2().meanOffDiagonal())));
        sb.append(row("RA2", "chance level (random orthonormal frames)", fmt(r.ra2().chanceLevel())));
        sb.append(row("RA3", "min energy in the top C = " + r.ra3().rank() + " of the top " + r.ra3().topK(),
                fmt(r.ra3().minEnergyTopC())));
        sb.append(row("RA3", "min rank gap σ_C/σ_{C+1}", Double.isInfinite(r.ra3().minRankGap()) ? "∞ (rank ≤ C)"
                : sci(r.ra3().minRankGap())));
        if (r.ra4() != null) {
            sb.append(row("RA4", "1/σ₁ = a·i + b on blocks " + r.ra4().from() + "–" + r.ra4().to(),
                    "a = " + fmt(r.ra4().slope()) + ", b = " + sci(r.ra4().intercept()) + ", R² = "
                            + fmt(r.ra4().rSquared())));
        }
        sb.append('\n');
        for (String f : files(r)) {
            sb.append("![").append(f.replace(".png", "")).append("](").append(f).append(")\n\n");
        }
        return sb.toString();
    }

    private static String row(String property, String metric, String value) {
        return "| " + property + " | " + metric + " | " + value + " |\n";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String sci(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
