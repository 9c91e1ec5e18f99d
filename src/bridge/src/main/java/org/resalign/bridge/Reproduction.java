package org.resalign.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * {@code resalign reproduce SPEC}: trains (or resumes, or reuses) every network of an experiment, measures RA1–RA4
 * on each with Theorem 3.1's prediction and the UJM optimum beside them ({@link CompareReport}), and judges the
 * experiment's claim ({@link ClaimResult}).
 *
 * <p>Models live in {@code NAME-models/LABEL.zip} beside the spec {@code NAME.yaml}. A finished model of the same
 * run (architecture, data and optimiser) is reused, so re-running an experiment re-measures without re-training and,
 * with the same seeds, gives the same results; a run interrupted in training resumes from its checkpoint.
 */
public final class Reproduction {

    /** What a long experiment reports as it goes. Every method does nothing by default. */
    public interface Listener {
        /** A line for people. */
        default void message(String line) {
        }

        /** Training of {@code label} starts; the monitor is told its steps. */
        default TrainingMonitor training(String label) {
            return TrainingMonitor.NONE;
        }

        /** Training of {@code label} ended (also when it failed). */
        default void trained(String label) {
        }

        /** Analysis of {@code label} at {@code inputs} inputs starts; the consumer is told each input finished. */
        default IntConsumer analysing(String label, int inputs) {
            return n -> { };
        }

        /** Analysis of {@code label} ended. */
        default void analysed(String label) {
        }
    }

    private Reproduction() {
    }

    /** Where the models of the experiment {@code specFile} live. */
    public static Path modelsOf(Path specFile) {
        Path abs = specFile.toAbsolutePath();
        return abs.resolveSibling(ExperimentSpec.nameOf(abs) + "-models");
    }

    /** Where its results go. */
    public static Path resultsOf(Path specFile) {
        Path abs = specFile.toAbsolutePath();
        return abs.resolveSibling(ExperimentSpec.nameOf(abs));
    }

    /**
     * Runs the experiment.
     *
     * @param specFile the spec
     * @param threads  the ND4J threads in use (recorded with each run)
     * @param restart  ignore checkpoints and finished models: train every network again
     * @param listener progress
     */
    public static ReproduceReport run(Path specFile, int threads, boolean restart, Listener listener) {
        long t0 = System.nanoTime();
        ExperimentSpec spec = ExperimentSpec.read(specFile);
        String name = ExperimentSpec.nameOf(specFile);
        Path base = specFile.toAbsolutePath().getParent();
        AnalysisSettings settings = spec.analysisSettings();
        ExperimentSpec.Claim claim = spec.claimKind();
        if (claim == ExperimentSpec.Claim.TABLE) {
            List<AccuracyTable.Row> rows = AccuracyTable.rows(base, spec);
            return new ReproduceReport("reproduce", name, spec, settings.seed(), BridgeVersions.all(),
                    (System.nanoTime() - t0) / 1e9, "tabulated", null, List.of(), rows);
        }
        Path models = modelsOf(specFile);
        Map<DatasetSpec, Split> data = new HashMap<>();
        List<RunResult> results = new ArrayList<>();
        for (ExperimentSpec.Run run : spec.resolve()) {
            Split split = data.computeIfAbsent(run.dataset(), DatasetSpec::load);
            Path model = models.resolve(run.label() + ".zip");
            String relative = base.relativize(model).toString();
            Trained trained = trainOrReuse(run, split, model, relative, describe(run, split), restart, threads,
                    listener);
            CompareReport measured;
            try {
                measured = CompareReport.of("reproduce", relative, ModelFile.read(model, false), split, settings,
                        listener.analysing(run.label(), settings.inputs()), System.nanoTime());
            } finally {
                listener.analysed(run.label());
            }
            results.add(new RunResult(run.label(), run.group(), run.training().seed(), relative, trained.reused(),
                    trained.report(), measured));
        }
        ClaimResult judged = ClaimResult.judge(claim, results, spec.trainingSeeds());
        return new ReproduceReport("reproduce", name, spec, settings.seed(), BridgeVersions.all(),
                (System.nanoTime() - t0) / 1e9, judged.holds() ? "holds" : "fails", judged, results, null);
    }

    /**
     * The skip-connection counterfactual of paper Figure 6 ({@code bridge skips}): the network {@code with} skip
     * connections (Type 4a or 5a) and its counterpart without them (4b or 5b; same width, depth, data, seed and
     * optimiser), each trained or reused as {@link #trainOrReuse} says (models {@code type-4a.zip} and so on in
     * {@code models}), analysed at its training inputs, and judged by {@link SkipCounterfactual}.
     *
     * @param threads  the ND4J threads in use (recorded with each training)
     * @param listener progress; its labels are {@code type 4a} and {@code type 4b} (or 5a, 5b)
     */
    public static SkipsReport skips(ResNetSpec with, DatasetSpec dataset, TrainingSettings training,
            AnalysisSettings settings, int threads, Path models, Listener listener) {
        long t0 = System.nanoTime();
        ResNetSpec without = new ResNetSpec(with.type().withSkips(false), with.width(), with.depth(), with.classes());
        Split split = dataset.load();
        ResNetSpec[] specs = {with, without};
        TrainReport[] trained = new TrainReport[2];
        AnalysisReport[] analysed = new AnalysisReport[2];
        for (int m = 0; m < 2; m++) {
            String label = "type " + specs[m].type().optionName();
            Path model = models.resolve("type-" + specs[m].type().optionName() + ".zip");
            trained[m] = trainOrReuse(new ExperimentSpec.Run(label, specs[m], dataset, training), split, model,
                    model.toString(), "...", false, threads, listener).report();
            try {
                analysed[m] = AnalysisReport.of("bridge skips", model.toString(), ModelFile.read(model, false), split,
                        settings, listener.analysing(label, settings.inputs()));
            } finally {
                listener.analysed(label);
            }
        }
        SkipCounterfactual result = SkipCounterfactual.judge(analysed[0].lastStage().summary(),
                analysed[1].lastStage().summary());
        return new SkipsReport("bridge skips", training.seed(), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9,
                result.confirmed() ? "confirmed" : "not-confirmed", trained[0], trained[1], analysed[0], analysed[1],
                result);
    }

    /**
     * A network trained by {@link #trainOrReuse}.
     *
     * @param report its training record
     * @param reused whether a finished model of the same run was reused instead of training again
     */
    public record Trained(TrainReport report, boolean reused) {
    }

    /**
     * The network of {@code run} at {@code model}: the finished model there when it is of the same run (architecture,
     * data and optimiser: {@link ModelInfo#sameRun}) and {@code restart} is off, else trained, resuming from its
     * checkpoint unless {@code restart}. Tells the listener {@code "LABEL: reusing the trained model SHOWN"} or
     * {@code "LABEL: training WHAT"}, and {@link Listener#training}/{@link Listener#trained} around a training.
     *
     * @param shown   how the message and the training record name the model file
     * @param what    how the message describes the training
     * @param threads the ND4J threads in use, recorded in the training record
     */
    public static Trained trainOrReuse(ExperimentSpec.Run run, Split split, Path model, String shown, String what,
            boolean restart, int threads, Listener listener) {
        long start = System.nanoTime();
        ModelInfo info = !restart && Files.exists(model) ? ModelFile.info(model) : null;
        boolean reused = info != null && info.trainAccuracy() != null
                && info.sameRun(run.spec(), run.dataset(), run.training());
        if (reused) {
            listener.message(run.label() + ": reusing the trained model " + shown);
        } else {
            listener.message(run.label() + ": training " + what);
            try {
                Files.createDirectories(model.toAbsolutePath().getParent());
                info = Trainer.train(run.spec(), run.dataset(), split, run.training(), model, !restart,
                        listener.training(run.label()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot prepare " + model.toAbsolutePath().getParent(), e);
            } finally {
                listener.trained(run.label());
            }
        }
        return new Trained(TrainReport.of(info, threads, shown, 0, (System.nanoTime() - start) / 1e9), reused);
    }

    private static String describe(ExperimentSpec.Run run, Split split) {
        ResNetSpec s = run.spec();
        TrainingSettings t = run.training();
        return "type " + s.type().optionName() + ", D=" + s.width() + ", L=" + s.depth() + ", C=" + s.classes() + ", "
                + split.train().size() + " images, " + t.epochs() + " epochs, λ=" + t.weightDecay()
                + (t.stochasticDepth() > 0 ? ", stochastic depth " + t.stochasticDepth() : "");
    }
}
