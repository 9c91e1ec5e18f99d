package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.ra.Stat;
import org.resalign.core.report.RaFigures;

/**
 * Writes an analysed network's figures (the RA2 grid, alignment scores, singular values with the RA4 fit, and the
 * trajectories of every analysed input: paper Figures 1, 2 and 4) and a Markdown summary into a folder. A network
 * with two stages (Type 3) gets a sub-folder per stage. The report folders of {@code bridge analyze},
 * {@code bridge compare} and {@code bridge skips}.
 */
public final class AnalysisFolder {

    private AnalysisFolder() {
    }

    /** Writes the figures of {@code r} into {@code folder} (which exists); returns the files written. */
    public static List<String> figures(Path folder, AnalysisReport r) throws IOException {
        List<String> files = new ArrayList<>();
        boolean split = r.stages().size() > 1;
        for (NetworkAnalysis.StageResult s : r.stages()) {
            if (s.inputs().isEmpty()) {
                continue;
            }
            Path dir = split ? folder.resolve("stage-" + s.stage().from() + "-" + s.stage().to()) : folder;
            Files.createDirectories(dir);
            List<double[][]> trajectories = new ArrayList<>();
            for (NetworkAnalysis.InputResult in : s.inputs()) {
                trajectories.add(in.trajectory());
            }
            String what = r.what() + (split ? ", blocks " + s.stage().from() + "–" + s.stage().to() : "");
            RaFigures.write(dir, s.inputs().get(0).report(), trajectories, what);
            for (String f : RaFigures.files(s.inputs().get(0).report())) {
                files.add(folder.relativize(dir.resolve(f)).toString());
            }
        }
        return files;
    }

    /** The summary table of {@code r} as Markdown. */
    public static String markdown(AnalysisReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.what()).append("\n\n");
        if (r.training() != null) {
            b.append(String.format(Locale.ROOT, "Model `%s`: train accuracy %.4f, test accuracy %.4f, λ = %s, %d "
                    + "epochs. ", r.model(), r.trainAccuracy(), r.testAccuracy(), r.training().weightDecay(),
                    r.training().epochs()));
        } else {
            b.append(String.format(Locale.ROOT, "Model `%s`, imported from `%s` (%s, SHA-256 %s). ", r.model(),
                    r.imported().file(), r.imported().producer(), r.imported().sha256()));
        }
        b.append(String.format(Locale.ROOT, "%d %s, k = %d, seed %d.%n%n", r.settings().inputs(), r.at() == null
                ? "training inputs" : "inputs from `" + r.at() + "`", r.settings().k(), r.seed()));
        for (NetworkAnalysis.StageResult s : r.stages()) {
            NetworkAnalysis.Summary m = s.summary();
            b.append(String.format(Locale.ROOT, "## Blocks %d–%d (D = %d)%n%n", s.stage().from(), s.stage().to(),
                    s.stage().dim()));
            if (!s.deadInputs().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%d of the analysed inputs do not move through these blocks "
                        + "(dead ReLUs) and are left out: %s.%n%n", s.deadInputs().size(), s.deadInputs()));
            }
            b.append("| property | measure | mean ± sd over inputs |\n|---|---|---|\n");
            row(b, "RA1", "line fraction σ₁²/Σσ²", m.lineFraction());
            row(b, "RA1", "spacing CV", m.spacingCV());
            row(b, "RA1 (Thm 3.1 from RA2–4)", "predicted line fraction", m.predictedLineFraction());
            row(b, "RA1 (Thm 3.1 from RA2–4)", "predicted spacing CV", m.predictedSpacingCV());
            row(b, "RA2", "mean alignment i≠j", m.alignment());
            row(b, "RA2", "chance level (random frames)", m.chanceAlignment());
            row(b, "RA2", "alignment of adjacent blocks |i−j| = 1", m.alignmentAdjacent());
            row(b, "RA2", "left against right: score of Vⱼᵀ Jᵢ Uⱼ", m.alignmentTransposed());
            row(b, "RA2", "top pair |u₁(Jⱼ)ᵀ Jᵢ v₁(Jⱼ)| / σ₁(Jᵢ)", m.alignmentTop1());
            row(b, "RA2", "top pair with random unit vectors", m.chanceTop1());
            row(b, "RA2", "Frobenius cosine |⟨Jᵢ, Jⱼ⟩| / ‖Jᵢ‖‖Jⱼ‖", m.frobeniusCosine());
            row(b, "RA3", "median log₁₀ σ_C/σ_{C+1}", m.log10RankGap());
            row(b, "RA3", "energy in top C", m.energyTopC());
            row(b, "RA3", "gap at ≤ C over the tail's largest (decades, median)", m.ra3GapExcess());
            row(b, "RA3", "share of blocks with their largest gap at ≤ C", m.ra3GapFraction());
            row(b, "RA4", "slope a of 1/σ₁ = a·i + b", m.ra4Slope());
            row(b, "RA4", "R²", m.ra4RSquared());
            row(b, "RA4", "late window (last ⌈L/2⌉ blocks): slope a", m.ra4LateSlope());
            row(b, "RA4", "late window: intercept b", m.ra4LateIntercept());
            row(b, "RA4", "late window: R²", m.ra4LateRSquared());
            row(b, "RA4", "exponent α of σ₁ ∝ i^−α", m.ra4Exponent());
            row(b, "RA4", "its R²", m.ra4ExponentRSquared());
            b.append("\n");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String property, String measure, Stat s) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s ± %s |%n", property, measure, fmt(s.mean()), fmt(s.sd())));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String.format(Locale.ROOT, "%.4f", v)
                : String.format(Locale.ROOT, "%.3e", v);
    }

    /** Writes {@code analysis.json}, {@code summary.md} and the figures into {@code folder}. */
    public static void writeInto(Path folder, AnalysisReport r) throws IOException {
        figures(folder, r);
        Json.write(folder.resolve("analysis.json"), r);
        AtomicFile.writeString(folder.resolve("summary.md"), markdown(r));
    }

    /** Writes {@code compare.json}, {@code summary.md} (the analysis and the comparison) and the figures. */
    public static void writeInto(Path folder, CompareReport r) throws IOException {
        figures(folder, r.analysis());
        Json.write(folder.resolve("compare.json"), r);
        AtomicFile.writeString(folder.resolve("summary.md"), markdown(r.analysis()) + r.markdown());
    }

    /**
     * Writes {@code skips.json}, {@code summary.md} and each network's figures, in {@code type-4a/} and
     * {@code type-4b/} (or 5a, 5b).
     */
    public static void writeInto(Path folder, SkipsReport r) throws IOException {
        Path a = folder.resolve("type-" + r.with().spec().type().optionName());
        Path b = folder.resolve("type-" + r.without().spec().type().optionName());
        Files.createDirectories(a);
        Files.createDirectories(b);
        figures(a, r.withAnalysis());
        figures(b, r.withoutAnalysis());
        Json.write(folder.resolve("skips.json"), r);
        AtomicFile.writeString(folder.resolve("summary.md"), r.markdown());
    }
}
