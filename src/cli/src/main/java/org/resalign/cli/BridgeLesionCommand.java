package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.LesionStudy;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ResidualTheoryFolders;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge lesion MODEL.zip}: Veit et al. (NeurIPS 2016) §4's lesion study on a trained network. */
@Command(name = "lesion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The lesion study of Veit, Wilber & Belongie (NeurIPS 2016, §4) on a saved model's test "
                + "images: the accuracy with each block deleted (h_{i+1} = h_i), with k random blocks deleted and "
                + "with k random swaps of adjacent blocks (k = 1..L-1, --draws each), batch norm in inference mode.",
                "Exit code 0 when the network was measured; 2 for a missing, truncated or foreign model file."})
public final class BridgeLesionCommand implements Callable<Integer> {

    @Mixin
    SavedModelOptions saved;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "10",
            description = "Random variants per number of deleted blocks or swaps (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the random deletions and swaps (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: lesion.json, blocks.png and random.png (Veit's Figures 3 and 4).")
    Path out;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        if (draws < 1 || draws > 10_000) {
            throw new BadInputException("--draws must be in 1..10000, got " + draws);
        }
        ModelFile.Loaded loaded = saved.load();
        var test = loaded.info().dataset().load().test();
        int depth = loaded.info().spec().depth();
        LesionStudy.Report report;
        try (Progress bar = Progress.of("lesion", LesionStudy.evaluations(depth, draws), saved.quiet)) {
            report = LesionStudy.run("bridge lesion", saved.model.toString(), loaded, test, draws, seed,
                    n -> bar.stepTo(n, ""));
        }
        if (out != null) {
            ReportFolder.write(out, folder -> ResidualTheoryFolders.writeInto(folder, report));
        }
        PrintWriter human = json.human();
        BridgePrinter.lesion(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        json.write(report);
        return Main.HOLDS;
    }
}
