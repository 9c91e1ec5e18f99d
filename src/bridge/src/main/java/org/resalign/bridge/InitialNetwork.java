package org.resalign.bridge;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A trained network's run at initialisation, for the baseline paper Figure 2's caption asks for ("no alignment exists
 * between the Jacobians at initialization, and the alignment emerges during training"): the same architecture,
 * initial weights (drawn from the run's seed exactly as {@link Trainer} draws them) and weight-decay configuration,
 * before any step.
 *
 * <p>The analysis evaluates batch norm in inference mode, by its running statistics. A freshly built network's are
 * mean 0 and variance 1, which would make every batch norm close to the identity and describe no network anyone
 * trains. So the statistics are first estimated as training would estimate them: {@value #CALIBRATION_STEPS}
 * training-mode passes over mini-batches of the run's size in the order of its first epoch (cycling when the data
 * has fewer batches), with a learning rate of 0, which leaves every weight, γ and β bit for bit as initialised
 * (tested) and moves only the running averages, whose initial values then weigh {@code 0.9^50 < 0.6%}. The passes
 * run on one thread ({@link Threads#onOne}): in single precision their rounding would otherwise depend on
 * {@code --threads}.
 */
public final class InitialNetwork {

    /** Training-mode passes that estimate batch norm's running statistics. */
    public static final int CALIBRATION_STEPS = 50;

    private InitialNetwork() {
    }

    /**
     * The network of {@code trained}'s run at initialisation, its batch-norm statistics estimated on {@code data}'s
     * training images; its record has no epochs and its training accuracy measured.
     */
    public static ModelFile.Loaded of(ModelInfo trained, Split data) {
        ResNetSpec spec = trained.spec();
        TrainingSettings t = trained.training();
        ComputationGraph g = fresh(spec, t);
        Threads.onOne(() -> calibrate(g, data.train(), t));
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, spec, trained.dataset(), t, 0, List.of(),
                Trainer.accuracy(g, data.train()), BridgeVersions.all());
        return new ModelFile.Loaded(g, info);
    }

    /** The run's initial network, before any pass: learning rate 0, everything else as {@link Trainer} builds it. */
    static ComputationGraph fresh(ResNetSpec spec, TrainingSettings t) {
        return ResNetBuilder.build(spec, new Sgd(0), t.weightDecay(), t.decayScope(), t.stochasticDepth(),
                t.branchScale(), t.seed(), DataType.FLOAT);
    }

    /** {@value #CALIBRATION_STEPS} training-mode passes at learning rate 0 (see the class comment). */
    static void calibrate(ComputationGraph g, Images train, TrainingSettings t) {
        int n = train.size();
        int b = Math.min(t.batchSize(), n);
        int[] order = Trainer.permutation(n, t.seed(), 1);
        int from = 0;
        for (int step = 0; step < CALIBRATION_STEPS; step++) {
            if (from + b > n) {
                from = 0;
            }
            g.fit(Trainer.Batch.of(train, order, from, b).dataSet(train.classes()));
            from += b;
        }
    }
}
