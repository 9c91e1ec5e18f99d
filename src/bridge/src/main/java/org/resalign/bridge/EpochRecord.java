package org.resalign.bridge;

/**
 * One epoch of training.
 *
 * @param epoch        1-based
 * @param steps        mini-batches in the epoch
 * @param meanLoss     mean mini-batch objective (cross-entropy plus the weight-decay term)
 * @param testAccuracy accuracy on the test split after the epoch
 * @param learningRate the scheduled learning rate of the epoch's last step
 * @param seconds      wall time of the epoch's training steps (evaluation excluded)
 */
public record EpochRecord(int epoch, int steps, double meanLoss, double testAccuracy, double learningRate,
        double seconds) {
}
