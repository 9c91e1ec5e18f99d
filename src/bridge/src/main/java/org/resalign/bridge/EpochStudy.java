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
 * each measurement's 95% interval across the seeds at every epoch they share.
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
     */
    public record Point(int epoch, String model, double testAccuracy, double excess, NetworkAnalysis.Summary ra,
            NetworkCollapse collapse) {
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
     * The JSON of {@code bridge epochs}.
     *
     * @param command        the command
     * @param spec           the networks' architecture
     * @param dataset        their data
     * @param training       the recipe of the first network (the others differ in the seed only)
     * @param settings       what RA was measured at
     * @param collapseInputs the number of training images NC was measured at
     * @param runs           each network over its epochs
     * @param acrossSeeds    with two networks or more, the intervals across them per shared epoch; else empty
     * @param versions       library versions
     * @param seconds        wall time
     */
    public record Report(String command, ResNetSpec spec, DatasetSpec dataset, TrainingSettings training,
            AnalysisSettings settings, int collapseInputs, List<Run> runs, List<Band> acrossSeeds,
            Map<String, String> versions, double seconds) {

        public Report {
            runs = List.copyOf(runs);
            acrossSeeds = List.copyOf(acrossSeeds);
        }
    }

    /** What one network offers: its file, its record, and the files measured at each epoch after 0. */
    public record Plan(Path model, ModelInfo info, List<Integer> epochs, List<Path> files) {

        /** Points to measure, initialisation included. */
        public int points() {
            return epochs.size() + 1;
        }
    }

    private EpochStudy() {
    }

    /**
     * The plan for the networks {@code models}, checked before any measurement: each was trained here (not
     * imported) and finished, and all share one architecture, data set and recipe apart from the seed (which also
     * draws the mixture), at distinct seeds.
     */
    public static List<Plan> plan(List<Path> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models");
        }
        List<Plan> plans = new ArrayList<>();
        ModelInfo first = null;
        for (Path m : models) {
            ModelInfo info = ModelFile.read(m, false).info();
            if (info.imported() || info.dataset() == null) {
                throw new InvalidInputException("models", "{models}: %s was imported; its snapshots and initial "
                        + "weights are not known here", m);
            }
            if (first == null) {
                first = info;
            } else if (!info.spec().equals(first.spec())
                    || !info.dataset().withSeed(0).equals(first.dataset().withSeed(0))
                    || !info.training().withSeed(0).equals(first.training().withSeed(0))) {
                throw new InvalidInputException("models", "{models}: %s is not trained as %s (another "
                        + "architecture, data or recipe, not only another seed)", m, models.get(0));
            }
            for (Plan p : plans) {
                if (p.info().training().seed() == info.training().seed()) {
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
            plans.add(new Plan(m, info, epochs, files));
        }
        return plans;
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
        ModelInfo first = plans.get(0).info();
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
            ModelFile.Loaded initial = InitialNetwork.of(plan.info(), data);
            points.add(point(0, plan.model() + " at initialisation", initial, data, inputs, images, settings,
                    progress));
            for (int k = 0; k < plan.epochs().size(); k++) {
                ModelFile.Loaded loaded = ModelFile.read(plan.files().get(k), false);
                points.add(point(plan.epochs().get(k), plan.files().get(k).toString(), loaded, data, inputs, images,
                        settings, progress));
            }
            runs.add(new Run(plan.model().toString(), plan.info().training().seed(), points));
        }
        return new Report(command, first.spec(), first.dataset(), first.training(), settings, images.length, runs,
                bands(runs), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9);
    }

    private static Point point(int epoch, String model, ModelFile.Loaded loaded, Split data,
            List<NetworkAnalysis.Input> inputs, int[] images, AnalysisSettings settings, Consumer<Point> progress) {
        List<NetworkAnalysis.StageResult> stages = NetworkAnalysis.run(loaded.graph(), loaded.info().spec(), inputs,
                settings, n -> { });
        NetworkAnalysis.Summary ra = stages.get(stages.size() - 1).summary();
        double test = epoch == 0 ? Trainer.accuracy(loaded.graph(), data.test()) : loaded.info().testAccuracy();
        Point p = new Point(epoch, model, test, ra.excess(), ra, NetworkCollapse.of(loaded.graph(), data.train(),
                images));
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
            int e = p.epoch();
            List<Point> at = new ArrayList<>();
            for (Run r : runs) {
                r.points().stream().filter(q -> q.epoch() == e).findFirst().ifPresent(at::add);
            }
            if (at.size() < runs.size()) {
                continue;
            }
            bands.add(new Band(e, across(at, Point::testAccuracy), across(at, Point::excess),
                    across(at, q -> q.ra().alignedRank().mean()), across(at, q -> q.ra().ra4LateSlope().mean()),
                    across(at, q -> q.ra().ra4LateRSquared().mean()), across(at, q -> q.ra().lineFraction().mean()),
                    across(at, q -> nc(q).nc1()), across(at, q -> nc(q).equinorm()),
                    across(at, q -> nc(q).equiangular()), across(at, q -> nc(q).maximalAngle()),
                    across(at, q -> nc(q).selfDuality()), across(at, q -> nc(q).nearestCentreMismatch())));
        }
        return bands;
    }

    private static NeuralCollapse nc(Point p) {
        return p.collapse().measures();
    }

    private static ConfidenceInterval across(List<Point> at, ToDoubleFunction<Point> f) {
        return ConfidenceInterval.of(at.stream().mapToDouble(f).toArray());
    }
}
