package org.resalign.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.resalign.core.input.InvalidInputException;

/**
 * What a model file says about its network beside DL4J's own entries: the architecture, the data, the optimiser,
 * how far training got and how it went. {@code analyze} and {@code compare} read it to measure the network at its
 * own training inputs and to set {@code λ} and the depth of the UJM it is compared with.
 *
 * @param format     file format version ({@value #FORMAT})
 * @param spec       architecture
 * @param dataset    training data
 * @param training   optimiser and schedule
 * @param epochsDone completed epochs
 * @param history    one record per completed epoch
 * @param trainAccuracy accuracy on the training split when training finished ({@code null} in a checkpoint)
 * @param versions   versions of the libraries that wrote the file
 * @param origin     for a network imported from ONNX ({@code bridge import}), where it came from; then
 *                   {@code training} is {@code null} and {@code dataset} is the data the user declared, or
 *                   {@code null}. {@code null} (and absent from the file) for a network trained here
 */
public record ModelInfo(int format, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training, int epochsDone,
        List<EpochRecord> history, Double trainAccuracy, Map<String, String> versions,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        ImportOrigin origin) {

    /** The current format version. */
    public static final int FORMAT = 1;
    /** The zip entry that holds this record. */
    public static final String ENTRY = "resalign-model.json";

    public ModelInfo {
        history = List.copyOf(history);
        versions = Map.copyOf(versions);
    }

    /** A network trained here. */
    public ModelInfo(int format, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training, int epochsDone,
            List<EpochRecord> history, Double trainAccuracy, Map<String, String> versions) {
        this(format, spec, dataset, training, epochsDone, history, trainAccuracy, versions, null);
    }

    /**
     * {@code λ} the network was trained with: its training settings', or for an imported network the one declared at
     * import.
     *
     * @param file the model file, for the message when an imported network has none
     */
    public double weightDecay(java.nio.file.Path file) {
        if (training != null) {
            return training.weightDecay();
        }
        if (origin == null || origin.weightDecay() == null) {
            throw new InvalidInputException("model", "{model} %s was imported without the weight decay λ it was "
                    + "trained with, which the UJM needs; import it again with --lambda", file);
        }
        return origin.weightDecay();
    }

    /** Whether the network was imported ({@code bridge import}) rather than trained here. */
    public boolean imported() {
        return origin != null;
    }

    /** The same run with one more epoch. */
    public ModelInfo plus(EpochRecord epoch) {
        List<EpochRecord> h = new ArrayList<>(history);
        h.add(epoch);
        return new ModelInfo(format, spec, dataset, training, epoch.epoch(), h, trainAccuracy, versions, origin);
    }

    /** The same run, finished, with its final training accuracy. */
    public ModelInfo finished(double trainAcc) {
        return new ModelInfo(format, spec, dataset, training, epochsDone, history, trainAcc, versions, origin);
    }

    /**
     * Test accuracy after the last completed epoch (NaN before the first), or an imported network's measured by the
     * import on its declared data (NaN without).
     */
    public double testAccuracy() {
        if (origin != null) {
            return origin.testAccuracy() == null ? Double.NaN : origin.testAccuracy();
        }
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).testAccuracy();
    }

    /** Training steps taken so far. */
    public long steps() {
        return history.stream().mapToLong(EpochRecord::steps).sum();
    }

    /** Wall time of the training steps so far. */
    public double trainingSeconds() {
        return history.stream().mapToDouble(EpochRecord::seconds).sum();
    }

    /** Whether a checkpoint with this record can continue the run {@code other} asks for. */
    public boolean sameRun(ModelInfo other) {
        return sameRun(other.spec, other.dataset, other.training);
    }

    /** Whether this record's network is the one these settings train: same architecture, data and optimiser. */
    public boolean sameRun(ResNetSpec otherSpec, DatasetSpec otherDataset, TrainingSettings otherTraining) {
        return origin == null && spec.equals(otherSpec) && java.util.Objects.equals(dataset, otherDataset)
                && java.util.Objects.equals(training, otherTraining);
    }
}
