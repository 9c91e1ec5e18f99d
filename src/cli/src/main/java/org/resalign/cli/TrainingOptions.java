package org.resalign.cli;

import java.nio.file.Path;

import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.DecayScope;
import org.resalign.bridge.FashionMnist;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.Optimizer;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.RunDefaults;
import org.resalign.bridge.Threads;
import org.resalign.bridge.TrainingEngine;
import org.resalign.bridge.TrainingSettings;

import picocli.CommandLine.Option;

/**
 * The options that say which network to train on which data, shared by {@code bridge train} and {@code skips}; their
 * defaults are {@link RunDefaults}' for a run from the command line.
 */
public final class TrainingOptions {

    @Option(names = "--dataset", defaultValue = RunDefaults.COMMAND_DATASET, description = "synthetic (a Gaussian "
            + "mixture, needs nothing installed) or fashion-mnist (Debian package dataset-fashion-mnist) (default "
            + "${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIRECTORY,
            description = "Folder of the FashionMNIST IDX files (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--classes", paramLabel = "C,C,…", defaultValue = RunDefaults.COMMAND_CLASSES,
            description = "Classes to train on: FashionMNIST labels 0–9, or 0,1,…,C−1 for the mixture "
                    + "(default ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--width", paramLabel = "D", description = "Width: D for fully-connected types, channels for "
            + "convolutional ones (default: " + RunDefaults.WIDTH + " and " + RunDefaults.CONVOLUTIONAL_WIDTH + ").")
    Integer width;

    @Option(names = "--depth", paramLabel = "L", description = "Residual blocks (default: the paper's, 16 or 8).")
    Integer depth;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "" + RunDefaults.EPOCHS,
            description = "Epochs (default ${DEFAULT-VALUE}; the paper trains 500).")
    int epochs;

    @Option(names = "--lambda", paramLabel = "λ", defaultValue = "" + RunDefaults.WEIGHT_DECAY,
            description = "Weight decay λ (default ${DEFAULT-VALUE}; the paper uses 1e-2 or 5e-2 for fully-connected "
                    + "models at 500 epochs).")
    double lambda;

    @Option(names = "--lr", defaultValue = "" + RunDefaults.LEARNING_RATE,
            description = "Initial learning rate of the cosine schedule (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", paramLabel = "sgd|nesterov", description = "sgd (plain SGD, paper §2.3's text) or "
            + "nesterov (SGD with Nesterov momentum) (default " + "${DEFAULT-VALUE}).")
    String optimizer = RunDefaults.OPTIMIZER.optionName();

    @Option(names = "--momentum", paramLabel = "μ", description = "Nesterov's momentum, with --optimizer nesterov "
            + "(default " + RunDefaults.MOMENTUM + ").")
    Double momentum;

    @Option(names = "--decay-scope", paramLabel = "all|weights", description = "What the weight decay reaches: all "
            + "(every parameter, batch norm's γ and β and biases included, as eq. (1)) or weights (the weight matrices "
            + "only, for comparison) (default ${DEFAULT-VALUE}).")
    String decayScope = RunDefaults.DECAY_SCOPE.optionName();

    @Option(names = "--batch", defaultValue = "" + RunDefaults.BATCH,
            description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--train-per-class", paramLabel = "N", description = "Training images per class: the "
            + "mixture's (default " + RunDefaults.MIXTURE_TRAIN_PER_CLASS + "), or the first N of each FashionMNIST "
            + "class (default all).")
    Integer trainPerClass;

    @Option(names = "--branch-scale", paramLabel = "α", defaultValue = "1",
            description = "Residual scaling: h_{i+1} = σ(h_i + α·F(h_i)), α fixed (e.g. 1/L or 1/√L; types with "
                    + "skips, dl4j engine) (default ${DEFAULT-VALUE}, the paper's blocks).")
    double branchScale;

    @Option(names = "--checkpoint-every", paramLabel = "E", defaultValue = "" + RunDefaults.CHECKPOINT_EVERY,
            description = "Checkpoint every E epochs; 0 never (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default "
            + "${DEFAULT-VALUE}: fastest for these networks on small machines; see the README's benchmark).")
    int threads;

    @Option(names = "--engine", paramLabel = "dl4j|lean", defaultValue = "dl4j", description = "What computes the "
            + "steps: dl4j (DL4J's graph, every type) or lean (resalign's own forward and backward passes on "
            + "OpenBLAS, the fully-connected types without stochastic depth: the same network, loss and optimiser, "
            + "to float rounding, about twenty times faster at D = 64; see the README) (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--seed", defaultValue = "" + RunDefaults.SEED, description = "Seed of the initialisation, the "
            + "mini-batch order and the mixture (default ${DEFAULT-VALUE}).")
    long seed;

    /** The architecture of type {@code type}, with the default width and depth if not given. */
    ResNetSpec spec(ModelType type, int classCount) {
        int w = width != null ? width : RunDefaults.width(type);
        int d = depth != null ? depth : RunDefaults.depth(type);
        return new ResNetSpec(type, w, d, classCount);
    }

    DatasetSpec datasetSpec() {
        int[] cs = DatasetSpec.parseClasses(classes);
        if (trainPerClass != null && trainPerClass < 1) {
            throw new BadInputException("--train-per-class must be ≥ 1, got " + trainPerClass);
        }
        if (DatasetSpec.FASHION_MNIST.equals(dataset)) {
            return DatasetSpec.fashionMnist(cs, dataDir, trainPerClass == null ? 0 : trainPerClass);
        }
        if (!DatasetSpec.SYNTHETIC.equals(dataset)) {
            throw new BadInputException("unknown --dataset '" + dataset + "' (expected synthetic or fashion-mnist)");
        }
        return DatasetSpec.mixture(cs, trainPerClass == null ? RunDefaults.MIXTURE_TRAIN_PER_CLASS : trainPerClass,
                seed);
    }

    TrainingSettings settings() {
        TrainingEngine e = TrainingEngine.parse(engine);
        Optimizer o = Optimizer.parse(optimizer);
        DecayScope scope = DecayScope.parse(decayScope);
        double mu = momentum != null ? momentum : RunDefaults.momentum(o);
        return new TrainingSettings(epochs, batch, lr, mu, lambda, seed, checkpointEvery, 0, e, o, scope,
                branchScale);
    }

    void applyThreads() {
        Threads.use(threads);
    }
}
