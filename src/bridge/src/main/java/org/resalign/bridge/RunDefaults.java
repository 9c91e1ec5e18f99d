package org.resalign.bridge;

/**
 * The defaults of a run, in one place: which network on which data ({@link ResNetSpec}, {@link DatasetSpec}), how it
 * is trained ({@link TrainingSettings}) and how it is measured ({@link AnalysisSettings}). The options of
 * {@code bridge train}, {@code skips}, {@code analyze} and {@code compare} take their defaults from here, and so do
 * the keys an experiment spec ({@link ExperimentSpec}) leaves out.
 *
 * <p>Every parameter has one default, the paper's where the paper gives one (§2.3): plain SGD ("the SGD optimizer";
 * no momentum is named), batch {@value #BATCH}, initial learning rate {@value #LEARNING_RATE} on the cosine schedule,
 * weight decay {@code λ} = {@value #WEIGHT_DECAY} (the smaller of the paper's two for fully-connected models) on every
 * parameter as eq. (1), and the paper's depth per type ({@link ModelType#paperDepth}). Nesterov's momentum
 * ({@value #MOMENTUM} when chosen) is an option: at this tool's CPU-scale epochs it gives far stronger alignment
 * (experiments/optimizer-choice), but it is not what the paper's text says. Where the paper's value does not fit a CPU, the default is
 * smaller: {@value #EPOCHS} epochs (the paper's 500), width {@code D} = {@value #WIDTH} for fully-connected types and
 * {@value #CONVOLUTIONAL_WIDTH} channels for convolutional ones ({@link ModelType#paperWidth}: 512 and 64). Seeds
 * default to 0; an analysis to {@value #INPUTS} training inputs and {@code k} = {@value #K} triplets.
 *
 * <p>Only the data depends on where the run is asked for. A run from the command line defaults to the synthetic
 * Gaussian mixture ({@value #COMMAND_DATASET}) on classes {@value #COMMAND_CLASSES}: it needs nothing installed and
 * trains in seconds. An experiment spec, which reproduces the paper's evidence, defaults to FashionMNIST
 * ({@value #SPEC_DATASET}) with all ten classes, as the paper trains on every class of its datasets (§2.2). The
 * mixture has {@value #MIXTURE_TRAIN_PER_CLASS} training images per class unless told otherwise, FashionMNIST all
 * 6000.
 */
public final class RunDefaults {

    /** The model type of a spec that names none. */
    public static final String TYPE = "1";
    /** {@code D} of a fully-connected type. */
    public static final int WIDTH = 64;
    /** The channel count of a convolutional type. */
    public static final int CONVOLUTIONAL_WIDTH = 8;

    /** The data of a run from the command line. */
    public static final String COMMAND_DATASET = DatasetSpec.SYNTHETIC;
    /** Its classes. */
    public static final String COMMAND_CLASSES = "0,1";
    /** The data of an experiment spec. */
    public static final String SPEC_DATASET = DatasetSpec.FASHION_MNIST;
    /** Its classes: all ten. */
    public static final String SPEC_CLASSES = "0,1,2,3,4,5,6,7,8,9";
    /** The mixture's training images per class (and half as many test images). */
    public static final int MIXTURE_TRAIN_PER_CLASS = 512;

    /** Passes over the training set. */
    public static final int EPOCHS = 10;
    /** Mini-batch size. */
    public static final int BATCH = 128;
    /** Initial learning rate {@code η₀} of the cosine schedule. */
    public static final double LEARNING_RATE = 0.1;
    /** The optimiser. */
    public static final Optimizer OPTIMIZER = Optimizer.SGD;
    /** Nesterov's momentum {@code μ}, when the optimiser is {@link Optimizer#NESTEROV}. */
    public static final double MOMENTUM = 0.9;
    /** What the weight decay reaches: every parameter, as eq. (1). */
    public static final DecayScope DECAY_SCOPE = DecayScope.ALL;
    /** Weight decay {@code λ}. */
    public static final double WEIGHT_DECAY = 0.01;
    /** Drop probability of stochastic depth: none. */
    public static final double STOCHASTIC_DEPTH = 0;
    /** Seed of the initialisation, the mini-batch order and the mixture. */
    public static final long SEED = 0;
    /** A checkpoint after every this many epochs. */
    public static final int CHECKPOINT_EVERY = 1;

    /** Training inputs analysed. */
    public static final int INPUTS = 8;
    /** Singular triplets per block (raised to {@code C+1}). */
    public static final int K = 10;
    /** Seed of the analysed inputs, the RA2 chance frames and the randomized SVD. */
    public static final long ANALYSIS_SEED = 0;

    private RunDefaults() {
    }

    /** The momentum of {@code optimizer} when none is given: {@link #MOMENTUM} for Nesterov's, 0 for plain SGD. */
    public static double momentum(Optimizer optimizer) {
        return optimizer == Optimizer.NESTEROV ? MOMENTUM : 0;
    }

    /** The width of a network of type {@code type}: {@link #WIDTH} or {@link #CONVOLUTIONAL_WIDTH}. */
    public static int width(ModelType type) {
        return type.convolutional() ? CONVOLUTIONAL_WIDTH : WIDTH;
    }

    /** The depth of a network of type {@code type}: the paper's. */
    public static int depth(ModelType type) {
        return type.paperDepth();
    }
}
