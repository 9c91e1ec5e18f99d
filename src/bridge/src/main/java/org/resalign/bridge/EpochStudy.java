package org.resalign.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.function.ToDoubleFunction;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.nc.NeuralCollapse;
import org.resalign.core.ra.ConfidenceInterval;

/**
 * RA's emergence over training, beside Neural Collapse (the paper's Figure 2 caption: "the alignment emerges during
 * training"; its §5 and Figure 7: RA and NC late in training): each trained network is measured at initialisation
 * ({@link InitialNetwork}), at every snapshot its training kept ({@code bridge train --snapshot-every},
 * {@link Trainer#snapshotOf}) and finished, always at the same training inputs (RA1–RA4, {@link NetworkAnalysis}) and
 * the same training images (NC1–NC4, {@link NetworkCollapse}). Several networks of one recipe at different seeds give
 * each measurement's 95% interval across the seeds at every epoch they share. Seeds measured apart (another day,
 * another machine) are joined from their reports ({@link #join}) into the report they would have made together.
 */
public final class EpochStudy {

    /**
     * One network at one epoch.
     *
     * @param epoch        epochs trained, 0 at initialisation
     * @param model        the model file measured ({@code MODEL at initialisation} for epoch 0)
     * @param testAccuracy its test accuracy
     * @param excess       RA2's alignment over its chance level ({@link NetworkAnalysis.Summary#excess})
     * @param ra           RA1–RA4 of its last stage, over the analysed inputs
     * @param collapse     NC1–NC4 at the collapse images
     * @param imported     where an imported network came from (absent for one trained here)
     */
    public record Point(int epoch, String model, double testAccuracy, double excess, NetworkAnalysis.Summary ra,
            NetworkCollapse collapse,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            ImportOrigin imported) {
    }

    /**
     * One network over its epochs.
     *
     * @param model  its file
     * @param seed   its training seed
     * @param points at initialisation, each snapshot and finished, by epoch
     */
    public record Run(String model, long seed, List<Point> points) {

        public Run {
            points = List.copyOf(points);
        }
    }

    /**
     * The measurements' 95% intervals across the runs at one epoch they all have (Student t,
     * {@link ConfidenceInterval}).
     */
    public record Band(int epoch, ConfidenceInterval testAccuracy, ConfidenceInterval excess,
            ConfidenceInterval alignedRank, ConfidenceInterval ra4LateSlope, ConfidenceInterval ra4LateRSquared,
            ConfidenceInterval lineFraction, ConfidenceInterval nc1, ConfidenceInterval equinorm,
            ConfidenceInterval equiangular, ConfidenceInterval maximalAngle, ConfidenceInterval selfDuality,
            ConfidenceInterval nearestCentreMismatch) {
    }

    /**
     * A report's runs against a baseline's at the same seeds: at every epoch all runs of both have, the 95% interval
     * across the seeds of the paired differences {@code report − baseline} of each measurement. Pairing by seed takes
     * out what the seed fixes in both (the initial weights, the batch order, the mixture), as the experiments' paired
     * claims do ({@link ClaimResult}).
     *
     * @param baseline    what the baseline's networks are: type, width, depth, classes, recipe
     * @param seeds       the seeds paired, ascending
     * @param differences per shared epoch, the intervals of the differences
     */
    public record Paired(String baseline, List<Long> seeds, List<Band> differences) {

        public Paired {
            seeds = List.copyOf(seeds);
            differences = List.copyOf(differences);
        }
    }

    /**
     * The JSON of {@code bridge epochs}.
     *
     * @param command        the command
     * @param spec           the networks' architecture
     * @param dataset        their data (the mixture's draw: of the network at the lowest seed)
     * @param training       the recipe of the network at the lowest seed (the others differ in the seed only);
     *                       absent for imported networks, whose declared {@code λ} is in each point's origin
     * @param settings       what RA was measured at
     * @param collapseInputs the number of training images NC was measured at
     * @param runs           each network over its epochs, by seed
     * @param acrossSeeds    with two networks or more, the intervals across them per shared epoch; else empty
     * @param againstBaseline the runs paired by seed with those of a baseline report ({@link #against}); absent
     *                       without one
     * @param versions       library versions
     * @param seconds        wall time
     */
    public record Report(String command, ResNetSpec spec, DatasetSpec dataset,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            TrainingSettings training, AnalysisSettings settings, int collapseInputs, List<Run> runs, List<Band> acrossSeeds,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Paired againstBaseline, Map<String, String> versions, double seconds) {

        public Report {
            runs = List.copyOf(runs);
            acrossSeeds = List.copyOf(acrossSeeds);
        }

        /** The weight decay of the runs: their recipe's, or as declared at import ({@code NaN}: not declared). */
        public double weightDecay() {
            if (training != null) {
                return training.weightDecay();
            }
            Double declared = runs.get(0).points().get(0).imported().weightDecay();
            return declared == null ? Double.NaN : declared;
        }

        /** The most epochs any run was measured at. */
        public int epochs() {
            return runs.stream().mapToInt(r -> r.points().get(r.points().size() - 1).epoch()).max().orElse(0);
        }
    }

    /**
     * What one run offers.
     *
     * @param model            its finished model (imported: its latest file)
     * @param seed             its training seed (imported: as declared)
     * @param info             the record of {@code model}
     * @param atInitialisation whether the run's initial network is built and measured as epoch 0 (trained here)
     * @param epochs           the epochs of {@code files}
     * @param files            the model files measured, by epoch
     */
    public record Plan(Path model, long seed, ModelInfo info, boolean atInitialisation, List<Integer> epochs,
            List<Path> files) {

        public Plan {
            epochs = List.copyOf(epochs);
            files = List.copyOf(files);
        }

        /** Points to measure. */
        public int points() {
            return epochs.size() + (atInitialisation ? 1 : 0);
        }
    }

    private EpochStudy() {
    }

    /**
     * The plan for the networks {@code models}, checked before any measurement. Either all were trained here and
     * finished: each is one run, measured at initialisation ({@link InitialNetwork}), at its snapshots and finished.
     * Or all were imported with their epoch and run seed declared ({@code bridge import --epoch E --seed S}): those
     * of one seed are the snapshots of one run, each measured as it is (an epoch-0 file is the run's initialisation).
     * All share one architecture, data set and recipe apart from the seed (which also draws the mixture), at distinct
     * seeds; for imported networks the recipe is the declared {@code λ}.
     */
    public static List<Plan> plan(List<Path> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models");
        }
        List<ModelInfo> infos = new ArrayList<>();
        for (Path m : models) {
            ModelInfo info = ModelFile.info(m);
            ModelInfo first = infos.isEmpty() ? info : infos.get(0);
            if (info.imported() != first.imported()) {
                throw new InvalidInputException("models", "{models}: %s and %s are one imported and one trained "
                        + "here; measure each kind on its own", models.get(0), m);
            }
            if (info.dataset() == null) {
                throw new InvalidInputException("models", "{models}: %s was imported without its training data; "
                        + "import it with --dataset", m);
            }
            if (info.imported() && (info.origin().epoch() == null || info.origin().seed() == null)) {
                throw new InvalidInputException("models", "{models}: %s was imported without its epoch and run seed; "
                        + "import it with --epoch E --seed S", m);
            }
            if (!info.spec().equals(first.spec()) || !info.dataset().withSeed(0).equals(first.dataset().withSeed(0))
                    || !sameRecipe(info, first)) {
                throw new InvalidInputException("models", "{models}: %s is not trained as %s (another "
                        + "architecture, data or recipe, not only another seed)", m, models.get(0));
            }
            infos.add(info);
        }
        List<Plan> plans = new ArrayList<>();
        if (!infos.get(0).imported()) {
            for (int k = 0; k < models.size(); k++) {
                Path m = models.get(k);
                ModelInfo info = infos.get(k);
                for (Plan p : plans) {
                    if (p.seed() == info.training().seed()) {
                        throw new InvalidInputException("models", "{models}: %s and %s are trained at the same seed "
                                + info.training().seed(), p.model(), m);
                    }
                }
                List<Integer> epochs = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                for (int e = 1; e < info.epochsDone(); e++) {
                    Path s = Trainer.snapshotOf(m, e);
                    if (Files.isRegularFile(s)) {
                        epochs.add(e);
                        files.add(s);
                    }
                }
                epochs.add(info.epochsDone());
                files.add(m);
                plans.add(new Plan(m, info.training().seed(), info, true, epochs, files));
            }
            return plans;
        }
        // imported: one run per declared seed, in the order the seeds first appear, its files by epoch
        java.util.Map<Long, java.util.TreeMap<Integer, Integer>> bySeed = new java.util.LinkedHashMap<>();
        for (int k = 0; k < models.size(); k++) {
            ImportOrigin o = infos.get(k).origin();
            Integer before = bySeed.computeIfAbsent(o.seed(), s -> new java.util.TreeMap<>()).put(o.epoch(), k);
            if (before != null) {
                throw new InvalidInputException("models", "{models}: %s and %s are both epoch " + o.epoch()
                        + " of the run at seed " + o.seed(), models.get(before), models.get(k));
            }
        }
        for (var run : bySeed.entrySet()) {
            List<Integer> epochs = new ArrayList<>(run.getValue().keySet());
            List<Path> files = run.getValue().values().stream().map(models::get).toList();
            int last = run.getValue().lastEntry().getValue();
            plans.add(new Plan(models.get(last), run.getKey(), infos.get(last), false, epochs, files));
        }
        return plans;
    }

    /** The same recipe apart from the seed: the training settings, or for imported networks the declared λ. */
    private static boolean sameRecipe(ModelInfo a, ModelInfo b) {
        if (a.imported()) {
            return java.util.Objects.equals(a.origin().weightDecay(), b.origin().weightDecay());
        }
        return a.training().withSeed(0).equals(b.training().withSeed(0));
    }

    /**
     * What two reports must share to be joined: the networks' architecture, data (apart from the seed that draws the
     * mixture), recipe (apart from the seed; imported: the declared {@code λ}) and the measurement's settings.
     */
    record Recipe(ResNetSpec spec, DatasetSpec dataset, TrainingSettings training, Double declaredWeightDecay,
            AnalysisSettings settings, int collapseInputs) {

        static Recipe of(Report r) {
            return new Recipe(r.spec(), r.dataset().withSeed(0), r.training() == null ? null
                    : r.training().withSeed(0), r.training() == null ? r.weightDecay() : null, r.settings(),
                    r.collapseInputs());
        }

        static Recipe of(Plan p, AnalysisSettings settings, int collapseInputs) {
            ModelInfo i = p.info();
            return new Recipe(i.spec(), i.dataset().withSeed(0), i.imported() ? null : i.training().withSeed(0),
                    i.imported() ? declared(i) : null, settings, collapseInputs);
        }

        private static Double declared(ModelInfo i) {
            return i.origin().weightDecay() == null ? Double.NaN : i.origin().weightDecay();
        }
    }

    /**
     * Reads a report of {@code bridge epochs} ({@code epochs.json}, or its {@code --json}) to join or to pair with.
     *
     * @param parameter the input that named the file ({@code with}, {@code baseline}), named in the errors
     * @throws InvalidInputException naming the file when it is missing or not such a report
     */
    public static Report read(Path file, String parameter) {
        Report r;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = org.resalign.core.io.Json.mapper().readTree(file.toFile());
            com.fasterxml.jackson.databind.JsonNode command = tree == null ? null : tree.get("command");
            if (command == null || !command.asText().equals(COMMAND)) {
                throw new InvalidInputException(parameter, "{" + parameter + "} %s is not a report of " + COMMAND, file);
            }
            r = org.resalign.core.io.Json.mapper().treeToValue(tree, Report.class);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s: no such file", file).causedBy(e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s is not a report of " + COMMAND + ": %s", file,
                    e.getOriginalMessage()).causedBy(e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s: cannot read it (%s)", file, e.getMessage())
                    .causedBy(e);
        }
        if (r.runs().isEmpty() || r.runs().stream().anyMatch(run -> run.points().isEmpty())) {
            throw new InvalidInputException(parameter, "{" + parameter + "} %s holds no measured run", file);
        }
        return r;
    }

    /** The command name a report of this study carries. */
    public static final String COMMAND = "bridge epochs";

    /**
     * Checks, before any measurement, that the reports {@code earlier} (read from {@code files}, named by the input
     * {@code parameter}) can be joined with each other and with the runs {@code plans} will measure: one recipe
     * ({@link Recipe}), distinct seeds.
     *
     * @throws InvalidInputException naming the first report that does not fit
     */
    public static void requireJoinable(String parameter, List<Report> earlier, List<Path> files, List<Plan> plans,
            AnalysisSettings settings, int collapseInputs) {
        Recipe first = plans.isEmpty() ? Recipe.of(earlier.get(0)) : Recipe.of(plans.get(0), settings, collapseInputs);
        java.util.Map<Long, String> seeds = new java.util.HashMap<>();
        for (Plan p : plans) {
            seeds.put(p.seed(), p.model().toString());
        }
        for (int k = 0; k < earlier.size(); k++) {
            Recipe r = Recipe.of(earlier.get(k));
            if (!r.equals(first)) {
                throw new InvalidInputException(parameter, "{" + parameter + "} %s measured %s, not %s (another architecture, data, "
                        + "recipe or measurement, not only another seed)", files.get(k), describe(r),
                        describe(first));
            }
            for (Run run : earlier.get(k).runs()) {
                String before = seeds.putIfAbsent(run.seed(), files.get(k).toString());
                if (before != null) {
                    throw new InvalidInputException(parameter, "{" + parameter + "} %s and %s both hold the run at seed "
                            + run.seed(), before, files.get(k));
                }
            }
        }
    }

    private static String measurement(AnalysisSettings s, int collapseInputs) {
        return String.format(java.util.Locale.ROOT, "%d RA inputs (k=%d, analysis seed %d) and %d NC images",
                s.inputs(), s.k(), s.seed(), collapseInputs);
    }

    private static String describe(Recipe r) {
        return String.format(java.util.Locale.ROOT, "type %s D=%d L=%d C=%d on %s, %s, %d RA inputs (k=%d, "
                + "analysis seed %d), %d NC images", r.spec().type().optionName(), r.spec().width(), r.spec().depth(),
                r.spec().classes(), r.dataset().kind(), r.training() == null ? "imported at λ=" + r.declaredWeightDecay()
                        : "trained at λ=" + r.training().weightDecay() + " for " + r.training().epochs() + " epochs",
                r.settings().inputs(), r.settings().k(), r.settings().seed(), r.collapseInputs());
    }

    /**
     * One report of the runs of {@code parts} (checked by {@link #requireJoinable}), by seed, with their intervals
     * across the seeds: the report the seeds would have made measured together, apart from the wall time
     * {@code seconds} (the runs' points are the parts' own, and the intervals depend on the set of runs only).
     */
    public static Report join(List<Report> parts, double seconds) {
        Report first = parts.stream().min(java.util.Comparator.comparingLong(p -> p.runs().get(0).seed()))
                .orElseThrow();
        for (Report p : parts) {
            if (!Recipe.of(p).equals(Recipe.of(first))) {
                throw new InvalidInputException("with", "{with}: a report measured %s, another %s",
                        describe(Recipe.of(p)), describe(Recipe.of(first)));
            }
        }
        List<Run> runs = new ArrayList<>();
        parts.forEach(p -> runs.addAll(p.runs()));
        runs.sort(java.util.Comparator.comparingLong(Run::seed));
        return new Report(COMMAND, first.spec(), first.dataset(), first.training(), first.settings(),
                first.collapseInputs(), runs, bands(runs), null, BridgeVersions.all(), seconds);
    }

    /**
     * Checks, before any measurement, that {@code baseline} (read from {@code file}) can be paired with runs at the
     * seeds {@code seeds} measured on {@code dataset} (apart from the seed) at {@code settings} and
     * {@code collapseInputs} NC images: the same data, the same measurement and the same seeds. Architecture and
     * recipe may differ: they are what the comparison is about.
     *
     * @throws InvalidInputException naming the baseline when it does not fit
     */
    public static void requirePairable(Report baseline, Path file, java.util.Collection<Long> seeds,
            DatasetSpec dataset, AnalysisSettings settings, int collapseInputs) {
        if (!baseline.dataset().withSeed(0).equals(dataset.withSeed(0))) {
            throw new InvalidInputException("baseline", "{baseline} %s measured networks trained on %s, not %s",
                    file, baseline.dataset().kind() + " C=" + baseline.spec().classes(), dataset.kind());
        }
        if (!baseline.settings().equals(settings) || baseline.collapseInputs() != collapseInputs) {
            throw new InvalidInputException("baseline", "{baseline} %s is measured at %s, not %s", file,
                    measurement(baseline.settings(), baseline.collapseInputs()), measurement(settings, collapseInputs));
        }
        java.util.SortedSet<Long> mine = new java.util.TreeSet<>(seeds);
        java.util.SortedSet<Long> theirs = new java.util.TreeSet<>(baseline.runs().stream().map(Run::seed).toList());
        if (!mine.equals(theirs)) {
            throw new InvalidInputException("baseline", "{baseline} %s holds the seeds %s, not %s: runs are paired by "
                    + "seed", file, theirs.toString(), mine.toString());
        }
        if (mine.size() < 2) {
            throw new InvalidInputException("baseline", "{baseline} %s: one seed (%s) gives no interval; pair two or "
                    + "more", file, mine.toString());
        }
    }

    /**
     * {@code report} with its runs paired by seed against those of {@code baseline} (checked by
     * {@link #requirePairable}): at every epoch that every run of both has, each measurement's differences
     * {@code report − baseline}, one per seed, and their 95% interval ({@link ConfidenceInterval}).
     */
    public static Report against(Report report, Report baseline, Path file) {
        requirePairable(baseline, file, report.runs().stream().map(Run::seed).toList(), report.dataset(),
                report.settings(), report.collapseInputs());
        List<Run> mine = report.runs();
        List<Run> theirs = new ArrayList<>(baseline.runs());
        theirs.sort(java.util.Comparator.comparingLong(Run::seed)); // report's runs are by seed already
        List<Band> differences = new ArrayList<>();
        for (Point p : mine.get(0).points()) {
            int e = p.epoch();
            List<Point> a = at(mine, e);
            List<Point> b = at(theirs, e);
            if (a.size() < mine.size() || b.size() < theirs.size()) {
                continue;
            }
            differences.add(band(e, f -> {
                double[] d = new double[a.size()];
                for (int k = 0; k < d.length; k++) {
                    d[k] = f.applyAsDouble(a.get(k)) - f.applyAsDouble(b.get(k));
                }
                return ConfidenceInterval.of(d);
            }));
        }
        if (differences.isEmpty()) {
            throw new InvalidInputException("baseline", "{baseline} %s shares no measured epoch with these runs",
                    file);
        }
        ResNetSpec s = baseline.spec();
        String what = String.format(java.util.Locale.ROOT, "type %s, D=%d, L=%d, C=%d, λ=%s, %d epochs",
                s.type().optionName(), s.width(), s.depth(), s.classes(), baseline.weightDecay(), baseline.epochs());
        Paired paired = new Paired(what, mine.stream().map(Run::seed).toList(), differences);
        return new Report(report.command(), report.spec(), report.dataset(), report.training(), report.settings(),
                report.collapseInputs(), report.runs(), report.acrossSeeds(), paired, report.versions(),
                report.seconds());
    }

    /** The points of {@code runs} at epoch {@code e}, in the runs' order (fewer where a run lacks it). */
    private static List<Point> at(List<Run> runs, int e) {
        List<Point> at = new ArrayList<>();
        for (Run r : runs) {
            r.points().stream().filter(q -> q.epoch() == e).findFirst().ifPresent(at::add);
        }
        return at;
    }

    /**
     * Measures the planned networks one after another, each on its own training data (FashionMNIST, or the
     * mixture drawn from its seed), at the inputs and images {@code settings}' seed draws from them.
     *
     * @param collapseInputs the number of training images NC is measured at ({@link NetworkCollapse#chooseInputs}),
     *                       given the number there are
     * @param progress       told each point as it is finished
     */
    public static Report run(String command, List<Plan> plans, AnalysisSettings settings,
            IntUnaryOperator collapseInputs, Consumer<Point> progress) {
        long t0 = System.nanoTime();
        ModelInfo first = plans.stream().min(java.util.Comparator.comparingLong(Plan::seed)).orElseThrow().info();
        DatasetSpec loadedSpec = null;
        Split data = null;
        List<NetworkAnalysis.Input> inputs = null;
        int[] images = null;
        List<Run> runs = new ArrayList<>();
        for (Plan plan : plans) {
            if (!plan.info().dataset().equals(loadedSpec)) { // the mixture is drawn from each run's seed
                loadedSpec = plan.info().dataset();
                data = loadedSpec.load();
                inputs = NetworkAnalysis.trainingInputs(data.train(), settings);
                images = NetworkCollapse.chooseInputs(data.train(), collapseInputs.applyAsInt(data.train().size()),
                        settings.seed());
            }
            List<Point> points = new ArrayList<>();
            if (plan.atInitialisation()) {
                ModelFile.Loaded initial = InitialNetwork.of(plan.info(), data);
                points.add(point(0, plan.model() + " at initialisation", initial, data, inputs, images, settings,
                        progress));
            }
            for (int k = 0; k < plan.epochs().size(); k++) {
                ModelFile.Loaded loaded = ModelFile.read(plan.files().get(k), false);
                points.add(point(plan.epochs().get(k), plan.files().get(k).toString(), loaded, data, inputs, images,
                        settings, progress));
            }
            runs.add(new Run(plan.model().toString(), plan.seed(), points));
        }
        runs.sort(java.util.Comparator.comparingLong(Run::seed));
        return new Report(command, first.spec(), first.dataset(), first.imported() ? null : first.training(),
                settings, images.length, runs,
                bands(runs), null, BridgeVersions.all(), (System.nanoTime() - t0) / 1e9);
    }

    private static Point point(int epoch, String model, ModelFile.Loaded loaded, Split data,
            List<NetworkAnalysis.Input> inputs, int[] images, AnalysisSettings settings, Consumer<Point> progress) {
        List<NetworkAnalysis.StageResult> stages = NetworkAnalysis.run(loaded.graph(), loaded.info().spec(), inputs,
                settings, n -> { });
        NetworkAnalysis.Summary ra = stages.get(stages.size() - 1).summary();
        // a run's initial network has no record of its accuracy; a snapshot's, a model's and an import's are kept
        double test = loaded.info().history().isEmpty() && !loaded.info().imported()
                ? Trainer.accuracy(loaded.graph(), data.test()) : loaded.info().testAccuracy();
        Point p = new Point(epoch, model, test, ra.excess(), ra, NetworkCollapse.of(loaded.graph(), data.train(),
                images), loaded.info().origin());
        progress.accept(p);
        return p;
    }

    /** The intervals across {@code runs} at every epoch all of them have; none for fewer than two runs. */
    static List<Band> bands(List<Run> runs) {
        List<Band> bands = new ArrayList<>();
        if (runs.size() < 2) {
            return bands;
        }
        for (Point p : runs.get(0).points()) {
            List<Point> at = at(runs, p.epoch());
            if (at.size() == runs.size()) {
                bands.add(band(p.epoch(), f -> ConfidenceInterval.of(at.stream().mapToDouble(f).toArray())));
            }
        }
        return bands;
    }

    /** The band of epoch {@code e} whose interval of each measurement {@code f} of a point is {@code of(f)}. */
    private static Band band(int e, java.util.function.Function<ToDoubleFunction<Point>, ConfidenceInterval> of) {
        return new Band(e, of.apply(Point::testAccuracy), of.apply(Point::excess),
                of.apply(q -> q.ra().alignedRank().mean()), of.apply(q -> q.ra().ra4LateSlope().mean()),
                of.apply(q -> q.ra().ra4LateRSquared().mean()), of.apply(q -> q.ra().lineFraction().mean()),
                of.apply(q -> nc(q).nc1()), of.apply(q -> nc(q).equinorm()), of.apply(q -> nc(q).equiangular()),
                of.apply(q -> nc(q).maximalAngle()), of.apply(q -> nc(q).selfDuality()),
                of.apply(q -> nc(q).nearestCentreMismatch()));
    }

    private static NeuralCollapse nc(Point p) {
        return p.collapse().measures();
    }
}
