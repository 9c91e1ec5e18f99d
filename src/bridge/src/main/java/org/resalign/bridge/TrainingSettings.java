package org.resalign.bridge;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.resalign.core.input.InvalidInputException;

/**
 * How a network is trained (paper §2.3): SGD with Nesterov momentum, batch 128, initial learning rate 0.1 on the
 * cosine schedule, weight decay {@code λ} (the paper uses 1e-2 or 5e-2 for fully-connected models, 1e-1 for
 * convolutional ones, and 500 epochs).
 *
 * @param epochs          passes over the training set
 * @param batchSize       mini-batch size
 * @param learningRate    initial learning rate {@code η₀}
 * @param momentum        Nesterov momentum
 * @param weightDecay     {@code λ}
 * @param seed            seed of the initialisation and of the mini-batch order
 * @param checkpointEvery write a checkpoint after every this many epochs (0: never)
 * @param stochasticDepth drop probability {@code p} of every residual branch per example during training
 *                        ({@link StochasticDepthVertex}, paper Figure 5 uses 0.3); 0 for none
 * @param engine          what computes the steps ({@link TrainingEngine}; DL4J when absent, and then left out of the
 *                        JSON, as in files written before engines existed)
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
        long seed, int checkpointEvery, double stochasticDepth,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TrainingEngine.DefaultFilter.class)
        TrainingEngine engine) {

    public TrainingSettings {
        if (engine == null) {
            engine = TrainingEngine.DL4J;
        }
        if (epochs < 1) {
            throw new InvalidInputException("epochs", "{epochs} must be ≥ 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize", "{batchSize} must be ≥ 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException("learningRate", "{learningRate} must be positive and finite, got "
                    + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("momentum", "{momentum} must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidInputException("weightDecay", "{weightDecay} λ must be ≥ 0 and finite, got " + weightDecay);
        }
        if (checkpointEvery < 0) {
            throw new InvalidInputException("checkpointEvery", "{checkpointEvery} must be ≥ 0, got "
                    + checkpointEvery);
        }
        if (!(stochasticDepth >= 0 && stochasticDepth < 1)) {
            throw new InvalidInputException("stochasticDepth", "{stochasticDepth} (the drop probability) must be in [0, 1), "
                    + "got " + stochasticDepth);
        }
    }

    /** With DL4J's engine. */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
            long seed, int checkpointEvery, double stochasticDepth) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery, stochasticDepth,
                TrainingEngine.DL4J);
    }

    /** These settings with another engine. */
    public TrainingSettings withEngine(TrainingEngine e) {
        return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery,
                stochasticDepth, e);
    }

    /** Without stochastic depth. */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
            long seed, int checkpointEvery) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery, 0);
    }

    /** The paper's optimiser ({@link RunDefaults}) with {@code epochs} epochs and weight decay {@code λ}. */
    public static TrainingSettings paper(int epochs, double weightDecay, long seed) {
        return new TrainingSettings(epochs, RunDefaults.BATCH, RunDefaults.LEARNING_RATE, RunDefaults.MOMENTUM,
                weightDecay, seed, RunDefaults.CHECKPOINT_EVERY);
    }

    /** Mini-batches per epoch for {@code n} training images (the last one may be smaller). */
    public int stepsPerEpoch(int n) {
        return (n + batchSize - 1) / batchSize;
    }
}
