package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ResidualTheoryFolders;
import org.resalign.bridge.ResidualBranchNorms;
import org.resalign.core.report.ReportFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge branches MODEL.zip}: ‖F(h_i)‖/‖h_i‖ by depth (De & Smith 2020), trained and at initialisation. */
@Command(name = "branches", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How far each residual block is from the identity (De & Smith, NeurIPS 2020: batch norm biases "
                + "residual blocks towards the identity): ||F(h_i)|| / ||h_i|| by block at N training inputs, for the "
                + "saved network and for its run's initialisation, with the exponent of its fall with depth.",
                "Exit code 0 when the network was measured; 2 for a missing, truncated or foreign model file."})
public final class BridgeBranchesCommand implements Callable<Integer> {

    @Mixin
    SavedModelOptions saved;

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "64",
            description = "Training inputs, chosen as 'bridge analyze' chooses them (default ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--analysis-seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the inputs (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a report folder: branches.json and branches.png (the ratios by block, log-log).")
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
        ModelFile.Loaded loaded = saved.load();
        var data = loaded.info().dataset().load();
        ResidualBranchNorms.Report report;
        try (Progress bar = Progress.of("branches", 2, saved.quiet)) {
            report = ResidualBranchNorms.run("bridge branches", saved.model.toString(), loaded, data, inputs, seed);
            bar.stepTo(2, "");
        }
        if (out != null) {
            ReportFolder.write(out, folder -> ResidualTheoryFolders.writeInto(folder, report));
        }
        PrintWriter human = json.human();
        BridgePrinter.branches(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        json.write(report);
        return Main.HOLDS;
    }
}
