package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.resalign.core.search.Conjecture;
import org.resalign.core.search.Counterexample;
import org.resalign.core.search.CounterexampleSearch;
import org.resalign.core.search.Evaluation;
import org.resalign.core.search.SearchBenchmark;
import org.resalign.core.search.SearchReport;
import org.resalign.core.ujm.UjmSolveReport;

/** The tables of {@code search} and of {@code search --list}. */
final class SearchPrinter {

    private SearchPrinter() {
    }

    /** Each conjecture: its name, expectation, statement, source and box. */
    static void conjectures(List<Conjecture> conjectures, PrintWriter out) {
        for (Conjecture c : conjectures) {
            out.println(c.name() + "  (" + c.expectation().name().toLowerCase(Locale.ROOT) + ")");
            out.println("  " + c.statement());
            out.println("  source: " + c.source());
            out.println("  box: " + c.space().describe());
        }
        out.flush();
    }

    /** The instances solved, the coverage of the box, the closest holding instance and each counterexample. */
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

    static void bench(SearchBenchmark.Report r, PrintWriter w) {
        SearchBenchmark.Config c = r.inputs();
        w.printf(Locale.ROOT, "search bench  %s, budget %d, seed %d, %d interleaved searches each, %d cores%n",
                c.conjecture(), c.budget(), c.seed(), c.repeats(), r.availableProcessors());
        w.printf(Locale.ROOT, "  this JVM     %8.1f instances/s  (searches %s s)%n", r.inProcessPerSecond(),
                seconds(r.inProcessSeconds()));
        w.printf(Locale.ROOT, "  %-12s %8.1f instances/s  (searches %s s; Spark started in %.1f s, not counted)%n",
                c.master(), r.enginePerSecond(), seconds(r.engineSeconds()), r.engineStartSeconds());
        w.printf(Locale.ROOT, "  ratio %.2f (%s / this JVM, medians); reports %s%n", r.ratio(), c.master(),
                r.identical() ? "identical apart from wall times" : "DIFFER");
        w.flush();
    }

    private static String seconds(List<Double> s) {
        return String.join(", ", s.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
    }
}
