package org.resalign.bridge;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.resalign.core.input.InvalidInputException;

/**
 * How a network is trained (paper §2.3: "the SGD optimizer, with a batch size of 128, an initial learning rate of
 * 0.1, the cosine learning rate scheduler, and a weight decay of 1e-1 for convolutional models and 1e-2 or 5e-2 for
 * fully-connected models", 500 epochs; the weight decay is eq. (1)'s {@code λ/2‖W‖²} over all parameters).
 *
 * @param epochs          passes over the training set
 * @param batchSize       mini-batch size
 * @param learningRate    initial learning rate {@code η₀}
 * @param momentum        Nesterov's {@code μ} in {@code (0, 1)}; 0 with plain SGD
 * @param weightDecay     {@code λ}
 * @param seed            seed of the initialisation and of the mini-batch order
 * @param checkpointEvery write a checkpoint after every this many epochs (0: never)
 * @param stochasticDepth drop probability {@code p} of every residual branch per example during training
 *                        ({@link StochasticDepthVertex}, paper Figure 5 uses 0.3); 0 for none
 * @param engine          what computes the steps ({@link TrainingEngine}; DL4J when absent, and then left out of the
 *                        JSON, as in files written before engines existed)
 * @param optimizer       plain SGD or Nesterov's ({@link Optimizer}); when absent, as in files written before the
 *                        setting existed, Nesterov's if {@code momentum > 0} and SGD if it is 0
 * @param decayScope      the parameters {@code λ} reaches ({@link DecayScope}); when absent, as in files written before
 *                        the setting existed, {@link DecayScope#WEIGHTS}, which is what those runs decayed
 * @param branchScale     the residual scaling {@code α} of {@code h_{i+1} = σ(h_i + α·F(h_i))} (Dherin &amp; Munn's
 *                        scaled residual modules; Fischer, Dahmen &amp; Helias's optimal residual scaling), fixed, not
 *                        trained; 1, the paper's networks, when absent (and then left out of the JSON)
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
        long seed, int checkpointEvery, double stochasticDepth,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TrainingEngine.DefaultFilter.class)
        TrainingEngine engine, Optimizer optimizer, DecayScope decayScope,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TrainingSettings.UnitScale.class)
        Double branchScale) {

    /** Leaves {@code branchScale} out of the JSON when it is 1 (or absent), as files written before it existed. */
    public static final class UnitScale {
        @Override
        public boolean equals(Object other) {
            return other == null || (other instanceof Double d && d == 1.0);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** With the paper's residual blocks, {@code α = 1}. */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
            long seed, int checkpointEvery, double stochasticDepth, TrainingEngine engine, Optimizer optimizer,
            DecayScope decayScope) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery, stochasticDepth, engine,
                optimizer, decayScope, 1.0);
    }

    public TrainingSettings {
        if (branchScale == null) {
            branchScale = 1.0;
        }
        if (!(branchScale > 0) || Double.isInfinite(branchScale)) {
            throw new InvalidInputException("branchScale", "the residual scaling {branchScale} α must be positive and "
                    + "finite, got " + branchScale);
        }
        if (engine == null) {
            engine = TrainingEngine.DL4J;
        }
        if (optimizer == null) {
            optimizer = momentum > 0 ? Optimizer.NESTEROV : Optimizer.SGD;
        }
        if (decayScope == null) {
            decayScope = DecayScope.WEIGHTS;
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
        if (optimizer == Optimizer.NESTEROV && !(momentum > 0 && momentum < 1)) {
            throw new InvalidInputException("momentum", "Nesterov's {momentum} must be in (0, 1), got " + momentum);
        }
        if (optimizer == Optimizer.SGD && momentum != 0) {
            throw new InvalidInputException("momentum", "plain SGD has no {momentum}; got " + momentum
                    + " (use the nesterov {optimizer} for momentum)");
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

    /**
     * With DL4J's engine, eq. (1)'s weight decay on every parameter ({@link DecayScope#ALL}), and Nesterov's momentum
     * {@code momentum}, or plain SGD when it is 0.
     */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
            long seed, int checkpointEvery, double stochasticDepth) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery, stochasticDepth,
                TrainingEngine.DL4J, momentum > 0 ? Optimizer.NESTEROV : Optimizer.SGD, DecayScope.ALL);
    }

    /** These settings with another engine. */
    public TrainingSettings withEngine(TrainingEngine e) {
        return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery,
                stochasticDepth, e, optimizer, decayScope, branchScale);
    }

    /** These settings with weight decay on {@code scope}. */
    public TrainingSettings withDecayScope(DecayScope scope) {
        return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery,
                stochasticDepth, engine, optimizer, scope, branchScale);
    }

    /** These settings with another seed. */
    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, s, checkpointEvery,
                stochasticDepth, engine, optimizer, decayScope, branchScale);
    }

    /** These settings with residual scaling {@code α}. */
    public TrainingSettings withBranchScale(double alpha) {
        return new TrainingSettings(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery,
                stochasticDepth, engine, optimizer, decayScope, alpha);
    }

    /** Without stochastic depth. */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
            long seed, int checkpointEvery) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, checkpointEvery, 0);
    }

    /**
     * The defaults' optimiser ({@link RunDefaults}: the paper's batch, learning rate and schedule, the default
     * optimiser, weight decay on every parameter) with {@code epochs} epochs and weight decay {@code λ}.
     */
    public static TrainingSettings paper(int epochs, double weightDecay, long seed) {
        return new TrainingSettings(epochs, RunDefaults.BATCH, RunDefaults.LEARNING_RATE,
                RunDefaults.momentum(RunDefaults.OPTIMIZER), weightDecay, seed, RunDefaults.CHECKPOINT_EVERY, 0,
                TrainingEngine.DL4J, RunDefaults.OPTIMIZER, RunDefaults.DECAY_SCOPE);
    }

    /** Copies of the parameters training keeps: the parameters and their gradients, and Nesterov's momentum. */
    public int parameterCopies() {
        return optimizer == Optimizer.NESTEROV ? 3 : 2;
    }

    /** Mini-batches per epoch for {@code n} training images (the last one may be smaller). */
    public int stepsPerEpoch(int n) {
        return (n + batchSize - 1) / batchSize;
    }
}
