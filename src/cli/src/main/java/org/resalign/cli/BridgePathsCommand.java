package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ResidualTheoryFolders;
import org.resalign.bridge.NetworkPaths;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge paths MODEL.zip}: a trained network's margin and gradient by path length (Veit et al. 2016). */
@Command(name = "paths", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The unravelled view of Veit, Wilber & Belongie (NeurIPS 2016, §3, §5) on a saved model at N "
                + "training inputs, through its linearisation (ReLU masks and batch norm in inference mode fixed at "
                + "each input): the share of the margin z_y - z_c carried by the paths through k = 0..L residual "
                + "branches, the affine rest the linearisation leaves out (batch norm shifts, the classifier's "
                + "bias), and the gradient each path carries to h_1 by length (Veit's Figure 6).",
                "Exit code 0 when the network was measured; 2 for a missing, truncated or foreign model file."})
public final class BridgePathsCommand implements Callable<Integer> {

    @Mixin
    SavedModelOptions saved;

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "16",
            description = "Training inputs, chosen as 'bridge analyze' chooses them (default ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--analysis-seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the inputs and of the sampled paths (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--path-samples", paramLabel = "M", defaultValue = "64",
            description = "Paths per length whose gradients are taken when there are more than "
                    + NetworkPaths.ALL_PATHS + " paths in all (default ${DEFAULT-VALUE}).")
    int pathSamples;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: paths.json and paths.png (the shares by path length, Veit's Figure 6).")
    Path out;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        if (inputs < 1 || inputs > 100_000) {
            throw new BadInputException("--inputs must be in 1..100000, got " + inputs);
        }
        if (pathSamples < 1 || pathSamples > 100_000) {
            throw new BadInputException("--path-samples must be in 1..100000, got " + pathSamples);
        }
        ModelFile.Loaded loaded = saved.load();
        var train = loaded.info().dataset().load().train();
        NetworkPaths.Report report;
        try (Progress bar = Progress.of("paths", inputs, saved.quiet)) {
            report = NetworkPaths.run("bridge paths", saved.model.toString(), loaded, train, inputs, seed,
                    pathSamples, n -> bar.stepTo(n, ""));
        }
        if (out != null) {
            ReportFolder.write(out, folder -> ResidualTheoryFolders.writeInto(folder, report));
        }
        PrintWriter human = json.human();
        BridgePrinter.paths(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        json.write(report);
        return Main.HOLDS;
    }
}
