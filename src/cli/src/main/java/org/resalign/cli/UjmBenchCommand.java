package org.resalign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.core.ujm.UjmSolveBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign ujm bench}: the whole {@code ujm solve} command against the whole PyTorch L-BFGS process. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the whole 'ujm solve' command (a fresh JVM running this jar: start-up, solve, Theorem "
                + "3.3 verdict, JSON) against the whole PyTorch peer process (interpreter start and import torch "
                + "included: torch.optim.LBFGS, strong Wolfe, the same history, float64, from the same Δx and "
                + "initial point), interleaved, and prints the ratio of the medians (peer / ours).",
                "Exit code 0 when both reached the aligned optimum; 1 otherwise; 2 when the peer cannot run here."})
public final class UjmBenchCommand implements Callable<Integer> {

    @Option(names = "--dim", paramLabel = "D", defaultValue = "512", description = "Dimension (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "16", description = "Blocks (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--lambda", paramLabel = "λ", defaultValue = "1e-2",
            description = "Regularisation (default ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of Δx and the start (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Runs of each side, interleaved (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        UjmSolveBenchmark.Config config = new UjmSolveBenchmark.Config(dim, depth, lambda, seed, repeats);
        var missing = UjmSolveBenchmark.peer().unavailable();
        if (missing.isPresent()) {
            throw new BadInputException(missing.get());
        }
        UjmSolveBenchmark.Report report;
        try (Progress bar = Progress.of("ujm bench", 2L * repeats, quiet)) {
            report = UjmSolveBenchmark.run(config, out -> solveCommand(config, out), n -> bar.stepTo(n, ""));
        }
        UjmPrinter.bench(report, json.human());
        json.write(report);
        return report.bothReachedAlignedOptimum() ? Main.HOLDS : Main.FAILS;
    }

    /** Our timed solve: {@code ujm solve} of {@code c}'s problem in a child JVM, its JSON written to {@code out}. */
    static List<String> solveCommand(UjmSolveBenchmark.Config c, Path out) {
        List<String> cmd = new ArrayList<>(ourCommand());
        cmd.addAll(List.of("ujm", "solve", "--dim", "" + c.dim(), "--depth", "" + c.depth(), "--lambda",
                "" + c.lambda(), "--seed", "" + c.seed(), "--quiet", "--json", out.toString()));
        return cmd;
    }

    /** The command line a user's {@code bin/resalign} runs: this JVM's java, RESALIGN_JAVA_OPTS, and this jar. */
    static List<String> ourCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("RESALIGN_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        Path source;
        try {
            source = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find the resalign jar: " + e.getMessage(), e);
        }
        if (source.toString().endsWith(".jar")) {
            cmd.addAll(List.of("-jar", source.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        return cmd;
    }
}
