package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.bridge.EpochFolder;
import org.resalign.bridge.EpochStudy;
import org.resalign.bridge.Threads;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resalign bridge epochs MODEL.zip...}: RA and Neural Collapse over the epochs of training (Figure 7). */
@Command(name = "epochs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"RA1-RA4 and Neural Collapse (NC1-NC4, Papyan, Han & Donoho 2020) of trained networks over "
                + "their epochs, as the paper's Figure 7: each network at initialisation, at every snapshot its "
                + "training kept (bridge train --snapshot-every E) and finished, at the same training inputs. "
                + "Several networks of one recipe at different seeds give each measurement's 95% interval across "
                + "the seeds per epoch.",
                "Exit code 0 when the networks were measured; 2 for a missing, truncated, foreign or imported model "
                        + "file, or networks of different recipes."})
public final class BridgeEpochsCommand implements Callable<Integer> {

    /** NC's training images when --collapse-inputs is not given (all of them when there are fewer). */
    static final int COLLAPSE_INPUTS = 10_000;

    @Parameters(arity = "1..*", paramLabel = "MODEL.zip", description = "Models written by 'bridge train', one "
            + "recipe at distinct seeds; each one's snapshots MODEL-epoch-E.zip are found beside it.")
    List<Path> models;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--collapse-inputs", paramLabel = "N", description = "Training images (drawn from "
            + "--analysis-seed) at which NC1-NC4 are measured (default " + COLLAPSE_INPUTS + ", or all when "
            + "there are fewer).")
    Integer collapseInputs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: epochs.json, epochs.png "
            + "(Figure 7) and summary.md.")
    Path out;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        Threads.use(threads);
        List<EpochStudy.Plan> plans = EpochStudy.plan(models);
        int points = plans.stream().mapToInt(EpochStudy.Plan::points).sum();
        int given = collapseInputs == null ? -1 : collapseInputs;
        EpochStudy.Report report;
        try (Progress bar = Progress.of("epochs", points, quiet)) {
            int[] done = {0};
            report = EpochStudy.run("bridge epochs", plans, analysis.settings(),
                    n -> given < 0 ? Math.min(COLLAPSE_INPUTS, n) : given,
                    p -> bar.stepTo(++done[0], "epoch " + p.epoch()));
        }
        if (out != null) {
            ReportFolder.write(out, folder -> EpochFolder.writeInto(folder, report));
        }
        PrintWriter human = json.human();
        BridgePrinter.epochs(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        json.write(report);
        return Main.HOLDS;
    }
}
