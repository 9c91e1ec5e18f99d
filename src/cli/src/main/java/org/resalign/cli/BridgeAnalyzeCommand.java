package org.resalign.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
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
        description = {"Measures RA1–RA4 (paper §1.4) on the Residual Jacobians of a saved model at N training "
                + "inputs, in double precision with batch norm in inference mode, and Theorem 3.1's prediction of "
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
        PrintWriter human = json.human();
        BridgePrinter.analysis(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        if (report.peer() != null) {
            BridgePrinter.peer(report, wholeCommand, human);
        }
        human.flush();
        json.write(report);
        return Main.HOLDS;
    }

    /** Analyses a network at its training inputs with a progress bar (named {@code task}) over the inputs. */
    static AnalysisReport measure(String command, String model, ModelFile.Loaded loaded, Split data,
            AnalysisSettings settings, String task, boolean quiet) {
        try (Progress bar = Progress.of(task, settings.inputs(), quiet)) {
            return AnalysisReport.of(command, model, loaded, data, settings, n -> bar.stepTo(n, ""));
        }
    }
}
