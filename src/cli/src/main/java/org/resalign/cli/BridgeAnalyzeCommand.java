package org.resalign.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.AnalysisPeer;
import org.resalign.bridge.AnalysisReport;
import org.resalign.bridge.AnalysisSettings;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.Split;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resalign bridge analyze MODEL.zip}: RA1–RA4 of a trained network at its training inputs. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures RA1–RA4 (paper §1.4) on the Residual Jacobians of a saved model at N training "
                + "inputs, in double precision with batch norm in inference mode, and Theorem 3.1's prediction of "
                + "RA1 from the measured RA2–4. Writes the figures of paper Figures 1, 2 and 4 with --out.",
                "Exit code 0 when the network was measured; 2 for a missing, truncated or foreign model file."})
public final class BridgeAnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: analysis.json, summary.md "
            + "and the figures.")
    Path out;

    @Option(names = "--peer", description = "Also run the same analysis in PyTorch (float64 autograd Jacobians, "
            + "full SVDs, the RA2 grid; bin/install-peers installs it) on the same weights and inputs, and print "
            + "the largest differences and the time ratio; fully-connected types only.")
    boolean peer;

    @Mixin
    SavedModelOptions saved;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        var settings = analysis.settings();
        ModelFile.Loaded loaded = saved.load();
        if (peer) {
            AnalysisPeer.unavailable(loaded.info().spec()).ifPresent(why -> {
                throw new BadInputException("--peer: " + why);
            });
        }
        Split data = loaded.info().dataset().load();
        AnalysisReport measured = measure("bridge analyze", saved.model.toString(), loaded, data, settings,
                "analyze", saved.quiet);
        if (out != null) {
            ReportFolder.write(out, folder -> AnalysisFolder.writeInto(folder, measured));
        }
        double wholeCommand = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        AnalysisReport report = peer ? measured.withPeer(AnalysisPeer.run(loaded.graph(), loaded.info().spec(),
                data.train(), measured.lastStage(), Runtime.getRuntime().availableProcessors())) : measured;
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        print(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        if (report.peer() != null) {
            printPeer(report, wholeCommand, human);
        }
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return Main.HOLDS;
    }

    /** Analyses a network at its training inputs with a progress bar (named {@code task}) over the inputs. */
    static AnalysisReport measure(String command, String model, ModelFile.Loaded loaded, Split data,
            AnalysisSettings settings, String task, boolean quiet) {
        try (Progress bar = Progress.of(task, settings.inputs(), quiet)) {
            return AnalysisReport.of(command, model, loaded, data, settings, n -> bar.stepTo(n, ""));
        }
    }

    static void print(AnalysisReport r, PrintWriter out) {
        Table t = new Table(out);
        t.title(String.format(Locale.ROOT, "bridge analyze  %s  (train acc %.4f, test acc %.4f)", r.what(),
                r.trainAccuracy(), r.testAccuracy()));
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

    private static void printPeer(AnalysisReport r, double wholeCommand, PrintWriter out) {
        AnalysisPeer.Check p = r.peer();
        out.printf(Locale.ROOT, "PyTorch %s peer (%d threads; autograd Jacobians, full SVDs, RA2 grid; float64) at the "
                + "same %d inputs:%n", p.torch(), p.threads(), p.inputs());
        out.printf(Locale.ROOT, "  largest |Δσ|/σ₁ %.2e, largest |Δ RA2 mean| %.2e%n", p.maxSingularValueError(),
                p.maxAlignmentError());
        out.printf(Locale.ROOT, "  PyTorch computation %.1f s (its whole process %.1f s); resalign analysis %.1f s, "
                + "whole command %.1f s: ratio %.2f (whole command / PyTorch computation)%n", p.seconds(),
                p.processSeconds(), r.seconds(), wholeCommand, wholeCommand / p.seconds());
    }

    static String pm(org.resalign.core.ra.Stat s) {
        return Table.short4(s.mean()) + " ± " + Table.short4(s.sd());
    }
}
