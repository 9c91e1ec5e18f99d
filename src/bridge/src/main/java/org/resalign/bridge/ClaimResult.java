package org.resalign.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hipparchus.stat.StatUtils;
import org.hipparchus.stat.inference.TTest;

/**
 * A paper claim judged on an experiment's networks ({@link ExperimentSpec.Claim}).
 *
 * <ul>
 * <li>{@code ra-appears} (Figures 1, 2, 4): RA2's excess alignment over random frames {@code e} is at least
 * {@value SkipCounterfactual#APPEARS}.</li>
 * <li>{@code skips-cause-ra} (Figure 6): {@link SkipCounterfactual}.</li>
 * <li>{@code stochastic-depth-amplifies} (Figure 5), {@code weight-decay-strengthens} (§2.3: "a large weight decay
 * ... does strengthen RA") and {@code longer-training-strengthens}: two networks that differ in that one setting;
 * at the same analysed inputs the one with the larger setting (the treatment) has the larger excess: the mean of the
 * paired differences {@code e_treatment − e_baseline} is positive with a paired t-statistic of at least
 * {@value #T_MIN}.</li>
 * <li>{@code rank-grows-with-classes} (Figure 3): the aligned rank ({@link NetworkAnalysis.Summary#alignedRank}) never
 * falls as {@code C} grows and is larger at the largest {@code C} than at the smallest.</li>
 * </ul>
 *
 * @param claim     the claim's name
 * @param holds     whether the measurements bear it out
 * @param statement one sentence with the numbers
 * @param figures   the numbers the judgement used, by name
 */
public record ClaimResult(String claim, boolean holds, String statement, Map<String, Double> figures) {

    /** Paired t-statistic that counts as amplification. */
    public static final double T_MIN = 2;

    /** The stage a claim reads ({@link AnalysisReport#lastStage}). */
    static NetworkAnalysis.StageResult lastStage(RunResult run) {
        return run.analysis().analysis().lastStage();
    }

    /** Judges {@code claim} on the experiment's runs. */
    public static ClaimResult judge(ExperimentSpec.Claim claim, List<RunResult> runs) {
        return switch (claim) {
            case RA_APPEARS -> appears(lastStage(runs.get(0)).summary());
            case SKIPS_CAUSE_RA -> skips(runs);
            case STOCHASTIC_DEPTH_AMPLIFIES, WEIGHT_DECAY_STRENGTHENS, LONGER_TRAINING_STRENGTHENS -> paired(claim,
                    runs);
            case RANK_GROWS_WITH_CLASSES -> {
                int[] cs = new int[runs.size()];
                double[] aligned = new double[runs.size()];
                double[] spectral = new double[runs.size()];
                for (int r = 0; r < cs.length; r++) {
                    NetworkAnalysis.Summary s = lastStage(runs.get(r)).summary();
                    cs[r] = runs.get(r).training().spec().classes();
                    aligned[r] = s.alignedRank().mean();
                    spectral[r] = s.spectralRank().mean();
                }
                yield rankGrows(cs, aligned, spectral);
            }
            case TABLE -> throw new IllegalStateException("a table has no networks to judge");
        };
    }

    static ClaimResult appears(NetworkAnalysis.Summary s) {
        double e = s.excess();
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("alignment", s.alignment().mean());
        f.put("chance", s.chanceAlignment().mean());
        f.put("excess", e);
        boolean holds = e >= SkipCounterfactual.APPEARS;
        return new ClaimResult(ExperimentSpec.Claim.RA_APPEARS.optionName(), holds, String.format(Locale.ROOT,
                "RA2 alignment %.3f against %.3f with random frames: excess %.3f %s %.1f", s.alignment().mean(),
                s.chanceAlignment().mean(), e, holds ? "≥" : "<", SkipCounterfactual.APPEARS), f);
    }

    static ClaimResult skips(List<RunResult> runs) {
        RunResult with = runs.stream().filter(r -> r.training().spec().type().skips()).findFirst()
                .orElseThrow(() -> new IllegalStateException("skips-cause-ra needs a run with skip connections"));
        RunResult without = runs.stream().filter(r -> !r.training().spec().type().skips()).findFirst()
                .orElseThrow(() -> new IllegalStateException("skips-cause-ra needs a run without skips"));
        SkipCounterfactual c = SkipCounterfactual.judge(lastStage(with).summary(),
                lastStage(without).summary());
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("excessWith", c.excessWith());
        f.put("excessWithout", c.excessWithout());
        return new ClaimResult(ExperimentSpec.Claim.SKIPS_CAUSE_RA.optionName(), c.confirmed(), String.format(
                Locale.ROOT, "RA2 excess over chance %.3f with skips (%s %.1f: %s) and %.3f without (%s half of it: "
                        + "%s)", c.excessWith(), c.appearsWithSkips() ? "≥" : "<", SkipCounterfactual.APPEARS,
                c.appearsWithSkips() ? "appears" : "does not appear", c.excessWithout(),
                c.vanishesWithout() ? "under" : "not under", c.vanishesWithout() ? "vanishes" : "does not vanish"), f);
    }

    /**
     * The paired comparison of two runs that differ in the claim's setting ({@link ExperimentSpec.Claim#setting}): the
     * run with the larger setting is the treatment, the other the baseline.
     */
    static ClaimResult paired(ExperimentSpec.Claim claim, List<RunResult> runs) {
        RunResult a = runs.get(0);
        RunResult b = runs.get(1);
        String what = claim.setting();
        double sa = claim.treatment(a.training().training());
        double sb = claim.treatment(b.training().training());
        if (sa == sb) {
            throw new IllegalStateException(claim.optionName() + " compares two runs that differ in " + what
                    + "; both have " + sa);
        }
        RunResult treatment = sa > sb ? a : b;
        RunResult baseline = sa > sb ? b : a;
        Map<Integer, Double> t = perInputExcess(lastStage(treatment));
        Map<Integer, Double> o = perInputExcess(lastStage(baseline));
        List<Double> diffs = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : t.entrySet()) {
            if (o.containsKey(e.getKey())) {
                diffs.add(e.getValue() - o.get(e.getKey()));
            }
        }
        return amplified(claim, what + " " + plain(Math.max(sa, sb)), what + " " + plain(Math.min(sa, sb)),
                diffs.stream().mapToDouble(Double::doubleValue).toArray(),
                lastStage(treatment).summary().excess(), lastStage(baseline).summary().excess());
    }

    /** A setting as a spec writes it: {@code 40}, {@code 0.3}, {@code 0}. */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Excess alignment per analysed input (by its index in the training set). */
    private static Map<Integer, Double> perInputExcess(NetworkAnalysis.StageResult s) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (NetworkAnalysis.InputResult in : s.inputs()) {
            m.put(in.index(), in.report().ra2().meanOffDiagonal() - in.report().ra2().chanceLevel());
        }
        return m;
    }

    /**
     * The treatment amplifies alignment when the paired differences {@code e_treatment − e_baseline} at the same
     * inputs have a positive mean with {@code t = mean/(sd/√n) ≥} {@value #T_MIN}.
     */
    static ClaimResult amplified(ExperimentSpec.Claim claim, String treatment, String baseline,
            double[] pairedDifferences, double excessTreatment, double excessBaseline) {
        int n = pairedDifferences.length;
        double mean = StatUtils.mean(pairedDifferences);
        // one-sample t against 0 with the sample variance; ±∞ (or NaN) when every difference is the same
        double t = n > 1 ? new TTest().t(0, pairedDifferences) : Double.NaN;
        boolean holds = n > 1 && t >= T_MIN;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("excessTreatment", excessTreatment);
        f.put("excessBaseline", excessBaseline);
        f.put("meanPairedDifference", mean);
        f.put("pairedT", t);
        f.put("pairs", (double) n);
        return new ClaimResult(claim.optionName(), holds, String.format(Locale.ROOT, "RA2 excess over chance %.3f "
                + "with %s against %.3f with %s; paired over %d inputs the difference is %+.3f (t = %.2f, %s %.0f)",
                excessTreatment, treatment, excessBaseline, baseline, n, mean, t, holds ? "≥" : "<", T_MIN), f);
    }

    /**
     * The aligned rank grows with the number of classes: ordered by {@code C}, it never falls and ends above where it
     * starts.
     */
    static ClaimResult rankGrows(int[] classes, double[] aligned, double[] spectral) {
        Integer[] order = new Integer[classes.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(classes[x], classes[y]));
        boolean monotone = true;
        Map<String, Double> f = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder();
        for (int t = 0; t < order.length; t++) {
            int r = order[t];
            if (t > 0 && !(aligned[r] >= aligned[order[t - 1]])) {
                monotone = false;
            }
            f.put("alignedRankC" + classes[r], aligned[r]);
            f.put("spectralRankC" + classes[r], spectral[r]);
            list.append(t == 0 ? "" : ", ").append(String.format(Locale.ROOT, "C=%d: %.2f", classes[r],
                    aligned[r]));
        }
        boolean grows = aligned[order[order.length - 1]] > aligned[order[0]];
        boolean holds = monotone && grows;
        return new ClaimResult(ExperimentSpec.Claim.RANK_GROWS_WITH_CLASSES.optionName(), holds,
                "aligned rank by number of classes: " + list + (holds ? " (grows)" : monotone ? " (does not grow)"
                        : " (falls somewhere)"), f);
    }
}
