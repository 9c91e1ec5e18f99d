package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.Reproduction;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.SkipsReport;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge skips}: the skip-connection counterfactual of paper Figure 6 in one command. */
@Command(name = "skips", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the same network with and without skip connections (Type 4a and 4b, or 5a and 5b; "
                + "same data, seed and optimiser), analyses both, and says whether Residual Alignment appears with "
                + "skips (RA2 alignment at least 0.1 above its random-frame chance level) and vanishes without them "
                + "(less than half that excess left). Models go to DIR-models/ (resumable), the report to DIR.",
                "Exit code 0 when both halves hold (the paper's claim), 1 otherwise."})
public final class BridgeSkipsCommand implements Callable<Integer> {

    @Option(names = "--type", defaultValue = "4a", description = "4a (fully connected) or 5a (convolutional); its "
            + "counterpart without skips is trained too (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    TrainingOptions training;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        ModelType with = ModelType.parse(type).withSkips(true);
        DatasetSpec dataset = training.datasetSpec();
        var settings = training.settings();
        var analysisSettings = analysis.settings();
        training.applyThreads();
        Path models = out.toAbsolutePath().resolveSibling(out.getFileName() + "-models");
        PrintWriter human = json.human();
        ResNetSpec net = training.spec(with, dataset.classCount());
        SkipsReport report = Reproduction.skips(net, dataset, settings, analysisSettings, training.threads, models,
                new ProgressBars(human, quiet));
        ReportFolder.write(out, folder -> AnalysisFolder.writeInto(folder, report));
        BridgePrinter.skips(report, human);
        human.println("report folder: " + out.toAbsolutePath());
        human.flush();
        json.write(report);
        return report.result().confirmed() ? Main.HOLDS : Main.FAILS;
    }
}
