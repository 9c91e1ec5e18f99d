package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.ExperimentFolder;
import org.resalign.bridge.ExperimentSpec;
import org.resalign.bridge.ReproduceReport;
import org.resalign.bridge.Reproduction;
import org.resalign.bridge.Threads;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngines;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resalign reproduce experiments/NAME.yaml}: one of the paper's experiments, end to end. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment spec (YAML or JSON, see experiments/): trains each of its networks (or "
                + "resumes from a checkpoint, or reuses a finished model of the same run in NAME-models/), measures "
                + "RA1–RA4 at training inputs beside Theorem 3.1's prediction and the UJM optimum, judges the "
                + "experiment's claim, and writes results.json, summary.md and the figures into NAME/ beside the spec. "
                + "Same spec and seeds, same results.",
                "Exit code 0 when the claim holds (or a table was written), 1 when it does not, 2 for a bad spec."})
public final class ReproduceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The experiment spec, e.g. experiments/fig6-skips.yaml.")
    Path specFile;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--restart", description = "Train every network again, ignoring finished models and checkpoints.")
    boolean restart;

    @Option(names = "--models", paramLabel = "DIR", description = "Where the models and checkpoints live (default "
            + "NAME-models/ beside the spec; with --master on a cluster, a path every executor sees).")
    Path models;

    @Option(names = "--master", paramLabel = "URL", description = "Train the networks as Apache Spark tasks at this "
            + "master (local[N], spark://host:port or k8s://…; each task takes --threads cores), then measure them "
            + "here. The JSON is the same as without, apart from the wall times.")
    String master;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        Threads.use(threads);
        PrintWriter human = json.human();
        ExperimentSpec.read(specFile); // a bad spec is named as such, before its results folder is looked at
        Path out = Reproduction.resultsOf(specFile);
        BadInputException.requireWritableFolder("the results folder " + out + " of " + specFile, out);
        Path modelDir = models != null ? models : Reproduction.modelsOf(specFile);
        if (models != null) {
            BadInputException.requireWorkFolder("--models " + models, models);
        }
        ReproduceReport report;
        try (UnitEngine engine = UnitEngines.open(master, threads)) {
            report = Reproduction.run(specFile, modelDir, threads, restart, engine, new ProgressBars(human, quiet));
        }
        ReportFolder.write(out, folder -> ExperimentFolder.writeInto(folder, report));
        BridgePrinter.reproduce(report, human);
        human.println("results folder: " + out);
        human.flush();
        json.write(report);
        return report.verdict().equals("fails") ? Main.FAILS : Main.HOLDS;
    }
}
