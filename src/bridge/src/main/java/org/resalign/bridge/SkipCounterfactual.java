package org.resalign.bridge;

/**
 * The skip-connection counterfactual of paper Figure 6 (Type 4a against 4b, or 5a against 5b): Residual Alignment
 * should appear with skip connections and vanish without them.
 *
 * <p>RA2 decides, as in the figure: the excess alignment {@code e = mean alignment(i≠j) − chance level} of each
 * network. RA <em>appears</em> with skips when {@code e_with ≥} {@value #APPEARS}; it <em>vanishes</em> without
 * them when {@code e_without < e_with / 2}, i.e. removing the skips takes away at least half of the alignment above
 * chance. RA1, RA3 and RA4 are reported beside it.
 *
 * @param withSkips        summary of the network with skips
 * @param withoutSkips     summary of the network without
 * @param excessWith       {@code e_with}
 * @param excessWithout    {@code e_without}
 * @param appearsWithSkips {@code e_with ≥ 0.1}
 * @param vanishesWithout  {@code e_without < e_with/2}
 */
public record SkipCounterfactual(NetworkAnalysis.Summary withSkips, NetworkAnalysis.Summary withoutSkips,
        double excessWith, double excessWithout, boolean appearsWithSkips, boolean vanishesWithout) {

    /** Excess RA2 alignment over chance that counts as Residual Alignment. */
    public static final double APPEARS = 0.1;

    /** Judges two summaries. */
    public static SkipCounterfactual judge(NetworkAnalysis.Summary with, NetworkAnalysis.Summary without) {
        double ew = with.excess();
        double eo = without.excess();
        return new SkipCounterfactual(with, without, ew, eo, ew >= APPEARS, eo < ew / 2);
    }

    /** The paper's claim, both halves. */
    public boolean confirmed() {
        return appearsWithSkips && vanishesWithout;
    }
}
