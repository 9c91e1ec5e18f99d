package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.resalign.core.io.Json;

class TrainerTest {

    static final int CLASSES = 2;
    static final int TRAIN_PER_CLASS = 64;
    static final int TEST_PER_CLASS = 32;
    static final long DATA_SEED = 21;
    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 8, 2, CLASSES);
    /** An easy mixture: the class means are far apart compared with the unit noise. */
    static final Split DATA = GaussianMixture.generate(CLASSES, TRAIN_PER_CLASS, TEST_PER_CLASS, 8.0, DATA_SEED);
    static final DatasetSpec DATASET = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", TRAIN_PER_CLASS,
            TEST_PER_CLASS, DATA_SEED);

    @TempDir
    Path dir;

    static TrainingSettings settings(int epochs) {
        return new TrainingSettings(epochs, 16, 0.1, 0.9, 1e-3, 7, 1);
    }

    /** Counts what the trainer reports; optionally stops the run by throwing from a given step. */
    static final class Recorder implements TrainingMonitor {
        final long stopAtStep;
        long total = -1;
        long done = -1;
        long steps;
        final List<EpochRecord> epochs = new ArrayList<>();
        final List<Boolean> checkpointDuringStep = new ArrayList<>();
        final Path checkpoint;

        Recorder(Path model, long stopAtStep) {
            this.checkpoint = Trainer.checkpointOf(model);
            this.stopAtStep = stopAtStep;
        }

        @Override
        public void started(long total, long done) {
            this.total = total;
            this.done = done;
            this.steps = done;
        }

        @Override
        public void step(double loss) {
            steps++;
            checkpointDuringStep.add(Files.exists(checkpoint));
            if (steps == stopAtStep) {
                throw new Interrupted();
            }
        }

        @Override
        public void epoch(EpochRecord record) {
            epochs.add(record);
        }
    }

    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted on purpose");
        }
    }

    @Test
    void trainsAnEasyMixtureWritesTheModelAndRecordsEveryEpoch() {
        TrainingSettings s = settings(3);
        Path model = dir.resolve("net.zip");
        Recorder rec = new Recorder(model, -1);
        ModelInfo info = Trainer.train(SPEC, DATASET, DATA, s, model, false, rec);

        int perEpoch = s.stepsPerEpoch(DATA.train().size());
        assertEquals(8, perEpoch);
        // the premise: the same network untrained is no better than chance here
        double untrained = Trainer.accuracy(ResNetBuilder.build(SPEC, Trainer.updater(s, perEpoch), s.weightDecay(),
                s.seed(), org.nd4j.linalg.api.buffer.DataType.FLOAT), DATA.test());
        assertTrue(untrained < 0.75, "untrained accuracy " + untrained);
        assertTrue(info.testAccuracy() > 0.9, "test accuracy " + info.testAccuracy());
        assertNotNull(info.trainAccuracy());
        assertTrue(info.trainAccuracy() > 0.9, "train accuracy " + info.trainAccuracy());
        assertTrue(Files.isRegularFile(model));
        assertFalse(Files.exists(Trainer.checkpointOf(model)), "the checkpoint is removed at the end");

        // the monitor heard every step, and the checkpoint of epoch 1 existed while epochs 2 and 3 ran
        assertEquals(3L * perEpoch, rec.total);
        assertEquals(0, rec.done);
        assertEquals(3L * perEpoch, rec.steps);
        for (int k = 0; k < rec.checkpointDuringStep.size(); k++) {
            assertEquals(k >= perEpoch, rec.checkpointDuringStep.get(k), "checkpoint present at step " + (k + 1));
        }

        assertEquals(3, info.epochsDone());
        assertEquals(3, info.history().size());
        assertEquals(rec.epochs, info.history());
        CosineSchedule schedule = new CosineSchedule(s.learningRate(), perEpoch * s.epochs());
        for (int e = 1; e <= 3; e++) {
            EpochRecord r = info.history().get(e - 1);
            assertEquals(e, r.epoch());
            assertEquals(perEpoch, r.steps());
            assertTrue(Double.isFinite(r.meanLoss()) && r.meanLoss() > 0, "loss " + r.meanLoss());
            assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1);
            assertTrue(r.seconds() >= 0);
            // the rate of the epoch's last step, iteration e·P − 1 (0-based)
            assertEquals(schedule.valueAt(e * perEpoch - 1, 0), r.learningRate(), 1e-12, "learning rate of epoch " + e);
        }
        assertTrue(info.history().get(2).learningRate() > 0, "the last step still has a positive rate");
        assertTrue(info.history().get(2).meanLoss() < info.history().get(0).meanLoss(), "the loss goes down");

        // the file holds what was returned, and the network in it scores what the record says
        ModelFile.Loaded loaded = ModelFile.read(model, false);
        assertEquals(info, loaded.info());
        assertEquals(info.testAccuracy(), Trainer.accuracy(loaded.graph(), DATA.test()));
        assertEquals(info.trainAccuracy(), Trainer.accuracy(loaded.graph(), DATA.train()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "engine {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dl4j", "lean"})
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne(String engine) {
        TrainingSettings s = settings(3).withEngine(TrainingEngine.parse(engine));
        int perEpoch = s.stepsPerEpoch(DATA.train().size());

        Path straight = dir.resolve("a.zip");
        ModelInfo a = Trainer.train(SPEC, DATASET, DATA, s, straight, false, TrainingMonitor.NONE);

        // run B dies on the first step of epoch 3, after the checkpoint of epoch 2 was written
        Path resumed = dir.resolve("b.zip");
        Recorder first = new Recorder(resumed, 2L * perEpoch + 1);
        assertThrows(Interrupted.class, () -> Trainer.train(SPEC, DATASET, DATA, s, resumed, true, first));
        assertFalse(Files.exists(resumed));
        Path checkpoint = Trainer.checkpointOf(resumed);
        assertTrue(Files.exists(checkpoint));
        ModelInfo saved = ModelFile.info(checkpoint);
        assertEquals(2, saved.epochsDone());
        assertEquals(null, saved.trainAccuracy());

        Recorder second = new Recorder(resumed, -1);
        ModelInfo b = Trainer.train(SPEC, DATASET, DATA, s, resumed, true, second);
        assertEquals(3L * perEpoch, second.total);
        assertEquals(2L * perEpoch, second.done, "the resumed run starts after epoch 2");
        assertEquals(1, second.epochs.size(), "only epoch 3 is trained again");
        assertFalse(Files.exists(checkpoint));

        ComputationGraph ga = ModelFile.read(straight, true).graph();
        ComputationGraph gb = ModelFile.read(resumed, true).graph();
        assertArrayEquals(ga.params().toFloatVector(), gb.params().toFloatVector(), 0f, "final weights");
        assertArrayEquals(ga.getUpdater().getStateViewArray().toFloatVector(),
                gb.getUpdater().getStateViewArray().toFloatVector(), 0f, "final momentum");
        assertEquals(ga.getConfiguration().getIterationCount(), gb.getConfiguration().getIterationCount());
        assertEquals(3 * perEpoch, gb.getConfiguration().getIterationCount());

        assertEquals(3, b.epochsDone());
        assertEquals(List.of(1, 2, 3), b.history().stream().map(EpochRecord::epoch).toList());
        for (int e = 0; e < 3; e++) {
            EpochRecord ra = a.history().get(e);
            EpochRecord rb = b.history().get(e);
            assertEquals(ra.meanLoss(), rb.meanLoss(), 0, "loss of epoch " + (e + 1));
            assertEquals(ra.testAccuracy(), rb.testAccuracy(), 0, "test accuracy of epoch " + (e + 1));
            assertEquals(ra.learningRate(), rb.learningRate(), 0, "learning rate of epoch " + (e + 1));
            assertEquals(ra.steps(), rb.steps());
        }
        assertEquals(a.trainAccuracy(), b.trainAccuracy());
    }

    /**
     * The lean engine trains the network DL4J trains: after two epochs of the same run the weights, running statistics
     * and momentum agree to float rounding, and so do the recorded losses and accuracies; the settings say which
     * engine ran, and a checkpoint of the other engine is refused.
     */
    @Test
    void theLeanEngineTrainsWhatDl4jTrains() {
        TrainingSettings s = settings(2);
        ModelInfo a = Trainer.train(SPEC, DATASET, DATA, s, dir.resolve("dl4j.zip"), false, TrainingMonitor.NONE);
        ModelInfo b = Trainer.train(SPEC, DATASET, DATA, s.withEngine(TrainingEngine.LEAN), dir.resolve("lean.zip"),
                false, TrainingMonitor.NONE);
        ComputationGraph ga = ModelFile.read(dir.resolve("dl4j.zip"), true).graph();
        ComputationGraph gb = ModelFile.read(dir.resolve("lean.zip"), true).graph();
        double params = ga.params().sub(gb.params()).norm2Number().doubleValue() / ga.params().norm2Number()
                .doubleValue();
        assertTrue(params < 1e-4, "‖Δθ‖/‖θ‖ = " + params);
        INDArray va = ga.getUpdater().getStateViewArray();
        double momentum = va.sub(gb.getUpdater().getStateViewArray()).norm2Number().doubleValue()
                / va.norm2Number().doubleValue();
        assertTrue(momentum < 1e-3, "‖Δv‖/‖v‖ = " + momentum);
        assertEquals(ga.getConfiguration().getIterationCount(), gb.getConfiguration().getIterationCount());
        for (int e = 0; e < 2; e++) {
            assertEquals(a.history().get(e).meanLoss(), b.history().get(e).meanLoss(),
                    1e-4 * a.history().get(e).meanLoss(), "loss of epoch " + (e + 1));
            assertEquals(a.history().get(e).learningRate(), b.history().get(e).learningRate(), 0);
        }
        assertEquals(TrainingEngine.LEAN, b.training().engine());
        assertEquals(TrainingEngine.DL4J, a.training().engine());
        assertFalse(Json.toJson(a.training()).contains("engine"), "a DL4J run's settings read as before");
        assertTrue(Json.toJson(b.training()).contains("\"engine\" : \"LEAN\""), Json.toJson(b.training()));
    }

    /**
     * A network whose running variance has overflowed is refused as diverged, naming the parameter, although its loss
     * could still be finite; a finite one passes (negative control).
     */
    @Test
    void aNonFiniteParameterIsADivergence() {
        org.deeplearning4j.nn.graph.ComputationGraph g = ResNetBuilder.build(SPEC, new org.nd4j.linalg.learning.config
                .Sgd(0.1), 1e-3, 7, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Trainer.requireFinite(g, 1);
        String var = new BlockNames(1).norm1() + "_" + org.deeplearning4j.nn.params.BatchNormalizationParamInitializer
                .GLOBAL_VAR;
        g.getParam(var).putScalar(0, Float.POSITIVE_INFINITY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.requireFinite(g, 3));
        assertTrue(e.getMessage().contains(var) && e.getMessage().contains("epoch 3"), e.getMessage());
    }

    @Test
    void theLeanEngineRefusesWhatItCannotTrain() {
        ResNetSpec conv = new ResNetSpec(ModelType.T5A, 2, 2, CLASSES);
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(conv, DATASET, DATA,
                settings(1).withEngine(TrainingEngine.LEAN), dir.resolve("c.zip"), false, TrainingMonitor.NONE));
        TrainingSettings dropped = new TrainingSettings(1, 16, 0.1, 0.9, 1e-3, 7, 1, 0.3)
                .withEngine(TrainingEngine.LEAN);
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(SPEC, DATASET, DATA, dropped,
                dir.resolve("d.zip"), false, TrainingMonitor.NONE));
        assertFalse(Files.exists(dir.resolve("c.zip")) || Files.exists(dir.resolve("d.zip")));
    }

    /**
     * Seed 0, the default, gives the same network twice (DL4J itself leaves its generator unseeded for 0, so the seed
     * it gets is drawn from ours and is never 0); and another seed gives another network.
     */
    @Test
    void theDefaultSeedZeroTrainsTheSameNetworkTwice() {
        TrainingSettings zero = new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 0, 0);
        Trainer.train(SPEC, DATASET, DATA, zero, dir.resolve("a.zip"), false, TrainingMonitor.NONE);
        Trainer.train(SPEC, DATASET, DATA, zero, dir.resolve("b.zip"), false, TrainingMonitor.NONE);
        float[] a = ModelFile.read(dir.resolve("a.zip"), false).graph().params().toFloatVector();
        float[] b = ModelFile.read(dir.resolve("b.zip"), false).graph().params().toFloatVector();
        assertArrayEquals(a, b, 0f);
        TrainingSettings one = new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 1, 0);
        Trainer.train(SPEC, DATASET, DATA, one, dir.resolve("c.zip"), false, TrainingMonitor.NONE);
        float[] c = ModelFile.read(dir.resolve("c.zip"), false).graph().params().toFloatVector();
        assertFalse(java.util.Arrays.equals(a, c), "seed 1 trains another network");
        assertTrue(ResNetBuilder.initialisationSeed(0) != 0);
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedUnlessTrainingRestarts() {
        TrainingSettings s = settings(2);
        Path model = dir.resolve("net.zip");
        int perEpoch = s.stepsPerEpoch(DATA.train().size());
        Recorder stop = new Recorder(model, perEpoch + 1);
        assertThrows(Interrupted.class, () -> Trainer.train(SPEC, DATASET, DATA, s, model, false, stop));
        Path checkpoint = Trainer.checkpointOf(model);
        assertTrue(Files.exists(checkpoint));

        ResNetSpec wider = new ResNetSpec(ModelType.T4A, 6, 2, CLASSES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(wider, DATASET, DATA, s, model, true, TrainingMonitor.NONE));
        assertTrue(e.getMessage().contains("checkpoint") && e.getMessage().contains(checkpoint.toString()),
                e.getMessage());
        assertTrue(Files.exists(checkpoint), "a refused checkpoint is left alone");
        assertFalse(Files.exists(model));

        // other optimiser settings are another run too
        TrainingSettings otherSeed = new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 8, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(SPEC, DATASET, DATA, otherSeed, model, true, TrainingMonitor.NONE));

        Recorder fresh = new Recorder(model, -1);
        ModelInfo info = Trainer.train(wider, DATASET, DATA, s, model, false, fresh);
        assertEquals(0, fresh.done, "resume=false starts from scratch");
        assertEquals(wider, info.spec());
        assertEquals(2, info.history().size());
        assertEquals(wider, ModelFile.info(model).spec());
        assertEquals(6, ModelFile.read(model, false).graph().getLayer("stem").getParam("W").columns());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void theDataMustHaveTheNetworksClassCount() {
        ResNetSpec three = new ResNetSpec(ModelType.T4A, 8, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(three, DATASET, DATA, settings(1), dir.resolve("x.zip"), false,
                        TrainingMonitor.NONE));
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }

    @Test
    void theMiniBatchOrderIsTheOneCommittedRunsWereTrainedWith() {
        // Recorded from the shuffle as it stood before the seed facility derived its streams itself.
        assertArrayEquals(new int[] {1, 6, 10, 5, 3, 11, 4, 7, 0, 9, 2, 8}, Trainer.permutation(12, 7, 3));
        assertArrayEquals(new int[] {4, 7, 3, 9, 2, 5, 6, 1, 8, 0}, Trainer.permutation(10, -9, 1));
    }

    @Test
    void theMiniBatchOrderIsASeededPermutationThatChangesEveryEpoch() {
        int[] p1 = Trainer.permutation(50, 7, 1);
        assertArrayEquals(p1, Trainer.permutation(50, 7, 1));
        assertFalse(java.util.Arrays.equals(p1, Trainer.permutation(50, 7, 2)));
        assertFalse(java.util.Arrays.equals(p1, Trainer.permutation(50, 8, 1)));
        int[] sorted = p1.clone();
        java.util.Arrays.sort(sorted);
        for (int k = 0; k < 50; k++) {
            assertEquals(k, sorted[k]);
        }
    }

    /** The parameter count from the configuration alone is what DL4J allocates, for every type. */
    @org.junit.jupiter.params.ParameterizedTest(name = "type {0}")
    @org.junit.jupiter.params.provider.CsvSource({"1, 6, 3", "4a, 5, 2", "4b, 4, 2", "2, 2, 2", "3, 2, 3", "5a, 2, 1",
        "5b, 3, 2"})
    void theParameterCountIsDl4jsOwn(String type, int width, int depth) {
        ResNetSpec spec = new ResNetSpec(ModelType.parse(type), width, depth, 3);
        ComputationGraph g = ResNetBuilder.build(spec, new org.nd4j.linalg.learning.config.Sgd(0.1), 0, 1,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
        assertEquals(g.numParams(), ResNetBuilder.parameterCount(spec));
    }

    /** Networks DL4J cannot hold are refused before any work, with their parameter count; small ones pass. */
    @Test
    void aNetworkTooLargeToHoldIsRefusedUpFront() {
        TrainingSettings settings = new TrainingSettings(1, 16, 0.1, 0.9, 1e-3, 5, 1);
        Trainer.requireMemory(new ResNetSpec(ModelType.T1, 512, 16, 10), settings);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Trainer.requireMemory(new ResNetSpec(ModelType.T1, 8192, 16, 2), settings));
        assertTrue(tooMany.getMessage().contains("2,155,003,906 parameters"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("more than one array holds"), tooMany.getMessage());
        // 16·2·D² + 784·D + …: at D = 8192, 16 blocks, exactly the count above
        assertEquals(16L * 2 * 8192 * 8192 + 784L * 8192 + 4L * 8192 * 33 + 8192L * 2 + 2,
                ResNetBuilder.parameterCount(new ResNetSpec(ModelType.T1, 8192, 16, 2)));
        // the lean engine's three copies must fit the heap
        long heap = Runtime.getRuntime().maxMemory();
        int width = (int) Math.ceil(Math.sqrt(heap / 12.0 / 32)) + 64;
        ResNetSpec big = new ResNetSpec(ModelType.T1, width, 16, 2);
        org.junit.jupiter.api.Assumptions.assumeTrue(ResNetBuilder.parameterCount(big) < Integer.MAX_VALUE - 8);
        IllegalArgumentException lean = assertThrows(IllegalArgumentException.class,
                () -> Trainer.requireMemory(big, settings.withEngine(TrainingEngine.LEAN)));
        assertTrue(lean.getMessage().contains("lean engine"), lean.getMessage());
    }
}
