package org.resalign.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resalign.core.ujm.Seeds;

/**
 * Trains a network as in paper §2.3 (SGD with Nesterov momentum, cosine schedule, weight decay, mini-batches of
 * 128 in an order drawn from the seed for each epoch), writing a checkpoint every few epochs that a later call
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
        if (data.classes() != spec.classes()) {
            throw new IllegalArgumentException("the network has " + spec.classes() + " classes, the data "
                    + data.classes());
        }
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
                throw new IllegalArgumentException("checkpoint " + checkpoint + " belongs to a different run "
                        + "(another type, data or optimiser); remove it or pass --restart");
            }
            graph = loaded.graph();
            info = loaded.info();
        } else {
            graph = ResNetBuilder.build(spec, updater(settings, perEpoch), settings.weightDecay(),
                    settings.stochasticDepth(), settings.seed(), DataType.FLOAT);
            info = fresh;
        }
        monitor.started((long) perEpoch * settings.epochs(), (long) perEpoch * info.epochsDone());
        for (int epoch = info.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
            EpochRecord record = epoch(graph, data.train(), settings, epoch, monitor);
            record = new EpochRecord(record.epoch(), record.steps(), record.meanLoss(), accuracy(graph, data.test()),
                    record.learningRate(), record.seconds());
            info = info.plus(record);
            boolean last = epoch == settings.epochs();
            if (!last && settings.checkpointEvery() > 0 && epoch % settings.checkpointEvery() == 0) {
                ModelFile.write(graph, info, checkpoint);
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

    /** SGD with Nesterov momentum on the cosine schedule over the whole run. */
    static Nesterovs updater(TrainingSettings settings, int stepsPerEpoch) {
        return new Nesterovs(new CosineSchedule(settings.learningRate(), stepsPerEpoch * settings.epochs()),
                settings.momentum());
    }

    private static EpochRecord epoch(ComputationGraph graph, Images train, TrainingSettings settings, int epoch,
            TrainingMonitor monitor) {
        int n = train.size();
        int[] order = permutation(n, settings.seed(), epoch);
        int b = settings.batchSize();
        int classes = train.classes();
        int side = ResNetSpec.INPUT_SIZE;
        double lossSum = 0;
        int steps = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += b) {
            int m = Math.min(b, n - from);
            float[] x = new float[m * side];
            float[] y = new float[m * classes];
            for (int r = 0; r < m; r++) {
                int k = order[from + r];
                System.arraycopy(train.pixels(), k * side, x, r * side, side);
                y[r * classes + train.labels()[k]] = 1f;
            }
            graph.fit(new DataSet(Nd4j.create(x, new long[] {m, side}), Nd4j.create(y, new long[] {m, classes})));
            double loss = graph.score();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged: the loss is " + loss + " at epoch " + epoch
                        + ", step " + (steps + 1) + " (lower the learning rate or the weight decay)");
            }
            lossSum += loss;
            steps++;
            monitor.step(loss);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the rate of the epoch's last step: DL4J's counter has already moved on to the next step, whose rate
        // graph.getLearningRate would give (0 after the last epoch)
        IUpdater updater = ((BaseLayer) graph.getLayers()[0].conf().getLayer()).getIUpdater();
        double lr = updater.getLearningRate(graph.getConfiguration().getIterationCount() - 1,
                graph.getConfiguration().getEpochCount());
        return new EpochRecord(epoch, steps, lossSum / steps, Double.NaN, lr, seconds);
    }

    /** The order of epoch {@code epoch}: a Fisher–Yates shuffle from the seed and the epoch. */
    static int[] permutation(int n, long seed, int epoch) {
        RandomGenerator rng = Seeds.stream(seed * 1_000_003L + epoch, Seeds.Purpose.SHUFFLE);
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
