package org.resalign.bridge;

import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code bridge train}.
 *
 * @param command         {@code bridge train}
 * @param spec            architecture
 * @param dataset         data
 * @param training        optimiser
 * @param threads         ND4J threads used
 * @param seed            the training seed
 * @param versions        library versions
 * @param seconds         wall time of the whole command
 * @param verdict         {@code trained}
 * @param model           the model file written
 * @param resumedFrom     the epoch the run resumed after (0 for a fresh run)
 * @param steps           mini-batch steps over all epochs
 * @param trainingSeconds wall time of the training steps over all epochs (resumed runs included)
 * @param stepsPerSecond  {@code steps / trainingSeconds}
 * @param trainAccuracy   final accuracy on the training split
 * @param testAccuracy    final accuracy on the test split
 * @param history         one record per epoch
 */
public record TrainReport(String command, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training, int threads,
        long seed, Map<String, String> versions, double seconds, String verdict, String model, int resumedFrom,
        long steps, double trainingSeconds, double stepsPerSecond, double trainAccuracy, double testAccuracy,
        List<EpochRecord> history) {

    /** The report of a finished run. */
    public static TrainReport of(ModelInfo info, int threads, String model, int resumedFrom, double seconds) {
        double ts = info.trainingSeconds();
        return new TrainReport("bridge train", info.spec(), info.dataset(), info.training(), threads,
                info.training().seed(), BridgeVersions.all(), seconds, "trained", model, resumedFrom, info.steps(),
                ts, ts > 0 ? info.steps() / ts : Double.NaN,
                info.trainAccuracy() == null ? Double.NaN : info.trainAccuracy(), info.testAccuracy(),
                info.history());
    }
}
