package org.resalign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngines;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;
import org.resalign.core.search.Conjecture;
import org.resalign.core.search.Counterexample;
import org.resalign.core.search.CounterexampleSearch;
import org.resalign.core.search.SearchReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign search}: hunt for counterexamples to a conjecture about the UJM's optima (paper §3.3). */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SearchBenchCommand.class,
        description = {"Searches for counterexamples to a conjecture about the optima of the Unconstrained Jacobians "
                + "Model: random instances from the conjecture's box, then neighbours of the instances closest to "
                + "breaking it, each a full L-BFGS solve. Each counterexample is shrunk and written as a JSON file "
                + "that 'resalign ujm solve --replay FILE' re-runs.",
                "Conjectures: thm33, rank-le-classes, aligned-multisample, inverse-depth, other-losses "
                        + "(--list describes them).",
                "Exit code 0: no counterexample found; 1: at least one found."})
public final class SearchCommand implements Callable<Integer> {

    @Option(names = "--conjecture", paramLabel = "NAME", description = "The conjecture to search.")
    String conjecture;

    @Option(names = "--list", description = "Describe the conjectures and exit.")
    boolean list;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "1000",
            description = "Instances to solve (default ${DEFAULT-VALUE}; 1–15 s on 2 cores).")
    int budget;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the instances (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "resalign-search",
            description = "Folder for search.json and the counterexample files, replaced as a whole "
                    + "(default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--keep", paramLabel = "K", defaultValue = "3",
            description = "Counterexamples to shrink and write (default ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--shrink-steps", paramLabel = "S", defaultValue = "24",
            description = "Solves allowed to shrink each kept counterexample (default ${DEFAULT-VALUE}).")
    int shrinkSteps;

    @Option(names = "--master", paramLabel = "URL", description = "Solve the instances as Apache Spark tasks at this "
            + "master: local[N], spark://host:port or k8s://… (bin/resalign adds Spark to the class path). The JSON "
            + "is the same as without, apart from the wall times and the engine record.")
    String master;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        PrintWriter human = json.human();
        if (list) {
            SearchPrinter.conjectures(Conjecture.all(), human);
            return Main.HOLDS;
        }
        if (conjecture == null) {
            throw new BadInputException("--conjecture is required (or --list)");
        }
        json.validate();
        Conjecture c = Conjecture.named(conjecture);
        CounterexampleSearch.Settings settings = new CounterexampleSearch.Settings(budget, seed, keep, shrinkSteps);
        BadInputException.requireFolderOrAbsent(out);
        CounterexampleSearch.Result result;
        try (UnitEngine engine = UnitEngines.open(master);
                Progress progress = Progress.of("search " + c.name(), budget, quiet)) {
            result = CounterexampleSearch.run(c, settings, engine, e -> progress.step());
        }
        SearchReport report = result.report();
        ReportFolder.write(out, tmp -> writeInto(tmp, result));
        SearchPrinter.print(report, result.counterexamples(), out, human);
        json.write(report);
        return report.success() ? Main.HOLDS : Main.FAILS;
    }

    static void writeInto(Path folder, CounterexampleSearch.Result result) throws IOException {
        Json.write(folder.resolve("search.json"), result.report());
        List<Counterexample> cs = result.counterexamples();
        for (int k = 0; k < cs.size(); k++) {
            Json.write(folder.resolve(CounterexampleSearch.fileName(k)), cs.get(k));
        }
    }
}
