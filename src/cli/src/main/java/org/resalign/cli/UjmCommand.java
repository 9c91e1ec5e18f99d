package org.resalign.cli;

import picocli.CommandLine.Command;

/** {@code resalign ujm}: the Unconstrained Jacobians Model (paper §3.3). */
@Command(name = "ujm", mixinStandardHelpOptions = true,
        description = "The Unconstrained Jacobians Model (paper Definition 3.2).",
        subcommands = {UjmSolveCommand.class, UjmPathsCommand.class, UjmSweepCommand.class, UjmBenchCommand.class})
public final class UjmCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
