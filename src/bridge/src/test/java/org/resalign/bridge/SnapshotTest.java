package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.input.InvalidInputException;

/** Snapshots every E epochs: the network after those epochs, and the same finished model as without them. */
class SnapshotTest {

    @TempDir
    Path dir;

    @Test
    void snapshotsAreTheNetworkAfterTheirEpochsAndChangeNothing() throws Exception {
        TrainingSettings s = TrainerTest.settings(4);
        Path plain = dir.resolve("plain.zip");
        Path kept = dir.resolve("kept.zip");
        Path short2 = dir.resolve("two.zip");
        Trainer.train(TrainerTest.SPEC, TrainerTest.DATASET, TrainerTest.DATA, s, plain, false, TrainingMonitor.NONE);
        Trainer.train(TrainerTest.SPEC, TrainerTest.DATASET, TrainerTest.DATA, s, kept, false, 2,
                TrainingMonitor.NONE);
        // the finished model is the same with snapshots as without
        assertEquals(ModelFile.read(plain, false).graph().params(), ModelFile.read(kept, false).graph().params());
        assertEquals(Trainer.snapshotOf(kept, 2), dir.resolve("kept-epoch-2.zip"));
        assertTrue(Files.isRegularFile(Trainer.snapshotOf(kept, 2)));
        assertFalse(Files.exists(Trainer.snapshotOf(kept, 1)));
        assertFalse(Files.exists(Trainer.snapshotOf(kept, 4)), "the last epoch is the model itself");
        // the snapshot after epoch 2: a model file of the same run, two epochs done, not finished
        ModelFile.Loaded snap = ModelFile.read(Trainer.snapshotOf(kept, 2), false);
        assertEquals(2, snap.info().epochsDone());
        assertNull(snap.info().trainAccuracy(), "a snapshot is not a finished model");
        assertTrue(snap.info().sameRun(TrainerTest.SPEC, TrainerTest.DATASET, s));
        assertTrue(!snap.graph().params().equals(ModelFile.read(kept, false).graph().params()));
        // interrupted after epoch 3 and resumed: the same snapshot, bit for bit
        Path resumed = dir.resolve("resumed.zip");
        class Stop extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        TrainingMonitor stopAfter3 = new TrainingMonitor() {
            @Override
            public void started(long total, long done) {
            }

            @Override
            public void step(double loss) {
            }

            @Override
            public void epoch(EpochRecord r) {
                if (r.epoch() == 3) {
                    throw new Stop();
                }
            }
        };
        assertThrows(Stop.class, () -> Trainer.train(TrainerTest.SPEC, TrainerTest.DATASET, TrainerTest.DATA, s,
                resumed, false, 2, stopAfter3));
        Files.delete(Trainer.snapshotOf(resumed, 2));
        Trainer.train(TrainerTest.SPEC, TrainerTest.DATASET, TrainerTest.DATA, s, resumed, true, 2,
                TrainingMonitor.NONE);
        assertFalse(Files.exists(Trainer.snapshotOf(resumed, 2)), "a resumed run writes the epochs it trains");
        assertEquals(ModelFile.read(kept, false).graph().params(), ModelFile.read(resumed, false).graph().params());
        assertThrows(InvalidInputException.class, () -> Trainer.train(TrainerTest.SPEC, TrainerTest.DATASET,
                TrainerTest.DATA, s, short2, false, -1, TrainingMonitor.NONE));
    }
}
