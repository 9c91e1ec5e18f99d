package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.EpochRecord;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ModelInfo;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.Split;
import org.resalign.bridge.TrainReport;
import org.resalign.bridge.Trainer;
import org.resalign.bridge.TrainingMonitor;
import org.resalign.bridge.TrainingSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resalign bridge train}: trains one of the paper's ResNet types (§2.1) as in §2.3. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a ResNet of the paper's types with SGD (Nesterov momentum), the cosine schedule, "
                + "weight decay and mini-batches of 128 (paper §2.3), checkpointing every epoch to MODEL.checkpoint; "
                + "a later run with the same options resumes from it. Writes the model in DL4J's format.",
                "Exit code 0 when the model is written."})
public final class BridgeTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, description = "1, 2, 3, 4a, 4b, 5a or 5b (paper §2.1).")
    String type;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "The model file to write.")
    Path out;

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
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        human.printf(Locale.ROOT, "training type %s: D=%d L=%d C=%d on %s (%d train / %d test images), %d epochs, "
                + "λ=%s, %d thread(s)%n", t.optionName(), s.width(), s.depth(), s.classes(), dataset.kind(),
                data.train().size(), data.test().size(), settings.epochs(), Table.compact(settings.weightDecay()),
                options.threads);
        human.flush();
        int resumedFrom = 0;
        Path checkpoint = Trainer.checkpointOf(out);
        if (!restart && Files.exists(checkpoint)) {
            resumedFrom = ModelFile.info(checkpoint).epochsDone();
            human.println("resuming from " + checkpoint + " after epoch " + resumedFrom);
            human.flush();
        }
        ModelInfo info;
        try (Progress bar = Progress.of("train " + t.optionName(), 1, quiet)) {
            info = Trainer.train(s, dataset, data, settings, out, !restart, monitor(bar));
        }
        TrainReport report = TrainReport.of(info, options.threads, out.toString(), resumedFrom,
                (System.nanoTime() - t0) / 1e9);
        print(report, human);
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return Main.HOLDS;
    }

    static TrainingMonitor monitor(Progress bar) {
        return new TrainingMonitor() {
            long done;
            EpochRecord last;

            @Override
            public void started(long total, long already) {
                done = already;
                bar.resize(total);
                bar.stepTo(done, "");
            }

            @Override
            public void step(double loss) {
                done++;
                bar.stepTo(done, String.format(Locale.ROOT, " loss %.4f%s", loss, last == null ? ""
                        : String.format(Locale.ROOT, "  test acc %.4f", last.testAccuracy())));
            }

            @Override
            public void epoch(EpochRecord record) {
                last = record;
            }
        };
    }

    static void print(TrainReport r, PrintWriter out) {
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
}
