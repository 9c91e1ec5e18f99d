package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.resalign.core.input.InvalidInputException;

/**
 * One experiment of {@code resalign reproduce}: which networks to train on which data, how to measure them, and
 * which of the paper's claims their measurements are held against. Read from a YAML ({@code .yaml}, {@code .yml})
 * or JSON file; every field but {@code title} and {@code claim} has a default ({@link RunDefaults}, those of a spec),
 * and each entry of {@code runs} overrides the shared settings for one network.
 *
 * <pre>
 * title: Figure 6, skip connections against none
 * claim: skips-cause-ra
 * dataset: fashion-mnist
 * classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
 * width: 64
 * depth: 8
 * epochs: 10
 * lambda: 0.01
 * runs:
 *   - {label: type-4a, type: 4a}
 *   - {label: type-4b, type: 4b}
 * </pre>
 *
 * @param title           what the experiment reproduces
 * @param claim           the claim judged: {@link Claim}'s names in lower case with dashes
 * @param paper           the paper's figure and numbers, for the report
 * @param dataset         {@code fashion-mnist} or {@code synthetic} (default {@value RunDefaults#SPEC_DATASET})
 * @param dataDir         the FashionMNIST folder (default {@value FashionMnist#DEFAULT_DIRECTORY})
 * @param classes         the classes (default {@value RunDefaults#SPEC_CLASSES})
 * @param trainPerClass   the first this many training images of each class (default 0: all of FashionMNIST's, and
 *                        {@value RunDefaults#MIXTURE_TRAIN_PER_CLASS} of the mixture)
 * @param type            model type (default {@value RunDefaults#TYPE})
 * @param width           width {@code D} (channels for convolutional types; default {@value RunDefaults#WIDTH} or
 *                        {@value RunDefaults#CONVOLUTIONAL_WIDTH})
 * @param depth           blocks {@code L} (default the paper's)
 * @param epochs          epochs (default {@value RunDefaults#EPOCHS})
 * @param lambda          weight decay {@code λ} (default {@value RunDefaults#WEIGHT_DECAY}, the paper's for
 *                        fully-connected models)
 * @param stochasticDepth drop probability of every residual branch in training (default
 *                        {@value RunDefaults#STOCHASTIC_DEPTH})
 * @param learningRate    initial learning rate (default {@value RunDefaults#LEARNING_RATE})
 * @param momentum        Nesterov's momentum, with the {@code nesterov} optimiser (default
 *                        {@value RunDefaults#MOMENTUM} there)
 * @param batch           mini-batch size (default {@value RunDefaults#BATCH})
 * @param seed            training seed (default {@value RunDefaults#SEED}); with {@code seeds}, not given
 * @param inputs          training inputs analysed (default {@value RunDefaults#INPUTS})
 * @param k               singular triplets per block (default {@value RunDefaults#K}, raised to {@code C+1})
 * @param analysisSeed    seed of the analysed inputs, frames and randomized SVD (default
 *                        {@value RunDefaults#ANALYSIS_SEED})
 * @param runs            the networks; default one run labelled {@code type-T}
 * @param experiments     {@code table} only: the experiments (spec names beside this one) whose models it lists
 * @param paperAccuracy   {@code table} only: the paper's Table 1 test accuracy per model type on this dataset
 * @param optimizer       {@code sgd} or {@code nesterov} ({@link Optimizer}; default {@link RunDefaults#OPTIMIZER})
 * @param decayScope      what the weight decay reaches, {@code all} (eq. (1)) or {@code weights} ({@link DecayScope};
 *                        default {@link RunDefaults#DECAY_SCOPE})
 * @param engine          {@code dl4j} or {@code lean} ({@link TrainingEngine}; default {@code dl4j}); {@code lean}
 *                        trains the fully-connected types without stochastic depth, and a spec asking it of another
 *                        run is refused
 * @param seeds           several training seeds: every run is trained once per seed (labelled
 *                        {@code LABEL-seed-S}) and the claim is judged on the distribution across seeds
 *                        ({@link ClaimResult}); neither {@code seed} nor a run's {@code seed} may be given beside it
 * @param branchScale     the residual scaling {@code α} of {@code h_{i+1} = σ(h_i + α·F(h_i))} (default 1, the
 *                        paper's blocks; other values need skips and the dl4j engine)
 */
public record ExperimentSpec(String title, String claim, String paper, String dataset, String dataDir,
        int[] classes, Integer trainPerClass, String type, Integer width, Integer depth, Integer epochs, Double lambda,
        Double stochasticDepth, Double learningRate, Double momentum, Integer batch, Long seed, Integer inputs,
        Integer k, Long analysisSeed, List<RunSpec> runs, List<String> experiments,
        Map<String, Double> paperAccuracy, String optimizer, String decayScope, String engine, List<Long> seeds,
        Double branchScale) {

    /** The claims an experiment can be judged by (paper §1.4 and the counterfactuals of Figures 3, 5 and 6). */
    public enum Claim {
        /** One network: RA2 alignment at least 0.1 above its random-frame chance level (paper Figures 1, 2, 4). */
        RA_APPEARS,
        /** Networks on more and more classes: the aligned rank grows with {@code C} (paper Figure 3, RA3). */
        RANK_GROWS_WITH_CLASSES,
        /** A network with stochastic depth against one without: alignment is amplified (paper Figure 5). */
        STOCHASTIC_DEPTH_AMPLIFIES("stochastic depth", TrainingSettings::stochasticDepth),
        /** A network with the larger weight decay against one with the smaller: RA is stronger (paper §2.3). */
        WEIGHT_DECAY_STRENGTHENS("weight decay", TrainingSettings::weightDecay),
        /** A network trained for more epochs against one trained for fewer: RA is stronger. */
        LONGER_TRAINING_STRENGTHENS("epochs", TrainingSettings::epochs),
        /** A network with skips against one without: RA appears and vanishes (paper Figure 6). */
        SKIPS_CAUSE_RA,
        /** No networks of its own: the test accuracies of other experiments' models beside Table 1. */
        TABLE;

        private final String setting;
        private final java.util.function.ToDoubleFunction<TrainingSettings> treatment;

        Claim() {
            this(null, null);
        }

        Claim(String setting, java.util.function.ToDoubleFunction<TrainingSettings> treatment) {
            this.setting = setting;
            this.treatment = treatment;
        }

        /**
         * For a paired claim, the setting its two runs differ in (the run with the larger value is the treatment);
         * null for the others.
         */
        public String setting() {
            return setting;
        }

        /** A paired claim's setting in {@code t}. */
        public double treatment(TrainingSettings t) {
            return treatment.applyAsDouble(t);
        }

        /** {@code skips-cause-ra} → {@link #SKIPS_CAUSE_RA}. */
        public static Claim parse(String name) {
            for (Claim c : values()) {
                if (c.optionName().equals(name)) {
                    return c;
                }
            }
            List<String> names = new ArrayList<>();
            for (Claim c : values()) {
                names.add(c.optionName());
            }
            throw new InvalidInputException("claim", "unknown {claim} '%s' (expected one of %s)", name, names);
        }

        /** The name in spec files. */
        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One network: a label (its folder and model file name) and the settings it overrides.
     *
     * @param label a file-name-safe name, unique in the experiment
     */
    public record RunSpec(String label, String type, Integer width, Integer depth, int[] classes,
            Integer trainPerClass, Integer epochs, Double lambda, Double stochasticDepth, Long seed, String optimizer,
            String decayScope, Double branchScale) {
    }

    /**
     * A run with everything resolved.
     *
     * @param label the network's own label: the run's, with {@code -seed-S} when the spec has {@code seeds}
     * @param group the run's label in the spec, shared by its seeds
     */
    public record Run(String label, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training, String group) {

        /** A run of one seed: its group is its label. */
        public Run(String label, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training) {
            this(label, spec, dataset, training, label);
        }
    }

    /** The label of run {@code label} at seed {@code seed} in a spec with {@code seeds}. */
    static String seededLabel(String label, long seed) {
        return label + "-seed-" + seed;
    }

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** Spec keys that differ from the name of the setting they give. */
    private static final Map<String, String> KEYS = Map.of("weightDecay", "lambda", "batchSize", "batch",
            "kind", "dataset");

    /**
     * Reads and checks a spec file; any problem is an {@link InvalidInputException} of the parameter {@code spec}
     * naming the file, with the settings it names written as the spec's keys ({@code 'lambda'}).
     */
    public static ExperimentSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Files.exists(file) ? new InvalidInputException("spec", "experiment {spec} %s is not a file", file)
                    : new InvalidInputException("spec", "experiment {spec} %s does not exist", file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
            throw new InvalidInputException("spec", "experiment {spec} %s must be a .yaml, .yml or .json file "
                    + "(its results go to the folder of its name without the extension)", file);
        }
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        ExperimentSpec spec;
        try {
            spec = mapper.readValue(file.toFile(), ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("spec", "%s is not a valid experiment {spec}: %s", file,
                    e.getOriginalMessage().lines().findFirst().orElse("") + where(e)).causedBy(e);
        } catch (IOException e) {
            throw new InvalidInputException("spec", "cannot read the experiment {spec} %s: %s", file,
                    e.getMessage()).causedBy(e);
        }
        if (spec == null) {
            throw new InvalidInputException("spec", "experiment {spec} %s is empty", file);
        }
        try {
            spec.check();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("spec", "experiment {spec} %s: %s", file,
                    e.message(n -> "'" + KEYS.getOrDefault(n, n) + "'")).causedBy(e);
        }
        return spec;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** The experiment's name: its spec file's name without the extension. */
    public static String nameOf(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /** The claim judged. */
    public Claim claimKind() {
        return Claim.parse(claim);
    }

    /** Checks everything that can be checked without data: resolves every run. */
    void check() {
        if (title == null || title.isBlank()) {
            throw new InvalidInputException("title", "{title} is missing");
        }
        if (claim == null) {
            throw new InvalidInputException("claim", "{claim} is missing");
        }
        Claim c = claimKind();
        if (c == Claim.TABLE) {
            if (experiments == null || experiments.isEmpty()) {
                throw new InvalidInputException("experiments", "a table lists {experiments}");
            }
            if (runs != null) {
                throw new InvalidInputException("runs", "a table trains nothing; remove {runs}");
            }
            return;
        }
        if (experiments != null || paperAccuracy != null) {
            throw new InvalidInputException(experiments != null ? "experiments" : "paperAccuracy",
                    "{experiments} and {paperAccuracy} belong to a table");
        }
        checkSeeds();
        List<Run> rs = firstSeed(resolve());
        int need = switch (c) {
            case RA_APPEARS -> 1;
            case STOCHASTIC_DEPTH_AMPLIFIES, WEIGHT_DECAY_STRENGTHENS, LONGER_TRAINING_STRENGTHENS,
                    SKIPS_CAUSE_RA -> 2;
            case RANK_GROWS_WITH_CLASSES -> -2;
            case TABLE -> 0;
        };
        if (need > 0 && rs.size() != need) {
            throw new InvalidInputException("runs", "{claim} %s compares " + need + " {runs}, the spec has "
                    + rs.size(), claim);
        }
        if (need < 0 && rs.size() < -need) {
            throw new InvalidInputException("runs", "{claim} %s needs at least " + -need + " {runs}", claim);
        }
        if (c.setting() != null && c.treatment(rs.get(0).training()) == c.treatment(rs.get(1).training())) {
            throw new InvalidInputException("runs", "{claim} %s compares two {runs} that differ in "
                    + c.setting() + "; both runs have " + c.treatment(rs.get(0).training()), claim);
        }
        if (c == Claim.SKIPS_CAUSE_RA && rs.get(0).spec().type().skips() == rs.get(1).spec().type().skips()) {
            throw new InvalidInputException("runs", "{claim} %s compares a run with skip connections and one without; "
                    + "both {runs} are " + (rs.get(0).spec().type().skips() ? "with" : "without"), claim);
        }
        analysisSettings();
    }

    /** {@code seeds}: not empty, distinct, and not beside a {@code seed}. */
    private void checkSeeds() {
        if (seeds == null) {
            return;
        }
        if (seeds.isEmpty()) {
            throw new InvalidInputException("seeds", "{seeds} is empty; give at least one seed, or {seed}");
        }
        if (seeds.contains(null)) {
            throw new InvalidInputException("seeds", "{seeds} has an empty entry");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidInputException("seeds", "{seeds} lists a seed twice: %s", seeds);
        }
        if (seed != null || (runs != null && runs.stream().anyMatch(r -> r.seed != null))) {
            throw new InvalidInputException("seeds", "give either {seeds} (every run at each) or {seed}, not both");
        }
    }

    /** The training seeds of every run: {@code seeds}, or the one {@code seed}. */
    public List<Long> trainingSeeds() {
        return seeds != null ? List.copyOf(seeds) : List.of(or(seed, RunDefaults.SEED));
    }

    /** The runs of the first seed, one per group. */
    private List<Run> firstSeed(List<Run> all) {
        Set<String> groups = new HashSet<>();
        return all.stream().filter(r -> groups.add(r.group())).toList();
    }

    /** The analysis settings. */
    public AnalysisSettings analysisSettings() {
        return new AnalysisSettings(or(inputs, RunDefaults.INPUTS), or(k, RunDefaults.K),
                or(analysisSeed, RunDefaults.ANALYSIS_SEED));
    }

    /**
     * The runs with every default filled in: each run of the spec once, or with {@code seeds} once per seed (in the
     * spec's order of runs, then of seeds).
     */
    public List<Run> resolve() {
        List<RunSpec> list = runs == null || runs.isEmpty()
                ? List.of(new RunSpec(null, null, null, null, null, null, null, null, null, null, null, null, null))
                : runs;
        List<Run> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (RunSpec r : list) {
            ModelType t = ModelType.parse(or(r.type, or(type, RunDefaults.TYPE)));
            String label = r.label != null ? r.label : list.size() == 1 ? "type-" + t.optionName() : null;
            if (label == null || !label.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new InvalidInputException("label", "every run needs a {label} of letters, digits, '.', '_' or "
                        + "'-', got '%s'", label);
            }
            if (!labels.add(label)) {
                throw new InvalidInputException("label", "two runs have the {label} '%s'", label);
            }
            try {
                if (seeds == null) {
                    out.add(resolve(r, t, label, label, or(r.seed, or(seed, RunDefaults.SEED))));
                } else {
                    for (long s : seeds) {
                        out.add(resolve(r, t, seededLabel(label, s), label, s));
                    }
                }
            } catch (InvalidInputException e) {
                throw e.within("run %s: ", label);
            }
        }
        return out;
    }

    /** Run {@code r} of type {@code t} at training seed {@code runSeed}. */
    private Run resolve(RunSpec r, ModelType t, String label, String group, long runSeed) {
        int[] cs = or(r.classes, or(classes, DatasetSpec.parseClasses(RunDefaults.SPEC_CLASSES)));
        int perClass = or(r.trainPerClass, or(trainPerClass, 0));
        String kind = or(dataset, RunDefaults.SPEC_DATASET);
        int mixture = perClass == 0 ? RunDefaults.MIXTURE_TRAIN_PER_CLASS : perClass;
        DatasetSpec data = DatasetSpec.FASHION_MNIST.equals(kind)
                ? DatasetSpec.fashionMnist(cs, dataDir == null ? FashionMnist.DEFAULT_DIR : Path.of(dataDir), perClass)
                : new DatasetSpec(kind, cs, "", mixture, DatasetSpec.mixtureTestPerClass(mixture), runSeed);
        int w = or(r.width, or(width, RunDefaults.width(t)));
        int d = or(r.depth, or(depth, RunDefaults.depth(t)));
        ResNetSpec net = new ResNetSpec(t, w, d, cs.length);
        Optimizer o = Optimizer.parse(or(r.optimizer, or(optimizer, RunDefaults.OPTIMIZER.optionName())));
        TrainingSettings training = new TrainingSettings(or(r.epochs, or(epochs, RunDefaults.EPOCHS)),
                or(batch, RunDefaults.BATCH), or(learningRate, RunDefaults.LEARNING_RATE),
                or(momentum, RunDefaults.momentum(o)), or(r.lambda, or(lambda, RunDefaults.WEIGHT_DECAY)), runSeed,
                RunDefaults.CHECKPOINT_EVERY, or(r.stochasticDepth, or(stochasticDepth, RunDefaults.STOCHASTIC_DEPTH)),
                TrainingEngine.parse(or(engine, TrainingEngine.DL4J.optionName())), o,
                DecayScope.parse(or(r.decayScope, or(decayScope, RunDefaults.DECAY_SCOPE.optionName()))),
                or(r.branchScale, or(branchScale, 1.0)));
        Trainer.requireEngine(net, training);
        ResNetBuilder.requireStochasticDepth(net, training.stochasticDepth());
        return new Run(label, net, data, training, group);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
