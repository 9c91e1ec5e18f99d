package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.bridge.AnalysisFolder;
import org.resalign.bridge.AnalysisReport;
import org.resalign.bridge.BridgeVersions;
import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ModelInfo;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.SkipCounterfactual;
import org.resalign.bridge.SkipsReport;
import org.resalign.bridge.Split;
import org.resalign.bridge.TrainReport;
import org.resalign.bridge.Trainer;
import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resalign bridge skips}: the skip-connection counterfactual of paper Figure 6 in one command. */
@Command(name = "skips", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the same network with and without skip connections (Type 4a and 4b, or 5a and 5b; "
                + "same data, seed and optimiser), analyses both, and says whether Residual Alignment appears with "
                + "skips (RA2 alignment at least 0.1 above its random-frame chance level) and vanishes without them "
                + "(less than half that excess left). Models go to DIR-models/ (resumable), the report to DIR.",
                "Exit code 0 when both halves hold (the paper's claim), 1 otherwise."})
public final class BridgeSkipsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--type", defaultValue = "4a", description = "4a (fully connected) or 5a (convolutional); its "
            + "counterpart without skips is trained too (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    TrainingOptions training;

    @Mixin
    AnalysisOptions analysis;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        long t0 = System.nanoTime();
        ModelType with = ModelType.parse(type).withSkips(true);
        ModelType without = with.withSkips(false);
        DatasetSpec dataset = training.datasetSpec();
        var settings = training.settings();
        var analysisSettings = analysis.settings();
        training.applyThreads();
        Split data = dataset.load();
        Path models = out.toAbsolutePath().resolveSibling(out.getFileName() + "-models");
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        TrainReport[] trained = new TrainReport[2];
        AnalysisReport[] analysed = new AnalysisReport[2];
        ModelType[] types = {with, without};
        for (int m = 0; m < 2; m++) {
            ModelType t = types[m];
            Path file = models.resolve("type-" + t.optionName() + ".zip");
            long start = System.nanoTime();
            ResNetSpec net = training.spec(t, dataset.classCount());
            ModelInfo info = Files.exists(file) ? ModelFile.info(file) : null;
            if (info != null && info.sameRun(net, dataset, settings)) {
                human.println("type " + t.optionName() + ": reusing the trained model " + file);
            } else {
                human.println("type " + t.optionName() + ": training ...");
                human.flush();
                try (Progress bar = Progress.of("train " + t.optionName(), 1, quiet)) {
                    info = Trainer.train(net, dataset, data, settings, file, true,
                            BridgeTrainCommand.monitor(bar));
                }
            }
            trained[m] = TrainReport.of(info, training.threads, file.toString(), 0, (System.nanoTime() - start) / 1e9);
            analysed[m] = BridgeAnalyzeCommand.measure("bridge skips", file.toString(), ModelFile.read(file, false),
                    data, analysisSettings, "analyze " + t.optionName(), quiet);
        }
        SkipCounterfactual result = SkipCounterfactual.judge(analysed[0].lastStage().summary(),
                analysed[1].lastStage().summary());
        SkipsReport report = new SkipsReport("bridge skips", settings.seed(), BridgeVersions.all(),
                (System.nanoTime() - t0) / 1e9, result.confirmed() ? "confirmed" : "not-confirmed", trained[0],
                trained[1], analysed[0], analysed[1], result);
        ReportFolder.write(out, folder -> {
            Path a = folder.resolve("type-" + with.optionName());
            Path b = folder.resolve("type-" + without.optionName());
            Files.createDirectories(a);
            Files.createDirectories(b);
            AnalysisFolder.figures(a, analysed[0]);
            AnalysisFolder.figures(b, analysed[1]);
            Json.write(folder.resolve("skips.json"), report);
            AtomicFile.writeString(folder.resolve("summary.md"), markdown(report));
        });
        print(report, human);
        human.println("report folder: " + out.toAbsolutePath());
        human.flush();
        json.write(report, spec.commandLine().getOut());
        return result.confirmed() ? Main.HOLDS : Main.FAILS;
    }

    static String[][] table(SkipsReport r) {
        NetworkAnalysis.Summary a = r.result().withSkips();
        NetworkAnalysis.Summary b = r.result().withoutSkips();
        return new String[][] {
            {"test accuracy", f(r.with().testAccuracy()), f(r.without().testAccuracy())},
            {"RA1 line fraction", f(a.lineFraction().mean()), f(b.lineFraction().mean())},
            {"RA1 spacing CV", f(a.spacingCV().mean()), f(b.spacingCV().mean())},
            {"RA2 alignment i≠j", f(a.alignment().mean()), f(b.alignment().mean())},
            {"RA2 chance level", f(a.chanceAlignment().mean()), f(b.chanceAlignment().mean())},
            {"RA2 excess over chance", f(r.result().excessWith()), f(r.result().excessWithout())},
            {"RA3 log10 σ_C/σ_C+1", f(a.log10RankGap().mean()), f(b.log10RankGap().mean())},
            {"RA3 energy in top C", f(a.energyTopC().mean()), f(b.energyTopC().mean())},
            {"RA4 slope of 1/σ₁", f(a.ra4Slope().mean()), f(b.ra4Slope().mean())},
            {"RA4 R²", f(a.ra4RSquared().mean()), f(b.ra4RSquared().mean())},
        };
    }

    private static String f(double v) {
        return Table.short4(v);
    }

    static void print(SkipsReport r, PrintWriter out) {
        String wa = r.with().spec().type().optionName();
        String wo = r.without().spec().type().optionName();
        out.printf(Locale.ROOT, "%n  %-26s %14s %14s%n", "", "type " + wa + " (skips)", "type " + wo + " (none)");
        for (String[] row : table(r)) {
            out.printf(Locale.ROOT, "  %-26s %14s %14s%n", row[0], row[1], row[2]);
        }
        out.println();
        out.println("RA appears with skips: " + (r.result().appearsWithSkips() ? "yes" : "no")
                + "   vanishes without: " + (r.result().vanishesWithout() ? "yes" : "no")
                + "   verdict: " + r.verdict().toUpperCase(Locale.ROOT));
    }

    static String markdown(SkipsReport r) {
        StringBuilder b = new StringBuilder("# Skip connections and Residual Alignment (paper Figure 6)\n\n");
        b.append(String.format(Locale.ROOT, "Type %s against %s, D = %d, L = %d, C = %d, %s, %d epochs, λ = %s, "
                + "seed %d; %d training inputs analysed.%n%n", r.with().spec().type().optionName(),
                r.without().spec().type().optionName(), r.with().spec().width(), r.with().spec().depth(),
                r.with().spec().classes(), r.with().dataset(), r.with().training().epochs(),
                r.with().training().weightDecay(), r.seed(), r.withAnalysis().settings().inputs()));
        b.append("| | with skips | without |\n|---|---|---|\n");
        for (String[] row : table(r)) {
            b.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "%nRA appears with skips: **%s**. RA vanishes without them: **%s**. "
                + "Verdict: **%s**.%n", r.result().appearsWithSkips() ? "yes" : "no",
                r.result().vanishesWithout() ? "yes" : "no", r.verdict()));
        return b.toString();
    }
}
