package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

import org.resalign.bridge.AccuracyTable;
import org.resalign.bridge.ExperimentFolder;
import org.resalign.bridge.ExperimentSpec;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.ReproduceReport;
import org.resalign.bridge.Reproduction;
import org.resalign.bridge.RunResult;
import org.resalign.bridge.Threads;
import org.resalign.bridge.TrainingMonitor;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code resalign reproduce experiments/NAME.yaml}: one of the paper's experiments, end to end. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment spec (YAML or JSON, see experiments/): trains each of its networks (or "
                + "resumes from a checkpoint, or reuses a finished model of the same run in NAME-models/), measures "
                + "RA1–RA4 at training inputs beside Theorem 3.1's prediction and the UJM optimum, judges the "
                + "experiment's claim, and writes results.json, summary.md and the figures into NAME/ beside the spec. "
                + "Same spec and seeds, same results.",
                "Exit code 0 when the claim holds (or a table was written), 1 when it does not, 2 for a bad spec."})
public final class ReproduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The experiment spec, e.g. experiments/fig6-skips.yaml.")
    Path specFile;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--restart", description = "Train every network again, ignoring finished models and checkpoints.")
    boolean restart;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        Threads.use(threads);
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        ExperimentSpec.read(specFile); // a bad spec is named as such, before its results folder is looked at
        Path out = Reproduction.resultsOf(specFile);
        BadInputException.requireWritableFolder("the results folder " + out + " of " + specFile, out);
        ReproduceReport report = Reproduction.run(specFile, threads, restart, new Bars(human, quiet));
        ReportFolder.write(out, folder -> ExperimentFolder.writeInto(folder, report));
        print(report, human);
        human.println("results folder: " + out);
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return report.verdict().equals("fails") ? Main.FAILS : Main.HOLDS;
    }

    /** Progress bars for training and analysis, one at a time. */
    private static final class Bars implements Reproduction.Listener {
        private final PrintWriter out;
        private final boolean quiet;
        private Progress bar;

        Bars(PrintWriter out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void message(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public TrainingMonitor training(String label) {
            bar = Progress.of("train " + label, 1, quiet);
            return BridgeTrainCommand.monitor(bar);
        }

        @Override
        public void trained(String label) {
            close();
        }

        @Override
        public IntConsumer analysing(String label, int inputs) {
            bar = Progress.of("analyze " + label, inputs, quiet);
            Progress b = bar;
            return n -> b.stepTo(n, "");
        }

        @Override
        public void analysed(String label) {
            close();
        }

        private void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    static void print(ReproduceReport r, PrintWriter out) {
        out.println();
        out.println("reproduce  " + r.experiment() + ": " + r.spec().title());
        if (r.table() != null) {
            out.printf(Locale.ROOT, "  %-28s %-22s %4s %10s %8s %9s%n", "experiment", "network", "C", "test acc",
                    "paper", "steps/s");
            for (AccuracyTable.Row t : r.table()) {
                out.printf(Locale.ROOT, "  %-28s %-22s %4d %10.4f %8s %9.1f%n", t.experiment(), t.label(), t.classes(),
                        t.testAccuracy(), t.paperAccuracy() == null ? "–" : String.format(Locale.ROOT, "%.3f",
                                t.paperAccuracy()), t.stepsPerSecond());
            }
            return;
        }
        out.printf(Locale.ROOT, "  %-16s %9s %9s %8s %10s %9s %9s %8s %9s%n", "network", "test acc", "train s",
                "steps/s", "RA1 line", "Thm 3.1", "RA2 exc.", "RA3 rk", "RA4 a");
        for (RunResult run : r.runs()) {
            NetworkAnalysis.Summary m = run.analysis().analysis().lastStage().summary();
            out.printf(Locale.ROOT, "  %-16s %9.4f %9.0f %8.1f %10s %9s %9s %8s %9s%n", run.label(),
                    run.training().testAccuracy(), run.training().trainingSeconds(), run.training().stepsPerSecond(),
                    Table.short4(m.lineFraction().mean()), Table.short4(m.predictedLineFraction().mean()),
                    Table.short4(m.excess()), Table.short4(m.alignedRank().mean()),
                    Table.short4(m.ra4Slope().mean()));
        }
        out.println();
        out.println("claim " + r.claim().claim() + ": " + (r.claim().holds() ? "HOLDS" : "DOES NOT HOLD") + " — "
                + r.claim().statement());
    }
}
