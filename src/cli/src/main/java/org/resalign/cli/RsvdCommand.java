package org.resalign.cli;

import picocli.CommandLine.Command;

/** {@code resalign rsvd}: the randomized SVD of paper §2.4 (Algorithm 971). */
@Command(name = "rsvd", mixinStandardHelpOptions = true,
        description = "The randomized SVD of paper §2.4 (Algorithm 971, Li et al., ACM TOMS 2017).",
        subcommands = {RsvdBenchCommand.class})
public final class RsvdCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
