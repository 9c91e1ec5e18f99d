package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ModelInfo;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.Split;
import org.resalign.bridge.TrainReport;
import org.resalign.bridge.Trainer;
import org.resalign.bridge.TrainingSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge train}: trains one of the paper's ResNet types (§2.1) as in §2.3. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a ResNet of the paper's types with SGD (plain by default, or with Nesterov "
                + "momentum), the cosine schedule, "
                + "weight decay and mini-batches of 128 (paper §2.3), checkpointing every epoch to MODEL.checkpoint; "
                + "a later run with the same options resumes from it. Writes the model in DL4J's format.",
                "Exit code 0 when the model is written."})
public final class BridgeTrainCommand implements Callable<Integer> {

    @Option(names = "--type", required = true, description = "1, 2, 3, 4a, 4b, 5a or 5b (paper §2.1).")
    String type;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "The model file to write.")
    Path out;

    @Option(names = "--snapshot-every", paramLabel = "E", defaultValue = "0", description = "Also keep the network "
            + "after every E epochs as MODEL-epoch-E.zip, for the analysis over the epochs; 0 none (default "
            + "${DEFAULT-VALUE}).")
    int snapshotEvery;

    @Option(names = "--restart", description = "Ignore a checkpoint of an earlier run and start afresh.")
    boolean restart;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    TrainingOptions options;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        if (snapshotEvery < 0) {
            throw new BadInputException("--snapshot-every must be ≥ 0, got " + snapshotEvery);
        }
        long t0 = System.nanoTime();
        ModelType t = ModelType.parse(type);
        DatasetSpec dataset = options.datasetSpec();
        ResNetSpec s = options.spec(t, dataset.classCount());
        TrainingSettings settings = options.settings();
        if (Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " is a directory; give a model file name");
        }
        BadInputException.requireWritableFile("--out " + out, out);
        options.applyThreads();
        Split data = dataset.load();
        PrintWriter human = json.human();
        BridgePrinter.training(s, dataset, data, settings, options.threads, human);
        int resumedFrom = 0;
        Path checkpoint = Trainer.checkpointOf(out);
        if (!restart && Files.exists(checkpoint)) {
            resumedFrom = ModelFile.info(checkpoint).epochsDone();
            human.println("resuming from " + checkpoint + " after epoch " + resumedFrom);
            human.flush();
        }
        ModelInfo info;
        try (Progress bar = Progress.of("train " + t.optionName(), 1, quiet)) {
            info = Trainer.train(s, dataset, data, settings, out, !restart, snapshotEvery, ProgressBars.monitor(bar));
        }
        TrainReport report = TrainReport.of(info, options.threads, out.toString(), resumedFrom,
                (System.nanoTime() - t0) / 1e9);
        BridgePrinter.train(report, human);
        human.flush();
        json.write(report);
        return Main.HOLDS;
    }
}
