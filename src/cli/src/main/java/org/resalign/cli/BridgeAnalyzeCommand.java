package org.resalign.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.AnalysisNpy;
import org.resalign.bridge.AnalysisPeer;
import org.resalign.bridge.AnalysisReport;
import org.resalign.bridge.AnalysisSettings;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.Split;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge analyze MODEL.zip}: RA1–RA4 of a trained network at its training inputs. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures RA1–RA4 (paper §1.4) on the Residual Jacobians of a saved model (trained, or "
                + "imported with 'bridge import') at N training inputs or at the inputs of --at, in double precision with batch norm in inference mode, and Theorem 3.1's prediction of "
                + "RA1 from the measured RA2–4. Writes the figures of paper Figures 1, 2 and 4 with --out.",
                "Exit code 0 when the network was measured; 2 for a missing, truncated or foreign model file."})
public final class BridgeAnalyzeCommand implements Callable<Integer> {

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
    MeasuredAtOptions where;

    @Mixin
    JsonOutput json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        double[][] given = where.validate(spec);
        if (peer && given != null) {
            throw new BadInputException("--peer measures at training inputs; it does not take --at");
        }
        ModelFile.Loaded loaded = saved.load();
        if (peer) {
            AnalysisPeer.unavailable(loaded.graph(), loaded.info().spec()).ifPresent(why -> {
                throw new BadInputException("--peer: " + why);
            });
        }
        MeasuredAtOptions.Measured m = where.resolve(loaded, given, analysis, saved.model.toString());
        AnalysisReport measured = measure("bridge analyze", saved.model.toString(), loaded, m, "analyze",
                saved.quiet);
        if (out != null) {
            ReportFolder.write(out, folder -> AnalysisFolder.writeInto(folder, measured));
        }
        if (where.npy != null) {
            ReportFolder.write(where.npy, folder -> AnalysisNpy.writeInto(folder, measured));
        }
        double wholeCommand = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        AnalysisReport report = peer ? measured.withPeer(AnalysisPeer.run(loaded.graph(), loaded.info().spec(),
                m.data().train(), measured.lastStage(), Runtime.getRuntime().availableProcessors())) : measured;
        PrintWriter human = json.human();
        BridgePrinter.analysis(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        if (where.npy != null) {
            human.println("arrays: " + where.npy.toAbsolutePath());
        }
        if (report.peer() != null) {
            BridgePrinter.peer(report, wholeCommand, human);
        }
        human.flush();
        json.write(report);
        return Main.HOLDS;
    }

    /** Analyses a network at its inputs {@code m} with a progress bar (named {@code task}) over the inputs. */
    static AnalysisReport measure(String command, String model, ModelFile.Loaded loaded, MeasuredAtOptions.Measured m,
            String task, boolean quiet) {
        try (Progress bar = Progress.of(task, m.settings().inputs(), quiet)) {
            return AnalysisReport.of(command, model, loaded, m.inputs(), m.at(), m.settings(), n -> bar.stepTo(n, ""));
        }
    }
}
