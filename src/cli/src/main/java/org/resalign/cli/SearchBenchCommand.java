package org.resalign.cli;

import java.util.concurrent.Callable;

import org.resalign.core.search.SearchBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign search bench}: search throughput in this JVM against the same search on Spark. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times one search (no shrinking) in this JVM and on Apache Spark at --master, interleaved in "
                + "one process, and prints the instances solved per second of each and their ratio (Spark / this "
                + "JVM). Spark's start is timed apart. Every run's report must be the same apart from wall times.",
                "Exit code 0 when every run gave the same report; 1 otherwise."})
public final class SearchBenchCommand implements Callable<Integer> {

    @Option(names = "--conjecture", paramLabel = "NAME", defaultValue = "thm33",
            description = "The conjecture searched (default ${DEFAULT-VALUE}).")
    String conjecture;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "2000",
            description = "Instances per search (default ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the instances (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "The Spark master timed against this JVM (default ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Searches on each side, interleaved (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        SearchBenchmark.Config config = new SearchBenchmark.Config(conjecture, budget, seed, master, repeats);
        SearchBenchmark.Report report;
        try (Progress bar = Progress.of("search bench", 2L * repeats, quiet)) {
            report = SearchBenchmark.run(config, n -> bar.stepTo(n, ""));
        }
        SearchPrinter.bench(report, json.human());
        json.write(report);
        return report.identical() ? Main.HOLDS : Main.FAILS;
    }
}
