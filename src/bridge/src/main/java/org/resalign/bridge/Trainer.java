package org.resalign.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * Trains a network as in paper §2.3 (SGD, plain or with Nesterov momentum, on the cosine schedule, weight decay as
 * eq. (1), mini-batches of 128 in an order drawn from the seed for each epoch), writing a checkpoint every few epochs that a later call
 * resumes from, and the finished model at the end.
 *
 * <p>The checkpoint is {@code MODEL.zip.checkpoint}: a complete model file whose {@link ModelInfo} records the
 * epochs done. A call whose architecture, data and optimiser equal the checkpoint's continues from it; with the
 * same thread count the resumed run gives the same weights as an uninterrupted one (tested). The checkpoint is
 * removed once the model is written.
 */
public final class Trainer {

    private Trainer() {
    }

    /** Where the checkpoint of a run writing {@code model} lives. */
    public static Path checkpointOf(Path model) {
        return model.resolveSibling(model.getFileName() + ".checkpoint");
    }

    /**
     * Trains (or resumes) and writes {@code model}.
     *
     * @param spec     architecture
     * @param dataset  where the data come from
     * @param data     the data themselves ({@code dataset.load()}, passed in so callers load once)
     * @param settings optimiser
     * @param model    the model file to write
     * @param resume   continue from a matching checkpoint if there is one
     * @param monitor  progress
     * @return the finished model's record
     */
    public static ModelInfo train(ResNetSpec spec, DatasetSpec dataset, Split data, TrainingSettings settings,
            Path model, boolean resume, TrainingMonitor monitor) {
        return train(spec, dataset, data, settings, model, resume, 0, monitor);
    }

    /** Where the snapshot of a run writing {@code model} after epoch {@code epoch} lives: {@code NAME-epoch-E.zip}. */
    public static Path snapshotOf(Path model, int epoch) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(stem + "-epoch-" + epoch + ".zip");
    }

    /**
     * {@link #train(ResNetSpec, DatasetSpec, Split, TrainingSettings, Path, boolean, TrainingMonitor)}, also keeping
     * the network after every {@code snapshotEvery} epochs ({@link #snapshotOf}; 0: none) as a model file of its own,
     * so that the analysis can follow RA's emergence over the epochs. Snapshots do not change the training: the
     * finished model is the same with or without them, and a resumed run writes the snapshots of the epochs it trains.
     */
    public static ModelInfo train(ResNetSpec spec, DatasetSpec dataset, Split data, TrainingSettings settings,
            Path model, boolean resume, int snapshotEvery, TrainingMonitor monitor) {
        if (snapshotEvery < 0) {
            throw new InvalidInputException("snapshotEvery", "{snapshotEvery} must be ≥ 0, got " + snapshotEvery);
        }
        if (data.classes() != spec.classes()) {
            throw new IllegalArgumentException("the network has " + spec.classes() + " classes, the data "
                    + data.classes());
        }
        requireEngine(spec, settings);
        requireMemory(spec, settings);
        int n = data.train().size();
        int perEpoch = settings.stepsPerEpoch(n);
        ModelInfo fresh = new ModelInfo(ModelInfo.FORMAT, spec, dataset, settings, 0, List.of(), null,
                BridgeVersions.all());
        Path checkpoint = checkpointOf(model);
        ComputationGraph graph;
        ModelInfo info;
        if (resume && Files.exists(checkpoint)) {
            ModelFile.Loaded loaded = ModelFile.read(checkpoint, true);
            if (!loaded.info().sameRun(fresh)) {
                throw new InvalidInputException("restart", "checkpoint %s belongs to a different run (another type, "
                        + "data or optimiser); remove it or pass {restart}", checkpoint);
            }
            graph = loaded.graph();
            info = loaded.info();
        } else {
            graph = ResNetBuilder.build(spec, updater(settings, perEpoch), settings.weightDecay(),
                    settings.decayScope(), settings.stochasticDepth(), settings.branchScale(), settings.seed(),
                    DataType.FLOAT);
            info = fresh;
        }
        LeanNetwork lean = settings.engine() == TrainingEngine.LEAN
                ? LeanNetwork.of(graph, spec, settings) : null;
        monitor.started((long) perEpoch * settings.epochs(), (long) perEpoch * info.epochsDone());
        for (int epoch = info.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
            EpochRecord record = epoch(graph, lean, data.train(), settings, epoch, monitor);
            record = new EpochRecord(record.epoch(), record.steps(), record.meanLoss(), accuracy(graph, data.test()),
                    record.learningRate(), record.seconds());
            requireFinite(graph, epoch);
            info = info.plus(record);
            boolean last = epoch == settings.epochs();
            if (!last && settings.checkpointEvery() > 0 && epoch % settings.checkpointEvery() == 0) {
                ModelFile.write(graph, info, checkpoint);
            }
            if (!last && snapshotEvery > 0 && epoch % snapshotEvery == 0) {
                ModelFile.write(graph, info, snapshotOf(model, epoch));
            }
            monitor.epoch(record);
        }
        info = info.finished(accuracy(graph, data.train()));
        ModelFile.write(graph, info, model);
        try {
            Files.deleteIfExists(checkpoint);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the checkpoint " + checkpoint, e);
        }
        return info;
    }

    /**
     * Refuses, before any work, a network DL4J cannot hold: more parameters than one array indexes, or more native
     * memory than JavaCPP may allocate ({@code org.bytedeco.javacpp.maxbytes}, when bounded) for its
     * single-precision copies (parameters, gradients and, with Nesterov's method, the momentum:
     * {@link TrainingSettings#parameterCopies}), or, for the lean engine, more heap than the JVM has for its own. These are lower bounds of what training needs
     * (activations and ND4J's workspaces come on top).
     */
    static void requireMemory(ResNetSpec spec, TrainingSettings settings) {
        long p = ResNetBuilder.parameterCount(spec);
        String net = String.format(Locale.ROOT, "a type %s network of width %d, depth %d and %d classes has %,d "
                + "parameters", spec.type().optionName(), spec.width(), spec.depth(), spec.classes(), p);
        if (p > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("width", String.format(Locale.ROOT, "%s, more than one array holds (%,d); "
                    + "choose a smaller {width} or {depth}", net, Integer.MAX_VALUE - 8));
        }
        int n = settings.parameterCopies();
        long copies = (long) n * Float.BYTES * p;
        long heap = Runtime.getRuntime().maxMemory();
        if (settings.engine() == TrainingEngine.LEAN && copies > heap) {
            throw new InvalidInputException("width", String.format(Locale.ROOT, "%s; the lean engine keeps %d "
                    + "single-precision copies of them on the heap, %.1f GiB, and the JVM has %.1f GiB; choose a "
                    + "smaller {width} or {depth}, or give the JVM more with RESALIGN_JAVA_OPTS=-Xmx…", net, n,
                    copies / 1073741824.0, heap / 1073741824.0));
        }
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        if (max > 0 && copies > max) {
            throw new InvalidInputException("width", String.format(Locale.ROOT, "%s; training keeps %d "
                    + "single-precision copies of them, %.1f GiB, and JavaCPP may allocate %.1f GiB "
                    + "(org.bytedeco.javacpp.maxbytes); choose a smaller {width} or {depth}",
                    net, n, copies / 1073741824.0, max / 1073741824.0));
        }
    }

    /** Refuses an engine that cannot train {@code spec} with {@code settings}, before any work. */
    static void requireEngine(ResNetSpec spec, TrainingSettings settings) {
        if (settings.engine() == TrainingEngine.LEAN && !LeanNetwork.covers(spec, settings.stochasticDepth())) {
            throw new InvalidInputException("engine", "{engine} lean trains the fully-connected types 1, 4a and 4b "
                    + "without stochastic depth; type " + spec.type().optionName()
                    + (settings.stochasticDepth() > 0 ? " with stochastic depth" : "") + " needs the dl4j engine");
        }
        if (settings.engine() == TrainingEngine.LEAN && settings.branchScale() != 1) {
            throw new InvalidInputException("engine", "{engine} lean trains the paper's blocks; residual scaling "
                    + "α = " + settings.branchScale() + " needs the dl4j engine");
        }
        ResNetBuilder.requireBranchScale(spec, settings.branchScale());
    }

    /** DL4J's updater of the run's optimiser, plain SGD or Nesterov's, on the cosine schedule over the whole run. */
    static IUpdater updater(TrainingSettings settings, int stepsPerEpoch) {
        CosineSchedule schedule = new CosineSchedule(settings.learningRate(), stepsPerEpoch * settings.epochs());
        return switch (settings.optimizer()) {
            case SGD -> new Sgd(schedule);
            case NESTEROV -> new Nesterovs(schedule, settings.momentum());
        };
    }

    /**
     * One epoch by DL4J's {@code fit}, or by {@code lean} when it is given: then the learning rate of each step is
     * the updater's schedule at DL4J's iteration count, which is moved on as {@code fit} would, and the trained state
     * is written back into {@code graph} at the end of the epoch (for the accuracy and the checkpoint).
     */
    private static EpochRecord epoch(ComputationGraph graph, LeanNetwork lean, Images train,
            TrainingSettings settings, int epoch, TrainingMonitor monitor) {
        IUpdater schedule = ((BaseLayer) graph.getLayers()[0].conf().getLayer()).getIUpdater();
        int n = train.size();
        int[] order = permutation(n, settings.seed(), epoch);
        int b = settings.batchSize();
        double lossSum = 0;
        int steps = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += b) {
            int m = Math.min(b, n - from);
            Batch batch = Batch.of(train, order, from, m);
            double loss;
            if (lean != null) {
                int iteration = graph.getConfiguration().getIterationCount();
                loss = lean.fit(batch.pixels(), batch.labels(), m, schedule.getLearningRate(iteration,
                        graph.getConfiguration().getEpochCount()));
                graph.getConfiguration().setIterationCount(iteration + 1);
            } else {
                graph.fit(batch.dataSet(train.classes()));
                loss = graph.score();
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged: the loss is " + loss + " at epoch " + epoch
                        + ", step " + (steps + 1) + " (lower the learning rate or the weight decay)");
            }
            lossSum += loss;
            steps++;
            monitor.step(loss);
        }
        if (lean != null) {
            lean.copyInto(graph);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the rate of the epoch's last step: DL4J's counter has already moved on to the next step, whose rate
        // graph.getLearningRate would give (0 after the last epoch)
        double lr = schedule.getLearningRate(graph.getConfiguration().getIterationCount() - 1,
                graph.getConfiguration().getEpochCount());
        return new EpochRecord(epoch, steps, lossSum / steps, Double.NaN, lr, seconds);
    }

    /**
     * Refuses a network whose parameters or batch-norm statistics are no longer finite after epoch {@code epoch}
     * before it is written. Batch norm can hide such a divergence from the loss: a layer's weights that grow without
     * bound are normalised away in training mode until its running variance overflows (seen: a type 4b network with
     * Nesterov momentum and decay on every parameter, weights at 1e16 and an infinite running variance, at a finite
     * loss).
     */
    static void requireFinite(ComputationGraph graph, int epoch) {
        for (java.util.Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            INDArray a = e.getValue();
            if (a.isNaN().any() || a.isInfinite().any()) {
                throw new IllegalStateException("training diverged: " + e.getKey() + " holds non-finite values after "
                        + "epoch " + epoch + " (lower the learning rate or the momentum)");
            }
        }
    }

    /**
     * A mini-batch: the images {@code order[from … from+m−1]} of a training set, row-major, with their labels.
     */
    record Batch(float[] pixels, int[] labels) {

        static Batch of(Images train, int[] order, int from, int m) {
            int side = ResNetSpec.INPUT_SIZE;
            float[] x = new float[m * side];
            int[] labels = new int[m];
            for (int r = 0; r < m; r++) {
                int k = order[from + r];
                System.arraycopy(train.pixels(), k * side, x, r * side, side);
                labels[r] = train.labels()[k];
            }
            return new Batch(x, labels);
        }

        /** As DL4J's {@code fit} takes it: the pixels and one-hot labels of {@code classes} classes. */
        DataSet dataSet(int classes) {
            int m = labels.length;
            float[] y = new float[m * classes];
            for (int r = 0; r < m; r++) {
                y[r * classes + labels[r]] = 1f;
            }
            return new DataSet(Nd4j.create(pixels, new long[] {m, ResNetSpec.INPUT_SIZE}),
                    Nd4j.create(y, new long[] {m, classes}));
        }
    }

    /** The order of epoch {@code epoch}: a Fisher–Yates shuffle from the seed and the epoch. */
    static int[] permutation(int n, long seed, int epoch) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.SHUFFLE, epoch);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Fraction of {@code images} the network classifies correctly (inference mode, batches of 1000). */
    public static double accuracy(ComputationGraph graph, Images images) {
        int n = images.size();
        int side = ResNetSpec.INPUT_SIZE;
        int correct = 0;
        for (int from = 0; from < n; from += 1000) {
            int m = Math.min(1000, n - from);
            float[] x = new float[m * side];
            System.arraycopy(images.pixels(), from * side, x, 0, m * side);
            INDArray out = graph.outputSingle(Nd4j.create(x, new long[] {m, side}).castTo(graph.params().dataType()));
            INDArray argmax = out.argMax(1);
            for (int r = 0; r < m; r++) {
                if (argmax.getInt(r) == images.labels()[from + r]) {
                    correct++;
                }
            }
        }
        return (double) correct / n;
    }

}
