package org.resalign.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import org.resalign.bridge.EpochStudy;
import org.resalign.bridge.AccuracyTable;
import org.resalign.bridge.AnalysisPeer;
import org.resalign.bridge.AnalysisReport;
import org.resalign.bridge.BenchReport;
import org.resalign.bridge.CompareReport;
import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.LesionStudy;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.NetworkPaths;
import org.resalign.bridge.ReproduceReport;
import org.resalign.bridge.ResidualBranchNorms;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.RunResult;
import org.resalign.bridge.SkipsReport;
import org.resalign.bridge.Split;
import org.resalign.bridge.TrainReport;
import org.resalign.bridge.TrainingBenchmark;
import org.resalign.bridge.TrainingSettings;
import org.resalign.bridge.UjmComparison;

/** The tables of the {@code bridge} commands and of {@code reproduce}. */
final class BridgePrinter {

    private BridgePrinter() {
    }

    /** What {@code bridge train} is about to train. */
    static void training(ResNetSpec s, DatasetSpec dataset, Split data, TrainingSettings settings, int threads,
            PrintWriter out) {
        out.printf(Locale.ROOT, "training type %s: D=%d L=%d C=%d on %s (%d train / %d test images), %d epochs, "
                + "λ=%s, %d thread(s)%n", s.type().optionName(), s.width(), s.depth(), s.classes(), dataset.kind(),
                data.train().size(), data.test().size(), settings.epochs(), Table.compact(settings.weightDecay()),
                threads);
        out.flush();
    }

    /** A finished training: epochs, steps, loss, accuracies, the model file. */
    static void train(TrainReport r, PrintWriter out) {
        Table t = new Table(out);
        t.title(String.format(Locale.ROOT, "bridge train  type %s  D=%d L=%d C=%d  %s", r.spec().type().optionName(),
                r.spec().width(), r.spec().depth(), r.spec().classes(), r.dataset()));
        t.row("epochs", r.history().size() + (r.resumedFrom() > 0 ? " (resumed after " + r.resumedFrom() + ")" : ""));
        t.row("steps", String.format(Locale.ROOT, "%d, %.1f steps/s, %.0f images/s", r.steps(), r.stepsPerSecond(),
                r.stepsPerSecond() * r.training().batchSize()));
        t.row("final loss", Table.num(r.history().get(r.history().size() - 1).meanLoss()));
        t.row("train accuracy", String.format(Locale.ROOT, "%.4f", r.trainAccuracy()));
        t.row("test accuracy", String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
        t.row("model", r.model());
        t.row("seconds", String.format(Locale.ROOT, "%.1f", r.seconds()));
    }

    /** RA1–RA4 per stage, mean ± sd over the analysed inputs, with Theorem 3.1's prediction beside RA1. */
    static void analysis(AnalysisReport r, PrintWriter out) {
        Table t = new Table(out);
        t.title(Double.isNaN(r.trainAccuracy()) ? "bridge analyze  " + r.what() + (r.at() == null ? ""
                : "  at " + r.at()) : String.format(Locale.ROOT, "bridge analyze  %s  (train acc %.4f, test acc "
                + "%.4f)", r.what(), r.trainAccuracy(), r.testAccuracy()));
        for (NetworkAnalysis.StageResult s : r.stages()) {
            NetworkAnalysis.Summary m = s.summary();
            out.printf(Locale.ROOT, "blocks %d–%d, D = %d, %d inputs (mean ± sd)%n", s.stage().from(), s.stage().to(),
                    s.stage().dim(), s.inputs().size());
            if (!s.deadInputs().isEmpty()) {
                out.printf(Locale.ROOT, "  (%d input(s) do not move through these blocks and are left out)%n",
                        s.deadInputs().size());
            }
            t.row("RA1 line fraction", pm(m.lineFraction()) + "   Thm 3.1 from RA2–4: "
                    + pm(m.predictedLineFraction()));
            t.row("RA1 spacing CV", pm(m.spacingCV()) + "   Thm 3.1 from RA2–4: " + pm(m.predictedSpacingCV()));
            t.row("RA2 alignment i≠j", pm(m.alignment()) + "   random frames: " + pm(m.chanceAlignment()));
            t.row("RA3 log10 σ_C/σ_C+1", pm(m.log10RankGap()) + "   energy in top C: " + pm(m.energyTopC()));
            t.row("RA4 1/σ₁ = a·i + b", "a = " + pm(m.ra4Slope()) + ", R² = " + pm(m.ra4RSquared()));
        }
        t.row("seconds", String.format(Locale.ROOT, "%.1f", r.seconds()));
    }

    /** The PyTorch peer's largest differences and the time ratio. */
    static void peer(AnalysisReport r, double wholeCommand, PrintWriter out) {
        AnalysisPeer.Check p = r.peer();
        out.printf(Locale.ROOT, "PyTorch %s peer (%d threads; autograd Jacobians, full SVDs, RA2 grid; float64) at the "
                + "same %d inputs:%n", p.torch(), p.threads(), p.inputs());
        out.printf(Locale.ROOT, "  largest |Δσ|/σ₁ %.2e, largest |Δ RA2 mean| %.2e%n", p.maxSingularValueError(),
                p.maxAlignmentError());
        out.printf(Locale.ROOT, "  PyTorch computation %.1f s (its whole process %.1f s); resalign analysis %.1f s, "
                + "whole command %.1f s: ratio %.2f (whole command / PyTorch computation)%n", p.seconds(),
                p.processSeconds(), r.seconds(), wholeCommand, wholeCommand / p.seconds());
    }

    /** The network's RA figures beside the UJM optimum's and Theorem 3.1's prediction, per stage. */
    static void comparisons(CompareReport r, PrintWriter out) {
        for (int s = 0; s < r.comparisons().size(); s++) {
            UjmComparison.Result c = r.comparisons().get(s);
            out.println();
            if (c.skipped() != null) {
                out.println("network vs UJM optimum: no UJM solved: " + c.skipped());
            } else {
                out.printf(Locale.ROOT, "network vs UJM optimum (D=%d, L=%d, λ=%s, ‖Δx‖=%.4g, %d input(s), C=%d; "
                        + "solve: %s)%n", c.problem().dim(), c.problem().depth(), Table.compact(c.problem().lambda()),
                        c.problem().inputNorm(), c.problem().samples(), c.problem().classes(), c.solve().verdict());
            }
            out.printf(Locale.ROOT, "  %-30s %12s %12s %14s%n", "", "network", "UJM optimum", "Thm 3.1 pred.");
            for (UjmComparison.Row row : c.rows()) {
                out.printf(Locale.ROOT, "  %-30s %12s %12s %14s%n", row.quantity(), Table.short4(row.network()),
                        Table.short4(row.ujm()), Double.isNaN(row.theorem31()) ? "" : Table.short4(row.theorem31()));
            }
        }
        if (r.initial() == null) {
            out.printf(Locale.ROOT, "%nat initialisation: not measured (the initial weights of an imported network are "
                    + "not known)%n");
            return;
        }
        NetworkAnalysis.Summary t = r.analysis().lastStage().summary();
        NetworkAnalysis.Summary i = r.initial().lastStage().summary();
        out.printf(Locale.ROOT, "%nat initialisation (same inputs): RA2 excess over chance %s (trained %s), RA4 slope %s "
                + "(trained %s), test accuracy %s (trained %s)%n", Table.short4(i.excess()), Table.short4(t.excess()),
                Table.short4(i.ra4Slope().mean()), Table.short4(t.ra4Slope().mean()),
                Table.short4(r.initial().testAccuracy()), Table.short4(r.analysis().testAccuracy()));
    }

    /** The margin's and the gradient's shares by path length, beside the share of paths of each length. */
    static void paths(NetworkPaths.Report r, PrintWriter out) {
        Table t = new Table(out);
        t.title(String.format(Locale.ROOT, "bridge paths  %s  type %s, D=%d, L=%d, %s skips; %d inputs, paths %s",
                r.model(), r.type(), r.width(), r.depth(), r.skips() ? "with" : "without", r.byInput().size(),
                r.pathsPerLength().equals("all") ? "all" : r.pathsPerLength() + " per length"));
        out.printf(Locale.ROOT, "  %3s  %-12s %-14s %-14s %s%n", "k", "pathShare", "gradientShare", "‖grad‖/path",
                "share of paths");
        for (int k = 0; k <= r.depth(); k++) {
            out.printf(Locale.ROOT, "  %3d  %-12s %-14s %-14s %s%n", k, Table.short4(r.pathShare()[k]),
                    Table.short4(r.gradientShare()[k]), Table.short4(r.pathGradientNorm()[k]),
                    Table.short4(r.pathCountShare()[k]));
        }
        t.row("affine rest of the margin", Table.short4(r.affineShare()));
        t.row("effective path length", Table.short4(r.effectivePathLength()) + " of " + r.depth());
        t.row("effective gradient length", Table.short4(r.effectiveGradientLength()) + " of " + r.depth());
        t.row("(margin shares pooled over the inputs; gradient figures their means)", "");
        out.flush();
    }

    /** ‖F(h_i)‖/‖h_i‖ by block, at initialisation and trained, and the exponents of their fall with depth. */
    static void branches(ResidualBranchNorms.Report r, PrintWriter out) {
        out.printf(Locale.ROOT, "bridge branches  %s  type %s, D=%d, L=%d, %s skips; %d inputs%n", r.model(), r.type(),
                r.width(), r.depth(), r.skips() ? "with" : "without", r.inputs());
        out.printf(Locale.ROOT, "  %-7s %-24s %s%n", "block", "‖F(h_i)‖/‖h_i‖ at init", "trained");
        for (int i = 0; i < r.depth(); i++) {
            out.printf(Locale.ROOT, "  %-7d %-24s %s%n", i + 1, r.initial() == null ? "(imported: unknown)"
                    : Table.short4(r.initial().mean()[i]) + " ± " + Table.short4(r.initial().sd()[i]),
                    Table.short4(r.trained().mean()[i]) + " ± " + Table.short4(r.trained().sd()[i]));
        }
        Table t = new Table(out);
        if (r.initial() != null) {
            t.row("exponent in i, at init (R²)", Table.short4(r.initial().exponent()) + " ("
                    + Table.short4(r.initial().rSquared()) + ")");
        }
        t.row("exponent in i, trained (R²)", Table.short4(r.trained().exponent()) + " ("
                + Table.short4(r.trained().rSquared()) + ")");
        t.row("(−0.5 is 1/√i)", "");
        out.flush();
    }

    /** The lesion study: each block deleted, then random deletions and swaps by their number. */
    static void lesion(LesionStudy.Report r, PrintWriter out) {
        Table t = new Table(out);
        t.title(String.format(Locale.ROOT, "bridge lesion  %s  type %s, D=%d, L=%d, %s skips; %d test images, seed %d",
                r.model(), r.type(), r.width(), r.depth(), r.skips() ? "with" : "without", r.testImages(), r.seed()));
        t.row("test accuracy, whole network", Table.short4(r.accuracy()));
        for (LesionStudy.BlockLesion b : r.blocks()) {
            t.row("block " + b.block() + " deleted", Table.short4(b.accuracy()));
        }
        out.printf(Locale.ROOT, "  %-4s %-28s %s%n", "k", "k random blocks deleted", "k random adjacent swaps");
        for (int k = 0; k < r.deleted().size(); k++) {
            LesionStudy.Draws d = r.deleted().get(k);
            LesionStudy.Draws s = r.swapped().get(k);
            out.printf(Locale.ROOT, "  %-4d %-28s %s%n", d.k(), Table.short4(d.mean()) + " ± " + Table.short4(d.sd()),
                    Table.short4(s.mean()) + " ± " + Table.short4(s.sd()));
        }
        out.println("  (mean ± sd over " + r.draws() + " draws each)");
        out.flush();
    }

    /**
     * RA and NC per epoch: the one network's values, or the means with their intervals across the seeds; against a
     * baseline, the intervals of the differences paired by seed after them.
     */
    static void epochs(EpochStudy.Report r, PrintWriter out) {
        out.printf(Locale.ROOT, "bridge epochs  type %s, D=%d, L=%d, C=%d, λ=%s; seeds %s; RA at %d inputs, NC at %d "
                + "images%n", r.spec().type().optionName(), r.spec().width(), r.spec().depth(), r.spec().classes(),
                r.weightDecay(), r.runs().stream().map(run -> Long.toString(run.seed())).toList(),
                r.settings().inputs(), r.collapseInputs());
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(EPOCH_COLUMNS);
        if (r.acrossSeeds().isEmpty()) {
            for (EpochStudy.Point p : r.runs().get(0).points()) {
                var nc = p.collapse().measures();
                rows.add(new String[] {Integer.toString(p.epoch()), Table.short4(p.testAccuracy()),
                    Table.short4(p.excess()), Table.short4(p.ra().alignedRank().mean()), Table.short4(nc.nc1()),
                    Table.short4(nc.nearestCentreMismatch())});
            }
            Table.columns(out, rows);
        } else {
            r.acrossSeeds().forEach(b -> rows.add(epochRow(b)));
            Table.columns(out, rows);
            out.println("  (mean [95% interval] across the " + r.runs().size() + " seeds)");
        }
        EpochStudy.Paired paired = r.againstBaseline();
        if (paired != null) {
            out.println("against the baseline " + paired.baseline() + ", paired by seed " + paired.seeds()
                    + ": these − baseline");
            List<String[]> diff = new java.util.ArrayList<>();
            diff.add(EPOCH_COLUMNS);
            paired.differences().forEach(b -> diff.add(epochRow(b)));
            Table.columns(out, diff);
            out.println("  (mean difference [95% interval] across the " + paired.seeds().size() + " pairs)");
        }
        out.flush();
    }

    private static final String[] EPOCH_COLUMNS = {"epoch", "test accuracy", "RA2 excess", "RA3 aligned rank", "NC1",
        "NC4 mismatch"};

    private static String[] epochRow(EpochStudy.Band b) {
        return new String[] {Integer.toString(b.epoch()), b.testAccuracy().show(), b.excess().show(),
            b.alignedRank().show(), b.nc1().show(), b.nearestCentreMismatch().show()};
    }

    /** Both networks' figures side by side, and whether RA appears with skips and vanishes without. */
    static void skips(SkipsReport r, PrintWriter out) {
        String wa = r.with().spec().type().optionName();
        String wo = r.without().spec().type().optionName();
        out.printf(Locale.ROOT, "%n  %-26s %14s %14s%n", "", "type " + wa + " (skips)", "type " + wo + " (none)");
        for (String[] row : r.table()) {
            out.printf(Locale.ROOT, "  %-26s %14s %14s%n", row[0], row[1], row[2]);
        }
        out.println();
        out.println("RA appears with skips: " + (r.result().appearsWithSkips() ? "yes" : "no")
                + "   vanishes without: " + (r.result().vanishesWithout() ? "yes" : "no")
                + "   verdict: " + r.verdict().toUpperCase(Locale.ROOT));
    }

    /** Steps per second, the roofline fraction and the PyTorch ratio per width, thread count and engine. */
    static void bench(BenchReport r, PrintWriter out) {
        out.printf(Locale.ROOT, "bridge bench  type %s, L=%d, batch %d, %d timed steps after %d%n",
                r.type().optionName(), r.depth(), r.results().get(0).batch(), r.results().get(0).timedSteps(),
                r.results().get(0).warmupSteps());
        out.printf(Locale.ROOT, "  %-6s %-8s %-6s %10s %10s %10s %12s %10s %11s %12s %8s%n", "D", "threads", "engine",
                "steps/s",
                "images/s", "vs first", "GEMM GFlop/s", "roofline", "busy cores", "PyTorch s/s", "ratio");
        for (int k = 0; k < r.results().size(); k++) {
            TrainingBenchmark.Result x = r.results().get(k);
            TrainingBenchmark.PeerResult p = r.peers().get(k);
            String omp = x.threadEnvironment().getOrDefault("OMP_NUM_THREADS", "unset");
            out.printf(Locale.ROOT, "  %-6d %-8s %-6s %10.2f %10.0f %10.2f %12.1f %10.3f %11.2f %12s %8s%n",
                    x.width(), omp, x.engine().optionName(), x.stepsPerSecond(), x.imagesPerSecond(), r.speedups()[k], x.gemmGflops(),
                    x.rooflineFraction(), x.busyCores(),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2f", p.stepsPerSecond()),
                    p == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.peerRatios()[k]));
        }
        out.println("vs first: steps/s over the same engine's at the first thread count");
        out.println("roofline: the step's matrix products at the measured GEMM rate, over the measured step time");
        if (r.peer() != null) {
            out.println("ratio: the engine's median step time over " + r.peer() + "'s, same step, threads and "
                    + "float32 (PyTorch steps/s from its median step; below 1: faster than PyTorch)");
        } else {
            out.println("PyTorch peer: not run (" + r.peerAbsent() + ")");
        }
        out.printf(Locale.ROOT, "seconds %.1f%n", r.seconds());
    }

    /** The experiment's table, one line per network, and its claim (or the accuracy table). */
    static void reproduce(ReproduceReport r, PrintWriter out) {
        out.println();
        out.println("reproduce  " + r.experiment() + ": " + r.spec().title());
        if (r.table() != null) {
            out.printf(Locale.ROOT, "  %-28s %-22s %4s %10s %8s %9s%n", "experiment", "network", "C", "test acc",
                    "paper", "steps/s");
            for (AccuracyTable.Row t : r.table()) {
                out.printf(Locale.ROOT, "  %-28s %-22s %4d %10.4f %8s %9.1f%n", t.experiment(), t.label(), t.classes(),
                        t.testAccuracy(), t.paperAccuracy() == null ? "–" : String.format(Locale.ROOT, "%.3f",
                                t.paperAccuracy()), t.stepsPerSecond());
            }
            return;
        }
        out.printf(Locale.ROOT, "  %-16s %9s %9s %8s %10s %9s %9s %8s %9s%n", "network", "test acc", "train s",
                "steps/s", "RA1 line", "Thm 3.1", "RA2 exc.", "RA3 rk", "RA4 a");
        for (RunResult run : r.runs()) {
            NetworkAnalysis.Summary m = run.analysis().analysis().lastStage().summary();
            out.printf(Locale.ROOT, "  %-16s %9.4f %9.0f %8.1f %10s %9s %9s %8s %9s%n", run.label(),
                    run.training().testAccuracy(), run.training().trainingSeconds(), run.training().stepsPerSecond(),
                    Table.short4(m.lineFraction().mean()), Table.short4(m.predictedLineFraction().mean()),
                    Table.short4(m.excess()), Table.short4(m.alignedRank().mean()),
                    Table.short4(m.ra4Slope().mean()));
        }
        out.println();
        out.println("claim " + r.claim().claim() + ": " + (r.claim().holds() ? "HOLDS" : "DOES NOT HOLD") + " — "
                + r.claim().statement());
    }

    private static String pm(org.resalign.core.ra.Stat s) {
        return Table.short4(s.mean()) + " ± " + Table.short4(s.sd());
    }
}
