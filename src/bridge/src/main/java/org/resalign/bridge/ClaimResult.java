package org.resalign.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hipparchus.stat.StatUtils;
import org.hipparchus.stat.inference.TTest;
import org.resalign.core.ra.ConfidenceInterval;

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
 * <p><b>Several seeds.</b> An experiment with {@code seeds} trains every run once per seed; each seed's networks are
 * judged as above, and the claim is then judged on the distribution of the per-seed figures, by the two-sided 95%
 * Student-t interval across seeds ({@link ConfidenceInterval}), paired by seed where two runs are compared:
 * {@code ra-appears} holds when the interval of the excess lies at or above {@value SkipCounterfactual#APPEARS};
 * {@code skips-cause-ra} when that of the excess with skips does and that of {@code e_without − e_with/2} (the
 * vanishing margin, paired by seed) lies below 0; the paired claims when that of {@code e_treatment − e_baseline}
 * (paired by seed) lies above 0; {@code rank-grows-with-classes} when the seeds' mean aligned rank never falls with
 * {@code C} and the interval of its growth from the smallest to the largest {@code C} (paired by seed) lies above 0.
 * Every figure is the seeds' mean, and {@code ci95} holds each figure's interval and per-seed values.
 *
 * @param claim     the claim's name
 * @param holds     whether the measurements bear it out
 * @param statement one sentence with the numbers
 * @param figures   the numbers the judgement used, by name (means over the seeds when there are several)
 * @param seeds     the training seeds judged
 * @param ci95      with several seeds, each figure's 95% interval across them (empty with one seed)
 */
public record ClaimResult(String claim, boolean holds, String statement, Map<String, Double> figures,
        List<Long> seeds, Map<String, ConfidenceInterval> ci95) {

    public ClaimResult {
        seeds = List.copyOf(seeds);
        ci95 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ci95));
    }

    /** A judgement of one seed's networks. */
    ClaimResult(String claim, boolean holds, String statement, Map<String, Double> figures) {
        this(claim, holds, statement, figures, List.of(), Map.of());
    }

    /** Paired t-statistic that counts as amplification. */
    public static final double T_MIN = 2;

    /** Figure names the judgement across seeds reads. */
    static final String EXCESS = "excess";
    static final String EXCESS_WITH = "excessWith";
    static final String VANISHING_MARGIN = "vanishingMargin";
    static final String EXCESS_DIFFERENCE = "excessDifference";
    static final String RANK_GROWTH = "alignedRankGrowth";

    /**
     * The judgement across seeds of the per-seed judgements {@code perSeed} (one per seed, in the order of
     * {@code seeds}): every figure's mean and 95% interval, and the claim's criterion on the intervals.
     */
    static ClaimResult acrossSeeds(ExperimentSpec.Claim claim, List<Long> seeds, List<ClaimResult> perSeed) {
        Map<String, ConfidenceInterval> ci = new LinkedHashMap<>();
        Map<String, Double> means = new LinkedHashMap<>();
        for (String key : perSeed.get(0).figures().keySet()) {
            double[] v = new double[perSeed.size()];
            for (int s = 0; s < v.length; s++) {
                Double x = perSeed.get(s).figures().get(key);
                if (x == null) {
                    throw new IllegalStateException("seed " + seeds.get(s) + " has no figure " + key);
                }
                v[s] = x;
            }
            if (Arrays.stream(v).allMatch(Double::isFinite)) {
                ConfidenceInterval c = ConfidenceInterval.of(v);
                ci.put(key, c);
                means.put(key, c.mean());
            } else {
                means.put(key, Double.NaN); // e.g. a paired t that is infinite at one seed: no interval over it
            }
        }
        long held = perSeed.stream().filter(ClaimResult::holds).count();
        String each = String.format(Locale.ROOT, "%d of %d seeds hold on their own", held, seeds.size());
        boolean holds;
        String statement;
        switch (claim) {
            case RA_APPEARS -> {
                ConfidenceInterval e = require(ci, EXCESS, seeds);
                holds = e.low() >= SkipCounterfactual.APPEARS;
                statement = String.format(Locale.ROOT, "RA2 excess over chance %s across %d seeds (%s %.1f); %s",
                        show(e), seeds.size(), holds ? "interval ≥" : "interval not ≥", SkipCounterfactual.APPEARS,
                        each);
            }
            case SKIPS_CAUSE_RA -> {
                ConfidenceInterval with = require(ci, EXCESS_WITH, seeds);
                ConfidenceInterval margin = require(ci, VANISHING_MARGIN, seeds);
                boolean appears = with.low() >= SkipCounterfactual.APPEARS;
                boolean vanishes = margin.high() < 0;
                holds = appears && vanishes;
                ConfidenceInterval without = ci.get("excessWithout");
                statement = String.format(Locale.ROOT, "RA2 excess over chance %s with skips (%s) and %s without; "
                        + "e_without − e_with/2 paired by seed %s (%s); %s", show(with),
                        appears ? "appears" : "does not appear", without == null ? "–" : show(without), show(margin),
                        vanishes ? "vanishes" : "does not vanish", each);
            }
            case STOCHASTIC_DEPTH_AMPLIFIES, WEIGHT_DECAY_STRENGTHENS, LONGER_TRAINING_STRENGTHENS -> {
                ConfidenceInterval d = require(ci, EXCESS_DIFFERENCE, seeds);
                holds = d.low() > 0;
                statement = String.format(Locale.ROOT, "RA2 excess over chance %s with the treatment against %s "
                        + "without; the difference paired by seed %s (%s 0); %s", showOf(ci, "excessTreatment"),
                        showOf(ci, "excessBaseline"), show(d), holds ? "interval >" : "interval not >", each);
            }
            case RANK_GROWS_WITH_CLASSES -> {
                ConfidenceInterval g = require(ci, RANK_GROWTH, seeds);
                List<String> keys = means.keySet().stream().filter(k -> k.startsWith("alignedRankC")).toList();
                List<Integer> cs = keys.stream().map(k -> Integer.parseInt(k.substring("alignedRankC".length())))
                        .sorted().toList();
                boolean monotone = true;
                StringBuilder list = new StringBuilder();
                for (int t = 0; t < cs.size(); t++) {
                    double m = means.get("alignedRankC" + cs.get(t));
                    if (t > 0 && !(m >= means.get("alignedRankC" + cs.get(t - 1)))) {
                        monotone = false;
                    }
                    list.append(t == 0 ? "" : ", ").append("C=").append(cs.get(t)).append(": ")
                            .append(showOf(ci, "alignedRankC" + cs.get(t)));
                }
                holds = monotone && g.low() > 0;
                statement = String.format(Locale.ROOT, "aligned rank by number of classes: %s; growth paired by "
                        + "seed %s (%s); %s", list, show(g), holds ? "grows" : monotone ? "does not grow surely"
                        : "the mean falls somewhere", each);
            }
            default -> throw new IllegalStateException(claim + " is not judged on networks");
        }
        return new ClaimResult(claim.optionName(), holds, statement, means, seeds, ci);
    }

    private static ConfidenceInterval require(Map<String, ConfidenceInterval> ci, String key, List<Long> seeds) {
        ConfidenceInterval c = ci.get(key);
        if (c == null) {
            throw new IllegalStateException(key + " is not finite at every one of the seeds " + seeds);
        }
        return c;
    }

    /** A mean and its 95% interval ({@link ConfidenceInterval#show}). */
    private static String show(ConfidenceInterval c) {
        return c.show();
    }

    private static String showOf(Map<String, ConfidenceInterval> ci, String key) {
        ConfidenceInterval c = ci.get(key);
        return c == null ? "–" : show(c);
    }

    /** The stage a claim reads ({@link AnalysisReport#lastStage}). */
    static NetworkAnalysis.StageResult lastStage(RunResult run) {
        return run.analysis().analysis().lastStage();
    }

    /**
     * Judges {@code claim} on the experiment's runs, trained at {@code seeds}: on the one seed's networks, or on the
     * distribution across several (see the class comment).
     */
    public static ClaimResult judge(ExperimentSpec.Claim claim, List<RunResult> runs, List<Long> seeds) {
        if (seeds.size() == 1) {
            return judgeOneSeed(claim, runs).withSeeds(seeds);
        }
        List<ClaimResult> perSeed = new ArrayList<>();
        for (long seed : seeds) {
            List<RunResult> those = runs.stream().filter(r -> r.seed() == seed).toList();
            if (those.isEmpty()) {
                throw new IllegalStateException("no networks of seed " + seed);
            }
            perSeed.add(judgeOneSeed(claim, those));
        }
        return acrossSeeds(claim, seeds, perSeed);
    }

    private ClaimResult withSeeds(List<Long> s) {
        return new ClaimResult(claim, holds, statement, figures, s, ci95);
    }

    /** Judges {@code claim} on the networks of one seed. */
    static ClaimResult judgeOneSeed(ExperimentSpec.Claim claim, List<RunResult> runs) {
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
        f.put(VANISHING_MARGIN, c.excessWithout() - c.excessWith() / 2);
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
        f.put(EXCESS_DIFFERENCE, excessTreatment - excessBaseline);
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
        f.put(RANK_GROWTH, aligned[order[order.length - 1]] - aligned[order[0]]);
        boolean holds = monotone && grows;
        return new ClaimResult(ExperimentSpec.Claim.RANK_GROWS_WITH_CLASSES.optionName(), holds,
                "aligned rank by number of classes: " + list + (holds ? " (grows)" : monotone ? " (does not grow)"
                        : " (falls somewhere)"), f);
    }
}
