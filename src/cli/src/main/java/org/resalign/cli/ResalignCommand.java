package org.resalign.cli;

import org.resalign.core.io.Versions;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code resalign}: numerical checks of Residual Alignment (Li &amp; Papyan, NeurIPS 2023). */
@Command(name = "resalign", mixinStandardHelpOptions = true, versionProvider = ResalignCommand.Version.class,
        description = "Checks the theory of Residual Alignment (Li & Papyan, NeurIPS 2023) numerically.",
        subcommands = {DemoCommand.class, UjmCommand.class, Thm31Command.class, ProofsCommand.class, SearchCommand.class,
                RsvdCommand.class, BridgeCommand.class, ReproduceCommand.class},
        footer = {"", "Exit codes: 0 the check holds, 1 it fails or a counterexample was found, 2 bad input, "
                + "3 internal error."})
public final class ResalignCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the resalign and library versions. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"resalign " + Versions.resalign() + "  " + Versions.all()};
        }
    }
}
