package org.resalign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;
import org.resalign.core.search.Conjecture;
import org.resalign.core.search.Counterexample;
import org.resalign.core.search.CounterexampleSearch;
import org.resalign.core.search.Evaluation;
import org.resalign.core.search.SearchReport;
import org.resalign.core.ujm.UjmSolveReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resalign search}: hunt for counterexamples to a conjecture about the UJM's optima (paper §3.3). */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Searches for counterexamples to a conjecture about the optima of the Unconstrained Jacobians "
                + "Model: random instances from the conjecture's box, then neighbours of the instances closest to "
                + "breaking it, each a full L-BFGS solve. Each counterexample is shrunk and written as a JSON file "
                + "that 'resalign ujm solve --replay FILE' re-runs.",
                "Conjectures: thm33, rank-le-classes, aligned-multisample, inverse-depth, other-losses "
                        + "(--list describes them).",
                "Exit code 0: no counterexample found; 1: at least one found."})
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (list) {
            for (Conjecture c : Conjecture.all()) {
                human.println(c.name() + "  (" + c.expectation().name().toLowerCase(Locale.ROOT) + ")");
                human.println("  " + c.statement());
                human.println("  source: " + c.source());
                human.println("  box: " + c.space().describe());
            }
            human.flush();
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
        try (Progress progress = Progress.of("search " + c.name(), budget, quiet)) {
            result = CounterexampleSearch.run(c, settings, e -> progress.step());
        }
        SearchReport report = result.report();
        ReportFolder.write(out, tmp -> writeInto(tmp, result));
        print(report, result.counterexamples(), out, human);
        json.write(report, spec.commandLine().getOut());
        return report.success() ? Main.HOLDS : Main.FAILS;
    }

    static void writeInto(Path folder, CounterexampleSearch.Result result) throws IOException {
        Json.write(folder.resolve("search.json"), result.report());
        List<Counterexample> cs = result.counterexamples();
        for (int k = 0; k < cs.size(); k++) {
            Json.write(folder.resolve(CounterexampleSearch.fileName(k)), cs.get(k));
        }
    }

    static void print(SearchReport r, List<Counterexample> counterexamples, Path out, PrintWriter w) {
        Table t = new Table(w);
        t.title("search  " + r.conjecture() + "  (" + r.expectation() + ": " + r.source() + ")");
        w.println("  claim: " + r.statement());
        w.println("  box:   " + r.space());
        t.row("instances", String.format(Locale.ROOT, "%d solved (seed %d): %d hold, %d violate, %d inconclusive",
                r.evaluated(), r.seed(), r.holds(), r.violated(), r.inconclusive()));
        for (SearchReport.Coverage cov : r.coverage()) {
            t.row("  covered " + cov.parameter(), cov.hit() + "/" + cov.total() + " "
                    + (cov.total() == 1 ? "value" : "buckets") + "  " + counts(cov));
        }
        Evaluation closest = r.closest();
        if (closest != null) {
            t.row("closest holding", String.format(Locale.ROOT, "slack %.3g: %s", closest.judgement().slack(),
                    closest.judgement().detail()));
            t.row("", "at " + instance(closest.inputs()));
        }
        t.row("seconds", String.format(Locale.ROOT, "%.1f (+%d shrinking solves)", r.seconds(),
                r.shrinkEvaluations()));
        for (int k = 0; k < counterexamples.size(); k++) {
            Counterexample c = counterexamples.get(k);
            w.println();
            w.println("counterexample " + (k + 1) + ": " + instance(c.inputs())
                    + (c.shrunkFrom() != null ? "  (shrunk from " + instance(c.shrunkFrom()) + ")" : ""));
            w.println("  " + c.judgement().measure() + " = " + Table.sci(c.judgement().value()) + " against "
                    + Table.sci(c.judgement().threshold()) + ": " + c.judgement().detail());
            w.println("  replay: bin/resalign ujm solve --replay "
                    + out.resolve(CounterexampleSearch.fileName(k)));
        }
        w.println();
        String verdict = r.violated() > 0
                ? "COUNTEREXAMPLE (" + r.violated() + " of " + r.evaluated() + " instances violate the claim)"
                : "NONE FOUND in " + (r.evaluated() - r.inconclusive()) + " conclusive instances";
        w.println("verdict: " + verdict);
        w.println("report: " + out.resolve("search.json"));
        w.flush();
    }

    private static String counts(SearchReport.Coverage cov) {
        StringBuilder b = new StringBuilder();
        cov.counts().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(':').append(v));
        String s = b.toString();
        return s.length() > 70 ? s.substring(0, 67) + "…" : s;
    }

    /** The instance as the {@code ujm solve} options that reproduce it. */
    static String instance(UjmSolveReport.Inputs in) {
        return String.format(Locale.ROOT, "--dim %d --depth %d --lambda %s --loss %s --samples %d --classes %d "
                        + "--input-norm %s --seed %d", in.dim(), in.depth(), Double.toString(in.lambda()), in.loss(),
                in.samples(), in.classes(), Double.toString(in.inputNorm()), in.seed());
    }
}
