package org.resalign.cli;

import picocli.CommandLine.Command;

/** {@code resalign bridge}: trained ResNets of the paper's types (§2.1) and their Residual Jacobians. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Train the paper's ResNet types in Deeplearning4j, measure RA1–RA4 on their Residual Jacobians, "
                + "and hold them against the UJM optimum.",
        subcommands = {BridgeTrainCommand.class, BridgeImportCommand.class, BridgeAnalyzeCommand.class, BridgeCompareCommand.class,
            BridgeSkipsCommand.class, BridgeLesionCommand.class, BridgePathsCommand.class, BridgeBranchesCommand.class, BridgeEpochsCommand.class,
            BridgeBenchCommand.class})
public final class BridgeCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
