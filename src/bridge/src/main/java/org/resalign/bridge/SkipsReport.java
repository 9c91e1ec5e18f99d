package org.resalign.bridge;

import java.util.Locale;
import java.util.Map;

import org.resalign.core.io.Format;

/**
 * The JSON of {@code bridge skips}.
 *
 * @param command      {@code bridge skips}
 * @param seed         the training seed
 * @param versions     library versions
 * @param seconds      wall time (training included)
 * @param verdict      {@code confirmed} when RA appears with skips and vanishes without, else {@code not-confirmed}
 * @param with         training of the network with skips
 * @param without      training of the network without
 * @param withAnalysis its analysis
 * @param withoutAnalysis its analysis
 * @param result       the judgement
 */
public record SkipsReport(String command, long seed, Map<String, String> versions, double seconds, String verdict,
        TrainReport with, TrainReport without, AnalysisReport withAnalysis, AnalysisReport withoutAnalysis,
        SkipCounterfactual result) {

    /** The table of both networks: a row per figure, its label and each network's value to four digits. */
    public String[][] table() {
        NetworkAnalysis.Summary a = result.withSkips();
        NetworkAnalysis.Summary b = result.withoutSkips();
        return new String[][] {
            {"test accuracy", f(with.testAccuracy()), f(without.testAccuracy())},
            {"RA1 line fraction", f(a.lineFraction().mean()), f(b.lineFraction().mean())},
            {"RA1 spacing CV", f(a.spacingCV().mean()), f(b.spacingCV().mean())},
            {"RA2 alignment i≠j", f(a.alignment().mean()), f(b.alignment().mean())},
            {"RA2 chance level", f(a.chanceAlignment().mean()), f(b.chanceAlignment().mean())},
            {"RA2 excess over chance", f(result.excessWith()), f(result.excessWithout())},
            {"RA3 log10 σ_C/σ_C+1", f(a.log10RankGap().mean()), f(b.log10RankGap().mean())},
            {"RA3 energy in top C", f(a.energyTopC().mean()), f(b.energyTopC().mean())},
            {"RA4 slope of 1/σ₁", f(a.ra4Slope().mean()), f(b.ra4Slope().mean())},
            {"RA4 R²", f(a.ra4RSquared().mean()), f(b.ra4RSquared().mean())},
        };
    }

    private static String f(double v) {
        return Format.fourDigits(v);
    }

    /** The report's {@code summary.md}: the setting, {@link #table} and the verdict. */
    public String markdown() {
        StringBuilder b = new StringBuilder("# Skip connections and Residual Alignment (paper Figure 6)\n\n");
        b.append(String.format(Locale.ROOT, "Type %s against %s, D = %d, L = %d, C = %d, %s, %d epochs, λ = %s, "
                + "seed %d; %d training inputs analysed.%n%n", with.spec().type().optionName(),
                without.spec().type().optionName(), with.spec().width(), with.spec().depth(),
                with.spec().classes(), with.dataset(), with.training().epochs(),
                with.training().weightDecay(), seed, withAnalysis.settings().inputs()));
        b.append("| | with skips | without |\n|---|---|---|\n");
        for (String[] row : table()) {
            b.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "%nRA appears with skips: **%s**. RA vanishes without them: **%s**. "
                + "Verdict: **%s**.%n", result.appearsWithSkips() ? "yes" : "no",
                result.vanishesWithout() ? "yes" : "no", verdict));
        return b.toString();
    }
}
