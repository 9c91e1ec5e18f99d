package org.resalign.bridge;

import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code bridge compare}: the network's analysis and, per stage, the UJM optimum beside it.
 *
 * @param command     {@code bridge compare}
 * @param seed        the analysis and UJM seed
 * @param versions    library versions
 * @param seconds     wall time
 * @param verdict     the UJM solve's verdict ({@code holds}/{@code converged} when its optimum was reached)
 * @param analysis    the network's measurements
 * @param initial     the same measurements of the network at initialisation ({@link InitialNetwork}), the baseline
 *                    paper Figure 2's caption names: alignment is absent there and emerges in training; {@code null}
 *                    for an imported network, whose initial weights are not known
 * @param comparisons one per stage
 */
public record CompareReport(String command, long seed, Map<String, String> versions, double seconds, String verdict,
        AnalysisReport analysis, AnalysisReport initial, List<UjmComparison.Result> comparisons) {

    /**
     * Analyses the model {@code loaded} (read from {@code model}) at its training inputs and solves the UJM beside
     * each stage ({@link UjmComparison}).
     *
     * @param progress told the number of each analysed input as it is finished
     * @param t0       {@link System#nanoTime()} at the start of the command, for {@code seconds}
     */
    public static CompareReport of(String command, String model, ModelFile.Loaded loaded, Split data,
            AnalysisSettings settings, java.util.function.IntConsumer progress, long t0) {
        return of(command, model, loaded, data, NetworkAnalysis.trainingInputs(data.train(), settings), null,
                settings, progress, t0);
    }

    /**
     * Analyses the model {@code loaded} at {@code inputs} and solves the UJM beside each stage. The network at
     * initialisation is measured at the same inputs when it can be rebuilt: for a network trained here whose data
     * {@code data} is; not for an imported one ({@code initial} is then {@code null}).
     *
     * @param data its training data (for the initial network's batch-norm statistics), or {@code null}
     * @param at   the file the inputs came from ({@code --at}), or {@code null} for training inputs
     */
    public static CompareReport of(String command, String model, ModelFile.Loaded loaded, Split data,
            List<NetworkAnalysis.Input> inputs, String at, AnalysisSettings settings,
            java.util.function.IntConsumer progress, long t0) {
        double lambda = loaded.info().weightDecay(java.nio.file.Path.of(model));
        AnalysisReport a = AnalysisReport.of(command, model, loaded, inputs, at, settings, progress);
        AnalysisReport initial = loaded.info().imported() || data == null ? null
                : AnalysisReport.atInitialisation(command, model, loaded.info(), data, inputs, at, settings);
        List<UjmComparison.Result> cs = new java.util.ArrayList<>();
        for (NetworkAnalysis.StageResult s : a.stages()) {
            cs.add(UjmComparison.of(s, a.spec().classes(), lambda, settings.seed()));
        }
        String verdict = cs.stream().map(UjmComparison.Result::verdict).distinct().reduce((x, y) -> x + "," + y)
                .orElse("none");
        return new CompareReport(command, settings.seed(), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9,
                verdict, a, initial, cs);
    }

    /** The side-by-side tables (network, UJM optimum, Theorem 3.1's prediction) as Markdown, one per stage. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (UjmComparison.Result c : comparisons) {
            if (c.skipped() != null) {
                b.append("## Network beside the UJM optimum\n\nNo UJM solved: ").append(c.skipped()).append(".\n\n");
            } else {
                b.append(String.format(java.util.Locale.ROOT, "## Network beside the UJM optimum%n%nUJM: D = %d, "
                        + "L = %d, λ = %s, ‖Δx‖ = %.4g, %d input(s), C = %d; solve verdict: %s.%n%n",
                        c.problem().dim(), c.problem().depth(), c.problem().lambda(), c.problem().inputNorm(),
                        c.problem().samples(), c.problem().classes(), c.solve().verdict()));
            }
            b.append("| quantity | network | UJM optimum | Theorem 3.1 from the network's RA2–4 |\n|---|---|---|---|\n");
            for (UjmComparison.Row row : c.rows()) {
                b.append("| ").append(row.quantity()).append(" | ").append(AnalysisFolder.fmt(row.network()))
                        .append(" | ").append(AnalysisFolder.fmt(row.ujm())).append(" | ")
                        .append(Double.isNaN(row.theorem31()) ? "" : AnalysisFolder.fmt(row.theorem31()))
                        .append(" |\n");
            }
            b.append("\n");
        }
        if (initial != null) {
            b.append(initialMarkdown());
        }
        return b.toString();
    }

    /** The trained network beside itself at initialisation, on the stage a verdict reads. */
    String initialMarkdown() {
        NetworkAnalysis.Summary t = analysis.lastStage().summary();
        NetworkAnalysis.Summary i = initial.lastStage().summary();
        StringBuilder b = new StringBuilder("## Trained network beside itself at initialisation\n\n");
        b.append("The same analysis at the same inputs of the run's initial weights, batch norm's statistics estimated "
                + "on " + InitialNetwork.CALIBRATION_STEPS + " training mini-batches at learning rate 0.\n\n");
        b.append("| quantity | trained | at initialisation |\n|---|---|---|\n");
        String[][] rows = {
            {"test accuracy", AnalysisFolder.fmt(analysis.testAccuracy()), AnalysisFolder.fmt(initial.testAccuracy())},
            {"RA1 line fraction", AnalysisFolder.fmt(t.lineFraction().mean()), AnalysisFolder.fmt(i.lineFraction().mean())},
            {"RA2 alignment", AnalysisFolder.fmt(t.alignment().mean()), AnalysisFolder.fmt(i.alignment().mean())},
            {"RA2 chance level", AnalysisFolder.fmt(t.chanceAlignment().mean()),
                AnalysisFolder.fmt(i.chanceAlignment().mean())},
            {"RA2 excess over chance", AnalysisFolder.fmt(t.excess()), AnalysisFolder.fmt(i.excess())},
            {"RA4 slope of 1/σ₁", AnalysisFolder.fmt(t.ra4Slope().mean()), AnalysisFolder.fmt(i.ra4Slope().mean())},
            {"RA4 R²", AnalysisFolder.fmt(t.ra4RSquared().mean()), AnalysisFolder.fmt(i.ra4RSquared().mean())},
        };
        for (String[] r : rows) {
            b.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
        }
        return b.append("\n").toString();
    }

    /** The comparison of the stage a verdict reads ({@link AnalysisReport#lastStage}). */
    public UjmComparison.Result lastComparison() {
        return comparisons.get(comparisons.size() - 1);
    }

    /** True when every UJM solve reached its optimum. */
    public boolean success() {
        return comparisons.stream().allMatch(UjmComparison.Result::success);
    }
}
