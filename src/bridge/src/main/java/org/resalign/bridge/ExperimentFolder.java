package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.plot.AccuracyPlot;
import org.resalign.core.plot.AlignmentGridPlot;
import org.resalign.core.plot.RaSweepPlot;
import org.resalign.core.ra.AlignmentGrid;

/**
 * Writes an experiment's results next to its spec: {@code results.json}, {@code summary.md} (one column per network:
 * training time and speed, accuracies, the measured RA figures beside Theorem 3.1's prediction and the UJM optimum,
 * and the claim's verdict), a folder per network with the figures of paper Figures 1, 2 and 4, and the figures that
 * set the networks against each other: their RA2 grids side by side (Figures 3, 5, 6), {@code σ₁} against depth, and
 * for the classes experiment the aligned rank against {@code C}. A table gets {@code accuracy.png}.
 */
public final class ExperimentFolder {

    public static final String RESULTS = "results.json";
    public static final String SUMMARY = "summary.md";
    public static final String PANELS = "alignment-panels.png";
    public static final String SIGMA1 = "sigma1-by-depth.png";
    public static final String RANKS = "rank-vs-classes.png";
    public static final String ACCURACY = "accuracy.png";
    public static final String SPREAD = "spread-across-seeds.png";

    private ExperimentFolder() {
    }

    /** Writes everything into {@code folder} (which exists and is empty). */
    public static void writeInto(Path folder, ReproduceReport r) throws IOException {
        List<String> figures = new ArrayList<>();
        if (r.table() != null) {
            accuracyFigure(folder, r);
            figures.add(ACCURACY);
        } else {
            for (RunResult run : r.runs()) {
                Path dir = folder.resolve(run.label());
                Files.createDirectories(dir);
                AnalysisReport a = run.analysis().analysis();
                for (String f : AnalysisFolder.figures(dir, a)) {
                    figures.add(run.label() + "/" + f);
                }
                AtomicFile.writeString(dir.resolve(SUMMARY), AnalysisFolder.markdown(a) + run.analysis().markdown());
            }
            boolean ranks = r.claim().claim().equals(ExperimentSpec.Claim.RANK_GROWS_WITH_CLASSES.optionName());
            if (r.claim().seeds().size() > 1) {
                spread(folder, r, ranks);
                figures.add(0, SPREAD);
            }
            if (r.runs().size() > 1) {
                panels(folder, r, ranks);
                figures.add(r.claim().seeds().size() > 1 ? 1 : 0, PANELS);
                if (sigma1(folder, r)) {
                    figures.add(1, SIGMA1);
                }
                if (ranks) {
                    rankFigure(folder, r);
                    figures.add(1, RANKS);
                }
            }
        }
        Json.write(folder.resolve(RESULTS), r);
        AtomicFile.writeString(folder.resolve(SUMMARY), markdown(r, figures));
    }

    private static NetworkAnalysis.StageResult last(RunResult run) {
        return run.analysis().analysis().lastStage();
    }

    /**
     * The measurement the claim reads, per network and seed, with the seeds' mean and 95% interval: RA2's excess over
     * chance, or for the classes experiment the aligned rank.
     */
    private static void spread(Path folder, ReproduceReport r, boolean ranks) throws IOException {
        List<Long> seeds = r.claim().seeds();
        List<String> groups = r.runs().stream().map(RunResult::group).distinct().toList();
        double[][] values = new double[groups.size()][seeds.size()];
        double[] mean = new double[groups.size()];
        double[] half = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            for (int s = 0; s < seeds.size(); s++) {
                String group = groups.get(g);
                long seed = seeds.get(s);
                RunResult run = r.runs().stream().filter(x -> x.group().equals(group) && x.seed() == seed)
                        .findFirst().orElseThrow(() -> new IllegalStateException("no run " + group + " at seed "
                                + seed));
                NetworkAnalysis.Summary sum = last(run).summary();
                values[g][s] = ranks ? sum.alignedRank().mean() : sum.excess();
            }
            org.resalign.core.ra.ConfidenceInterval c = org.resalign.core.ra.ConfidenceInterval.of(values[g]);
            mean[g] = c.mean();
            half[g] = c.high() - c.mean();
        }
        String[] seedNames = seeds.stream().map(String::valueOf).toArray(String[]::new);
        String what = ranks ? "aligned rank (effective rank of diag Uⱼᵀ Jᵢ Vⱼ)" : "RA2 excess over chance";
        org.resalign.core.plot.SeedSpreadPlot.write(groups.toArray(String[]::new), seedNames, values, mean, half,
                r.spec().title() + " — " + what + ", one marker per seed", what + ", mean over inputs",
                folder.resolve(SPREAD));
    }

    /**
     * RA2 grids side by side, from the first analysed input of each network (of the first seed only, when there are
     * several): the full plotted grid, or for the
     * classes experiment (paper Figure 3's {@code U_{16}ᵀ J_9 V_{16}}) the blocks nearest the middle and the last.
     */
    private static void panels(Path folder, ReproduceReport r, boolean middleAndLast) throws IOException {
        List<AlignmentGridPlot.Panel> panels = new ArrayList<>();
        long firstSeed = r.runs().get(0).seed();
        for (RunResult run : r.runs()) {
            if (run.seed() != firstSeed) {
                continue;
            }
            NetworkAnalysis.StageResult s = last(run);
            if (s.inputs().isEmpty()) {
                continue;
            }
            AlignmentGrid g = s.inputs().get(0).report().ra2();
            int[] kept = g.matrixBlocks();
            int first = s.stage().from();
            double[][][][] m = g.matrices();
            int[] pick;
            if (middleAndLast && kept.length >= 2) {
                int middle = s.stage().depth() / 2; // 0-based block L/2, i.e. block L/2 + 1
                int near = 0;
                for (int t = 0; t < kept.length - 1; t++) {
                    if (Math.abs(kept[t] - middle) < Math.abs(kept[near] - middle)) {
                        near = t;
                    }
                }
                pick = new int[] {near, kept.length - 1};
            } else {
                pick = new int[kept.length];
                for (int t = 0; t < pick.length; t++) {
                    pick[t] = t;
                }
            }
            double[][][][] sub = new double[pick.length][pick.length][][];
            int[] labels = new int[pick.length];
            for (int a = 0; a < pick.length; a++) {
                labels[a] = kept[pick[a]] + first;
                for (int b = 0; b < pick.length; b++) {
                    sub[a][b] = m[pick[a]][pick[b]];
                }
            }
            NetworkAnalysis.Summary sum = s.summary();
            String title = String.format(Locale.ROOT, "%s: C = %d, RA2 excess over chance %.3f, aligned rank %.1f",
                    run.label(), run.training().spec().classes(), sum.excess(), sum.alignedRank().mean());
            panels.add(new AlignmentGridPlot.Panel(title, sub, labels));
        }
        if (!panels.isEmpty()) {
            AlignmentGridPlot.writePanels(panels, r.spec().title() + " — Uⱼᵀ Jᵢ Vⱼ at one training input",
                    middleAndLast ? 520 : 900, folder.resolve(PANELS));
        }
    }

    /** σ₁ of each block (mean over inputs) for every network of one depth, with the UJM optimum's for two or fewer. */
    private static boolean sigma1(Path folder, ReproduceReport r) throws IOException {
        int depth = last(r.runs().get(0)).stage().depth();
        if (r.runs().stream().anyMatch(run -> last(run).stage().depth() != depth)) {
            return false;
        }
        double[] x = new double[depth];
        for (int i = 0; i < depth; i++) {
            x[i] = last(r.runs().get(0)).stage().from() + i;
        }
        List<RaSweepPlot.Series> series = new ArrayList<>();
        for (RunResult run : r.runs()) {
            double[] s = last(run).summary().sigma1();
            if (Arrays.stream(s).allMatch(Double::isFinite)) {
                series.add(new RaSweepPlot.Series(run.label(), s));
            }
        }
        if (r.runs().size() <= 2) {
            for (RunResult run : r.runs()) {
                org.resalign.core.ra.ResidualAlignmentReport ujm = run.analysis().lastComparison().ujmRa();
                double[][] top = ujm == null ? new double[0][] : ujm.topSingularValues();
                if (top.length == depth) {
                    double[] u = new double[depth];
                    for (int i = 0; i < depth; i++) {
                        u[i] = top[i][0];
                    }
                    series.add(new RaSweepPlot.Series("UJM optimum for " + run.label(), u));
                }
            }
        }
        if (series.isEmpty()) {
            return false;
        }
        RaSweepPlot.write(x, series, "Top singular value of each block's Residual Jacobian", "block i",
                "σ₁(Jᵢ), mean over inputs", false, false, folder.resolve(SIGMA1));
        return true;
    }

    /** Paper Figure 3 as a number: the aligned and spectral effective ranks against {@code C}, beside {@code C} and {@code C−1}. */
    private static void rankFigure(Path folder, ReproduceReport r) throws IOException {
        List<RunResult> runs = new ArrayList<>(r.runs());
        runs.sort((a, b) -> Integer.compare(a.training().spec().classes(), b.training().spec().classes()));
        int n = runs.size();
        double[] c = new double[n];
        double[] aligned = new double[n];
        double[] spectral = new double[n];
        double[] cMinus1 = new double[n];
        for (int t = 0; t < n; t++) {
            NetworkAnalysis.Summary s = last(runs.get(t)).summary();
            c[t] = runs.get(t).training().spec().classes();
            aligned[t] = s.alignedRank().mean();
            spectral[t] = s.spectralRank().mean();
            cMinus1[t] = c[t] - 1;
        }
        RaSweepPlot.write(c, List.of(new RaSweepPlot.Series("aligned rank: diag of Uⱼᵀ Jᵢ Vⱼ, i ≠ j", aligned),
                new RaSweepPlot.Series("effective rank of Jᵢ (RA3)", spectral),
                new RaSweepPlot.Series("C (RA3's bound)", c), new RaSweepPlot.Series("C − 1", cMinus1)),
                "Rank of the Residual Jacobians against the number of classes", "number of classes C",
                "effective rank (participation ratio), mean over inputs", false, false, folder.resolve(RANKS));
    }

    private static void accuracyFigure(Path folder, ReproduceReport r) throws IOException {
        int n = r.table().size();
        String[] labels = new String[n];
        double[] measured = new double[n];
        double[] paper = new double[n];
        for (int t = 0; t < n; t++) {
            AccuracyTable.Row row = r.table().get(t);
            labels[t] = row.experiment() + " / " + row.label();
            measured[t] = row.testAccuracy();
            paper[t] = row.paperAccuracy() == null ? Double.NaN : row.paperAccuracy();
        }
        AccuracyPlot.write(labels, measured, paper, r.spec().title(), folder.resolve(ACCURACY));
    }

    /** The summary Markdown. */
    public static String markdown(ReproduceReport r, List<String> figures) {
        StringBuilder b = new StringBuilder("# ").append(r.spec().title()).append("\n\n");
        if (r.spec().paper() != null) {
            b.append("Paper: ").append(r.spec().paper().strip()).append("\n\n");
        }
        if (r.table() != null) {
            tableMarkdown(b, r.table());
        } else {
            b.append(String.format(Locale.ROOT, "Claim `%s`: **%s**. %s.%n%n", r.claim().claim(),
                    r.claim().holds() ? "holds" : "does not hold", r.claim().statement()));
            runsMarkdown(b, r);
        }
        b.append("Reproduce: `bin/resalign reproduce experiments/").append(r.experiment())
                .append(".yaml` (reuses the trained models in `experiments/").append(r.experiment())
                .append("-models/` when present, else trains them).\n\n");
        for (String f : figures) {
            b.append("![").append(f.replace(".png", "")).append("](").append(f).append(")\n\n");
        }
        return b.toString();
    }

    private static void runsMarkdown(StringBuilder b, ReproduceReport r) {
        List<RunResult> runs = r.runs();
        b.append("| |");
        for (RunResult run : runs) {
            b.append(' ').append(run.label()).append(" |");
        }
        b.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
        row(b, runs, "model", run -> {
            ResNetSpec s = run.training().spec();
            TrainingSettings t = run.training().training();
            return "type " + s.type().optionName() + ", D=" + s.width() + ", L=" + s.depth() + ", C=" + s.classes()
                    + (t.stochasticDepth() > 0 ? ", stochastic depth " + t.stochasticDepth() : "");
        });
        row(b, runs, "training", run -> {
            TrainingSettings t = run.training().training();
            int perClass = run.training().dataset().trainPerClass();
            return String.format(Locale.ROOT, "%d epochs, λ=%s, %s", t.epochs(), t.weightDecay(),
                    perClass == 0 ? "all training images" : perClass + " images per class");
        });
        row(b, runs, "training time (s)", run -> String.format(Locale.ROOT, "%.0f", run.training().trainingSeconds()));
        row(b, runs, "steps (steps/s)", run -> String.format(Locale.ROOT, "%d (%.1f)", run.training().steps(),
                run.training().stepsPerSecond()));
        row(b, runs, "test accuracy", run -> String.format(Locale.ROOT, "%.4f", run.training().testAccuracy()));
        row(b, runs, "train accuracy", run -> String.format(Locale.ROOT, "%.4f", run.training().trainAccuracy()));
        row(b, runs, "inputs analysed (dead)", run -> last(run).inputs().size() + " (" + last(run).deadInputs().size()
                + ")");
        int rows = runs.get(0).analysis().lastComparison().rows().size();
        for (int q = 0; q < rows; q++) {
            int qq = q;
            String name = ujmRow(runs.get(0), q).quantity();
            row(b, runs, name + " — network", run -> AnalysisFolder.fmt(ujmRow(run, qq).network()));
            if (runs.stream().anyMatch(run -> !Double.isNaN(ujmRow(run, qq).theorem31()))) {
                row(b, runs, name + " — Thm 3.1 from the network's RA2–4",
                        run -> AnalysisFolder.fmt(ujmRow(run, qq).theorem31()));
            }
            row(b, runs, name + " — UJM optimum", run -> AnalysisFolder.fmt(ujmRow(run, qq).ujm()));
            if (name.startsWith("RA2 chance")) {
                row(b, runs, "RA2 excess over chance — network", run -> AnalysisFolder.fmt(last(run).summary().excess()));
            }
            if (name.startsWith("RA3 energy")) {
                row(b, runs, "RA3 effective rank of Jᵢ — network", run -> AnalysisFolder.fmt(
                        last(run).summary().spectralRank().mean()));
                row(b, runs, "RA3 aligned rank (effective rank of diag Uⱼᵀ Jᵢ Vⱼ) — network",
                        run -> AnalysisFolder.fmt(last(run).summary().alignedRank().mean()));
            }
        }
        row(b, runs, "RA2 alignment of adjacent blocks — network", run -> AnalysisFolder.fmt(
                last(run).summary().alignmentAdjacent().mean()));
        row(b, runs, "RA2 score of Vⱼᵀ Jᵢ Uⱼ (left against right) — network", run -> AnalysisFolder.fmt(
                last(run).summary().alignmentTransposed().mean()));
        row(b, runs, "RA2 top pair (chance) — network", run -> AnalysisFolder.fmt(last(run).summary()
                .alignmentTop1().mean()) + " (" + AnalysisFolder.fmt(last(run).summary().chanceTop1().mean()) + ")");
        row(b, runs, "RA2 Frobenius cosine — network", run -> AnalysisFolder.fmt(
                last(run).summary().frobeniusCosine().mean()));
        row(b, runs, "RA3 blocks with their largest gap at ≤ C — network", run -> AnalysisFolder.fmt(
                last(run).summary().ra3GapFraction().mean()));
        row(b, runs, "RA4 late-window slope (R²) — network", run -> AnalysisFolder.fmt(last(run).summary()
                .ra4LateSlope().mean()) + " (" + AnalysisFolder.fmt(last(run).summary().ra4LateRSquared().mean())
                + ")");
        row(b, runs, "RA4 exponent α of σ₁ ∝ i^−α — network", run -> AnalysisFolder.fmt(
                last(run).summary().ra4Exponent().mean()));
        row(b, runs, "test accuracy — at initialisation", run -> String.format(Locale.ROOT, "%.4f",
                run.analysis().initial().testAccuracy()));
        row(b, runs, "RA2 excess over chance — at initialisation", run -> AnalysisFolder.fmt(
                run.analysis().initial().lastStage().summary().excess()));
        row(b, runs, "RA4 slope of 1/σ₁ — at initialisation", run -> AnalysisFolder.fmt(
                run.analysis().initial().lastStage().summary().ra4Slope().mean()));
        row(b, runs, "RA1 line fraction — at initialisation", run -> AnalysisFolder.fmt(
                run.analysis().initial().lastStage().summary().lineFraction().mean()));
        b.append('\n');
        b.append("Network figures are means over the analysed training inputs (the last stage for a network of two); "
                + "the UJM is solved for the same depth, λ and mean ‖h₁‖ (D = min(D, 32)); Theorem 3.1's column "
                + "chains the network's own measured RA2–4; \"at initialisation\" is the same analysis of the run's "
                + "initial weights (batch norm's statistics estimated at learning rate 0). Per-network tables with "
                + "standard deviations are in each network's folder.\n\n");
    }

    private static UjmComparison.Row ujmRow(RunResult run, int q) {
        return run.analysis().lastComparison().rows().get(q);
    }

    private static void row(StringBuilder b, List<RunResult> runs, String name,
            java.util.function.Function<RunResult, String> cell) {
        b.append("| ").append(name).append(" |");
        for (RunResult run : runs) {
            b.append(' ').append(cell.apply(run)).append(" |");
        }
        b.append('\n');
    }

    private static void tableMarkdown(StringBuilder b, List<AccuracyTable.Row> rows) {
        b.append("| experiment | network | model | C | training images | epochs | λ | test accuracy | paper (Table 1) "
                + "| training time (s) | steps/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (AccuracyTable.Row t : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | type %s, D=%d, L=%d%s | %d | %d | %d | %s | **%.4f** | %s "
                    + "| %.0f | %.1f |%n", t.experiment(), t.label(), t.type(), t.width(), t.depth(),
                    t.stochasticDepth() > 0 ? ", stochastic depth " + t.stochasticDepth() : "", t.classes(),
                    t.trainImages(), t.epochs(), t.weightDecay(), t.testAccuracy(),
                    t.paperAccuracy() == null ? "–" : String.format(Locale.ROOT, "%.3f", t.paperAccuracy()),
                    t.trainingSeconds(), t.stepsPerSecond()));
        }
        b.append('\n');
    }
}
