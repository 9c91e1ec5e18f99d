package org.resalign.bridge;

/**
 * One network of an experiment: how it was trained and what was measured on it.
 *
 * @param label    the network's label (the run's, with {@code -seed-S} in a spec with several seeds)
 * @param group    the run's label in the spec, shared by its seeds
 * @param seed     the training seed
 * @param model    the model file, relative to the spec's folder
 * @param reused   whether a finished model of the same run was reused instead of training again (not in the JSON,
 *                 which is the same either way)
 * @param training its training record: time, steps per second, accuracies, every epoch
 * @param analysis RA1–RA4 measured, Theorem 3.1's prediction and the UJM optimum beside them
 */
public record RunResult(String label, String group, long seed, String model, @com.fasterxml.jackson.annotation.JsonIgnore boolean reused,
        TrainReport training, CompareReport analysis) {
}
