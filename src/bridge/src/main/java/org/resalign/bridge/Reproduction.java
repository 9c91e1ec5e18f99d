package org.resalign.bridge;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.resalign.core.engine.UnitEngine;

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
        return run(specFile, modelsOf(specFile), threads, restart, UnitEngine.IN_PROCESS, listener);
    }

    /**
     * Runs the experiment with its models in {@code models}, training on {@code engine}. In this JVM
     * ({@link UnitEngine#IN_PROCESS}) each network is trained, then measured, one after another. On another engine
     * every network that needs training is first trained as one task of one job (the task reads the spec and the
     * data itself, uses {@code threads} ND4J threads, checkpoints as the spec says and resumes a checkpoint it finds, so
     * a task run again after a lost executor continues where the last checkpoint left it; {@code restart} removes the
     * old models and checkpoints here, before the job). Then every network is measured here. The report is the same
     * on either engine apart from wall times.
     *
     * @param models where the models and checkpoints live (on a cluster, a path every executor sees)
     */
    public static ReproduceReport run(Path specFile, Path models, int threads, boolean restart, UnitEngine engine,
            Listener listener) {
        long t0 = System.nanoTime();
        ExperimentSpec spec = ExperimentSpec.read(specFile);
        String name = ExperimentSpec.nameOf(specFile);
        Path base = specFile.toAbsolutePath().getParent();
        AnalysisSettings settings = spec.analysisSettings();
        ExperimentSpec.Claim claim = spec.claimKind();
        if (claim == ExperimentSpec.Claim.TABLE) {
            List<AccuracyTable.Row> rows = AccuracyTable.rows(base, spec);
            return new ReproduceReport("reproduce", name, spec, settings.seed(), BridgeVersions.all(),
                    (System.nanoTime() - t0) / 1e9, "tabulated", null, List.of(), rows, null);
        }
        Map<DatasetSpec, Split> data = new HashMap<>();
        List<RunResult> results = new ArrayList<>();
        List<ExperimentSpec.Run> runs = spec.resolve();
        Map<Integer, Double> trainedElsewhere = engine == UnitEngine.IN_PROCESS ? Map.of()
                : trainOn(engine, specFile, runs, models, threads, restart, listener);
        for (int r = 0; r < runs.size(); r++) {
            ExperimentSpec.Run run = runs.get(r);
            Split split = data.computeIfAbsent(run.dataset(), DatasetSpec::load);
            Path model = models.resolve(run.label() + ".zip");
            String relative = base.toAbsolutePath().relativize(model.toAbsolutePath()).toString();
            Trained trained = trainedElsewhere.containsKey(r)
                    ? new Trained(TrainReport.of(ModelFile.info(model), threads, relative, 0, trainedElsewhere.get(r)),
                            false)
                    : trainOrReuse(run, split, model, relative, describe(run, split), restart, threads, listener);
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
                (System.nanoTime() - t0) / 1e9, judged.holds() ? "holds" : "fails", judged, results, null,
                engine.record());
    }

    /** A network to train on an engine: the spec it comes from, its place in the spec's runs, and its model. */
    record TrainingUnit(String specFile, int run, String model, int threads) implements Serializable {
    }

    /**
     * Trains, on {@code engine}, every run whose model is not a finished model of the same run; the wall seconds of
     * each, by its place in {@code runs}. Reused models are told to the listener as in one JVM.
     */
    private static Map<Integer, Double> trainOn(UnitEngine engine, Path specFile, List<ExperimentSpec.Run> runs,
            Path models, int threads, boolean restart, Listener listener) {
        List<TrainingUnit> units = new ArrayList<>();
        List<Integer> places = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            ExperimentSpec.Run run = runs.get(r);
            Path model = models.resolve(run.label() + ".zip").toAbsolutePath();
            if (!restart && finished(run, model) != null) {
                continue; // reused by trainOrReuse, which says so
            }
            try {
                if (restart) {
                    Files.deleteIfExists(model);
                    Files.deleteIfExists(Trainer.checkpointOf(model));
                }
                Files.createDirectories(model.getParent());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot prepare " + model, e);
            }
            listener.message(run.label() + ": training on " + engine);
            units.add(new TrainingUnit(specFile.toAbsolutePath().toString(), r, model.toString(), threads));
            places.add(r);
        }
        List<UnitOutcome> outcomes = engine.map(units, Reproduction::trainUnit);
        Map<Integer, Double> out = new HashMap<>();
        for (int k = 0; k < places.size(); k++) {
            UnitOutcome o = outcomes.get(k);
            out.put(places.get(k), o.seconds());
            listener.message(runs.get(places.get(k)).label() + ": trained on " + engine + String.format(
                    java.util.Locale.ROOT, " in %.1f s", o.seconds()) + (o.resumedAfterEpoch() > 0
                    ? ", resumed from its checkpoint after epoch " + o.resumedAfterEpoch() : ""));
        }
        return out;
    }

    /**
     * What a training task did.
     *
     * @param seconds           its wall time
     * @param resumedAfterEpoch the epochs its checkpoint had done when it started (0: trained from the start, or the
     *                          model was already finished)
     */
    record UnitOutcome(double seconds, int resumedAfterEpoch) implements Serializable {
    }

    /** One training task: reads its spec and data, trains (resuming a checkpoint), and says what it did. */
    static UnitOutcome trainUnit(TrainingUnit u) {
        long start = System.nanoTime();
        Threads.use(u.threads());
        ExperimentSpec.Run run = ExperimentSpec.read(Path.of(u.specFile())).resolve().get(u.run());
        Path model = Path.of(u.model());
        if (finished(run, model) != null) {
            return new UnitOutcome((System.nanoTime() - start) / 1e9, 0); // run again after it had finished
        }
        Path checkpoint = Trainer.checkpointOf(model);
        int resumed = Files.exists(checkpoint) ? ModelFile.info(checkpoint).epochsDone() : 0;
        Trainer.train(run.spec(), run.dataset(), run.dataset().load(), run.training(), model, true,
                TrainingMonitor.NONE);
        return new UnitOutcome((System.nanoTime() - start) / 1e9, resumed);
    }

    /** The record of the finished model of {@code run} at {@code model}; {@code null} when there is none. */
    private static ModelInfo finished(ExperimentSpec.Run run, Path model) {
        ModelInfo info = Files.exists(model) ? ModelFile.info(model) : null;
        return info != null && info.trainAccuracy() != null && info.sameRun(run.spec(), run.dataset(),
                run.training()) ? info : null;
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
        ModelInfo info = restart ? null : finished(run, model);
        boolean reused = info != null;
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
