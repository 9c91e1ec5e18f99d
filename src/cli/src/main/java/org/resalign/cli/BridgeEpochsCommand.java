package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.bridge.DatasetSpec;
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
                + "Several networks of one recipe at different seeds give each measurement's 95%% interval across "
                + "the seeds per epoch.",
                "Seeds measured apart are joined with --with REPORT.json: the report is the one all the seeds "
                        + "would have made measured together.",
                "--baseline REPORT.json pairs the runs by seed with those of another recipe or architecture at the "
                        + "same seeds (say, type 4b against 4a, or one weight decay against another) and adds the "
                        + "95%% interval of each measurement's paired difference per epoch.",
                "Exit code 0 when the networks were measured; 2 for a missing, truncated, foreign or imported model "
                        + "file, a report that is not one of bridge epochs, networks of different recipes, or a baseline at other "
                        + "seeds or measured otherwise."})
public final class BridgeEpochsCommand implements Callable<Integer> {

    /** NC's training images when --collapse-inputs is not given (all of them when there are fewer). */
    static final int COLLAPSE_INPUTS = 10_000;

    @Parameters(arity = "0..*", paramLabel = "MODEL.zip", description = "Models written by 'bridge train', one "
            + "recipe at distinct seeds; each one's snapshots MODEL-epoch-E.zip are found beside it.")
    List<Path> models = List.of();

    @Option(names = "--with", paramLabel = "REPORT.json", description = "An earlier report of bridge epochs "
            + "(its epochs.json or --json) of the same recipe and measurement at other seeds, whose runs join "
            + "those measured here; repeatable, and enough without MODEL.zip. Its --collapse-inputs is the default.")
    List<Path> with = List.of();

    @Option(names = "--baseline", paramLabel = "REPORT.json", description = "Reports of bridge epochs (their "
            + "epochs.json) of the networks to compare with, at the same seeds, data and measurement; several are "
            + "joined as --with joins. Each measurement's difference (these − baseline) is paired by seed.")
    List<Path> baseline = List.of();

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
        if (models.isEmpty() && with.isEmpty()) {
            throw new BadInputException("bridge epochs: give MODEL.zip or --with REPORT.json");
        }
        Threads.use(threads);
        long t0 = System.nanoTime();
        List<EpochStudy.Report> earlier = with.stream().map(f -> EpochStudy.read(f, "with")).toList();
        List<EpochStudy.Report> baselines = baseline.stream().map(f -> EpochStudy.read(f, "baseline")).toList();
        List<EpochStudy.Plan> plans = models.isEmpty() ? List.of() : EpochStudy.plan(models);
        int given = collapseInputs != null ? collapseInputs
                : !earlier.isEmpty() ? earlier.get(0).collapseInputs()
                : !baselines.isEmpty() ? baselines.get(0).collapseInputs() : -1;
        if (!earlier.isEmpty()) {
            EpochStudy.requireJoinable("with", earlier, with, plans, analysis.settings(), given);
        }
        EpochStudy.Report base = null;
        if (!baselines.isEmpty()) {
            EpochStudy.requireJoinable("baseline", baselines, baseline, List.of(), analysis.settings(),
                    baselines.get(0).collapseInputs());
            base = baselines.size() == 1 ? baselines.get(0) : EpochStudy.join(baselines, 0);
            java.util.List<Long> seeds = new java.util.ArrayList<>();
            earlier.forEach(r -> r.runs().forEach(run -> seeds.add(run.seed())));
            plans.forEach(p -> seeds.add(p.seed()));
            DatasetSpec dataset = plans.isEmpty() ? earlier.get(0).dataset() : plans.get(0).info().dataset();
            EpochStudy.requirePairable(base, baseline.get(0), seeds, dataset, analysis.settings(),
                    given);
        }
        List<EpochStudy.Report> parts = new java.util.ArrayList<>(earlier);
        if (!plans.isEmpty()) {
            int points = plans.stream().mapToInt(EpochStudy.Plan::points).sum();
            try (Progress bar = Progress.of("epochs", points, quiet)) {
                int[] done = {0};
                parts.add(EpochStudy.run(EpochStudy.COMMAND, plans, analysis.settings(),
                        n -> given < 0 ? Math.min(COLLAPSE_INPUTS, n) : given,
                        p -> bar.stepTo(++done[0], "epoch " + p.epoch())));
            }
        }
        EpochStudy.Report joined = parts.size() == 1 ? parts.get(0)
                : EpochStudy.join(parts, (System.nanoTime() - t0) / 1e9);
        EpochStudy.Report report = base == null ? joined : EpochStudy.against(joined, base, baseline.get(0));
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
