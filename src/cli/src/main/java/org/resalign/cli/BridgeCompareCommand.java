package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.AnalysisReport;
import org.resalign.bridge.BridgeVersions;
import org.resalign.bridge.CompareReport;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.UjmComparison;
import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resalign bridge compare MODEL.zip}: the trained network beside the UJM optimum and Theorem 3.1. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyses a saved model as 'analyze' does, solves the Unconstrained Jacobians Model (paper "
                + "§3.3) for the same depth, weight decay λ and input norm ‖h_1‖, and tabulates the network's RA "
                + "figures beside the UJM optimum's and beside Theorem 3.1's prediction of RA1 from the network's "
                + "measured RA2–4.",
                "Exit code 0 when the UJM optimum was reached (Theorem 3.3 holds for two classes); 1 otherwise."})
public final class BridgeCompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: compare.json, summary.md "
            + "and the figures.")
    Path out;

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
        long t0 = System.nanoTime();
        var settings = analysis.settings();
        ModelFile.Loaded loaded = saved.load();
        CompareReport report = compare("bridge compare", saved.model.toString(), loaded, settings, saved.quiet, t0);
        if (out != null) {
            ReportFolder.write(out, folder -> writeInto(folder, report));
        }
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        BridgeAnalyzeCommand.print(report.analysis(), human);
        print(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return report.success() ? Main.HOLDS : Main.FAILS;
    }

    /** Writes the figures, {@code compare.json} and {@code summary.md} of {@code report} into {@code folder}. */
    static void writeInto(Path folder, CompareReport report) throws java.io.IOException {
        AnalysisFolder.figures(folder, report.analysis());
        Json.write(folder.resolve("compare.json"), report);
        AtomicFile.writeString(folder.resolve("summary.md"), AnalysisFolder.markdown(report.analysis())
                + report.markdown());
    }

    static CompareReport compare(String command, String model, ModelFile.Loaded loaded,
            org.resalign.bridge.AnalysisSettings settings, boolean quiet, long t0) {
        try (Progress bar = Progress.of("analyze", settings.inputs(), quiet)) {
            return CompareReport.of(command, model, loaded, loaded.info().dataset().load(), settings,
                    n -> bar.stepTo(n, ""), t0);
        }
    }

    static void print(CompareReport r, PrintWriter out) {
        for (int s = 0; s < r.comparisons().size(); s++) {
            UjmComparison.Result c = r.comparisons().get(s);
            out.println();
            out.printf(Locale.ROOT, "network vs UJM optimum (D=%d, L=%d, λ=%s, ‖Δx‖=%.4g, %d input(s), C=%d; solve: "
                    + "%s)%n", c.problem().dim(), c.problem().depth(), Table.compact(c.problem().lambda()),
                    c.problem().inputNorm(), c.problem().samples(), c.problem().classes(), c.solve().verdict());
            out.printf(Locale.ROOT, "  %-30s %12s %12s %14s%n", "", "network", "UJM optimum", "Thm 3.1 pred.");
            for (UjmComparison.Row row : c.rows()) {
                out.printf(Locale.ROOT, "  %-30s %12s %12s %14s%n", row.quantity(), Table.short4(row.network()),
                        Table.short4(row.ujm()), Double.isNaN(row.theorem31()) ? "" : Table.short4(row.theorem31()));
            }
        }
    }
}
