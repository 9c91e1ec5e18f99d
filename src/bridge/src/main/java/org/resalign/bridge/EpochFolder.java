package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.resalign.core.io.Format;
import org.resalign.core.io.Json;
import org.resalign.core.nc.NeuralCollapse;
import org.resalign.core.plot.EpochCurvesPlot;
import org.resalign.core.plot.RaSweepPlot;
import org.resalign.core.ra.ConfidenceInterval;

/**
 * The report folder of {@code bridge epochs}: {@code epochs.json}, {@code epochs.png} (RA beside Neural Collapse over
 * the epochs, a line per seed and their mean: the paper's Figure 7) and {@code summary.md} (the intervals across the
 * seeds per epoch, or the one network's values).
 */
public final class EpochFolder {

    /** One measurement of a point, with its name, its band and its axis. */
    private record Measure(String name, ToDoubleFunction<EpochStudy.Point> of,
            Function<EpochStudy.Band, ConfidenceInterval> band, boolean logY) {
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("test accuracy", EpochStudy.Point::testAccuracy, EpochStudy.Band::testAccuracy, false),
            new Measure("RA2 excess alignment", EpochStudy.Point::excess, EpochStudy.Band::excess, false),
            new Measure("RA3 aligned rank", p -> p.ra().alignedRank().mean(), EpochStudy.Band::alignedRank, false),
            new Measure("RA4 late slope of 1/σ₁", p -> p.ra().ra4LateSlope().mean(), EpochStudy.Band::ra4LateSlope,
                    false),
            new Measure("NC1 Tr(Σ_W Σ_B†)/C", p -> nc(p).nc1(), EpochStudy.Band::nc1, true),
            new Measure("NC2 equinorm (CV of ‖μ_c − μ_G‖)", p -> nc(p).equinorm(), EpochStudy.Band::equinorm, false),
            new Measure("NC2 equiangular (sd of cosines)", p -> nc(p).equiangular(), EpochStudy.Band::equiangular,
                    false),
            new Measure("NC3 self-duality ‖W̃ − M̃‖²", p -> nc(p).selfDuality(), EpochStudy.Band::selfDuality, false),
            new Measure("NC4 classifier ≠ nearest centre", p -> nc(p).nearestCentreMismatch(),
                    EpochStudy.Band::nearestCentreMismatch, false));

    private EpochFolder() {
    }

    private static NeuralCollapse nc(EpochStudy.Point p) {
        return p.collapse().measures();
    }

    /** Writes the folder's files into {@code folder}, which exists. */
    public static void writeInto(Path folder, EpochStudy.Report r) throws IOException {
        Json.write(folder.resolve("epochs.json"), r);
        List<Integer> epochs = sharedEpochs(r);
        double[] x = epochs.stream().mapToDouble(Integer::doubleValue).toArray();
        List<EpochCurvesPlot.Panel> panels = new ArrayList<>();
        for (Measure m : MEASURES) {
            List<RaSweepPlot.Series> series = new ArrayList<>();
            for (EpochStudy.Run run : r.runs()) {
                series.add(new RaSweepPlot.Series("seed " + run.seed(), values(run, epochs, m.of())));
            }
            if (!r.acrossSeeds().isEmpty()) {
                series.add(new RaSweepPlot.Series("mean of " + r.runs().size(), r.acrossSeeds().stream()
                        .mapToDouble(b -> m.band().apply(b).mean()).toArray()));
            }
            panels.add(new EpochCurvesPlot.Panel(m.name(), m.logY(), series));
        }
        EpochCurvesPlot.write(x, panels, String.format(Locale.ROOT, "RA and Neural Collapse over training: type %s, "
                + "D=%d, L=%d, C=%d, λ=%s", r.spec().type().optionName(), r.spec().width(), r.spec().depth(),
                r.spec().classes(), r.weightDecay()), folder.resolve("epochs.png"));
        Files.writeString(folder.resolve("summary.md"), markdown(r));
    }

    /** The epochs every run has, in the first run's order (the bands' epochs with two runs or more). */
    static List<Integer> sharedEpochs(EpochStudy.Report r) {
        if (!r.acrossSeeds().isEmpty()) {
            return r.acrossSeeds().stream().map(EpochStudy.Band::epoch).toList();
        }
        return r.runs().get(0).points().stream().map(EpochStudy.Point::epoch).toList();
    }

    private static double[] values(EpochStudy.Run run, List<Integer> epochs, ToDoubleFunction<EpochStudy.Point> f) {
        double[] y = new double[epochs.size()];
        for (int t = 0; t < y.length; t++) {
            int e = epochs.get(t);
            y[t] = f.applyAsDouble(run.points().stream().filter(p -> p.epoch() == e).findFirst().orElseThrow());
        }
        return y;
    }

    /** A table of the measurements per epoch: the mean with its 95% interval across the seeds, or the value. */
    static String markdown(EpochStudy.Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "# RA and Neural Collapse over training: type %s, D=%d, L=%d, C=%d%n%n",
                r.spec().type().optionName(), r.spec().width(), r.spec().depth(), r.spec().classes()));
        b.append(String.format(Locale.ROOT, "λ = %s, %d epochs, seeds %s. RA at %d training inputs, NC at %d "
                + "training images; ", r.weightDecay(), r.epochs(), r.runs().stream()
                .map(run -> Long.toString(run.seed())).toList(), r.settings().inputs(), r.collapseInputs()));
        b.append(r.acrossSeeds().isEmpty() ? "one network, so no interval.\n\n"
                : "mean [95% Student-t interval] across the seeds.\n\n");
        header(b);
        if (r.acrossSeeds().isEmpty()) {
            for (EpochStudy.Point p : r.runs().get(0).points()) {
                b.append("| ").append(p.epoch()).append(" |");
                for (Measure m : MEASURES) {
                    b.append(' ').append(Format.fourDigits(m.of().applyAsDouble(p))).append(" |");
                }
                b.append('\n');
            }
        } else {
            bandRows(b, r.acrossSeeds());
        }
        EpochStudy.Paired paired = r.againstBaseline();
        if (paired != null) {
            b.append(String.format(Locale.ROOT, "%n## Against the baseline: %s%n%nPaired by seed (%s): the difference "
                    + "these networks − the baseline's, mean [95%% Student-t interval] across the seeds.%n%n",
                    paired.baseline(), paired.seeds()));
            header(b);
            bandRows(b, paired.differences());
        }
        return b.toString();
    }

    private static void header(StringBuilder b) {
        b.append("| epoch |");
        for (Measure m : MEASURES) {
            b.append(' ').append(m.name()).append(" |");
        }
        b.append("\n|---|");
        b.append("---|".repeat(MEASURES.size()));
        b.append('\n');
    }

    private static void bandRows(StringBuilder b, List<EpochStudy.Band> bands) {
        for (EpochStudy.Band band : bands) {
            b.append("| ").append(band.epoch()).append(" |");
            for (Measure m : MEASURES) {
                b.append(' ').append(m.band().apply(band).show()).append(" |");
            }
            b.append('\n');
        }
    }
}
