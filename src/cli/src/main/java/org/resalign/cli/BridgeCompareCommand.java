package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.CompareReport;
import org.resalign.bridge.ModelFile;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge compare MODEL.zip}: the trained network beside the UJM optimum and Theorem 3.1. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyses a saved model as 'analyze' does, solves the Unconstrained Jacobians Model (paper "
                + "§3.3) for the same depth, weight decay λ and input norm ‖h_1‖, and tabulates the network's RA "
                + "figures beside the UJM optimum's and beside Theorem 3.1's prediction of RA1 from the network's "
                + "measured RA2–4.",
                "Exit code 0 when the UJM optimum was reached (Theorem 3.3 holds for two classes); 1 otherwise."})
public final class BridgeCompareCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: compare.json, summary.md "
            + "and the figures.")
    Path out;

    @Mixin
    SavedModelOptions saved;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    MeasuredAtOptions where;

    @Mixin
    JsonOutput json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        long t0 = System.nanoTime();
        double[][] given = where.validate(spec);
        ModelFile.Loaded loaded = saved.load();
        String model = saved.model.toString();
        loaded.info().weightDecay(saved.model);
        MeasuredAtOptions.Measured m = where.resolve(loaded, given, analysis, model);
        CompareReport report;
        try (Progress bar = Progress.of("analyze", m.settings().inputs(), saved.quiet)) {
            report = CompareReport.of("bridge compare", model, loaded, m.data(), m.inputs(), m.at(), m.settings(),
                    n -> bar.stepTo(n, ""), t0);
        }
        if (out != null) {
            ReportFolder.write(out, folder -> AnalysisFolder.writeInto(folder, report));
        }
        if (where.npy != null) {
            ReportFolder.write(where.npy, folder -> org.resalign.bridge.AnalysisNpy.writeInto(folder,
                    report.analysis()));
        }
        PrintWriter human = json.human();
        BridgePrinter.analysis(report.analysis(), human);
        BridgePrinter.comparisons(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        if (where.npy != null) {
            human.println("arrays: " + where.npy.toAbsolutePath());
        }
        human.flush();
        json.write(report);
        return report.success() ? Main.HOLDS : Main.FAILS;
    }
}
