package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.resalign.bridge.Demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code resalign demo}: the options of {@link Demo}, the embedded default, which solves the paper's binary UJM and
 * checks Theorem 3.3 with its negative controls, solves a convolution-sized instance with the factored solver, checks
 * Theorem 3.1 with a negative control, runs the proof audit beside a planted false step, and trains a small ResNet to
 * compare with the UJM optimum; writes a report folder with one JSON per run and a Markdown summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the embedded default: a UJM solve with the Theorem 3.3 check, its negative controls, "
                + "a factored solve at D = 16384, the Theorem 3.1 check with its sweep and a negative control, and "
                + "the proof audit with a planted false step, and a small ResNet trained in DL4J on synthetic data "
                + "beside the UJM optimum, with a truncated model file that must be refused; writes a report folder.",
                "Exit code 0 when every check holds and every negative control is rejected."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "resalign-demo",
            description = "Report folder (default ${DEFAULT-VALUE}); replaced as a whole when the demo finishes.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        BadInputException.requireFolderOrAbsent(out);
        PrintWriter human = json.human();
        Demo.Result result = Demo.run(seed, new DemoPrinter(human, quiet));
        Demo.write(out, result);
        DemoPrinter.summary(result.report(), out, human);
        json.write(result.report());
        return result.report().holds() ? Main.HOLDS : Main.FAILS;
    }
}
