package org.resalign.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;


import org.resalign.core.engine.EngineRecord;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngines;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.stat.OrderStatistics;
import org.resalign.core.io.Versions;

/**
 * {@code resalign search bench}: the throughput of one search (instances solved per second) in this JVM against the
 * same search on an engine ({@code --master}), interleaved, in one process, with the ratio of their medians. The
 * engine is started once, before the first timed run, and its start is timed apart; each engine run's report must
 * equal the in-process one apart from wall times and the engine record ({@link Json#comparable}), or the benchmark
 * says so.
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    /** What to time: the search's conjecture, budget and seed, the engine's master, and runs of each side. */
    public record Config(String conjecture, int budget, long seed, String master, int repeats) {
        /** Checks every setting before anything starts. */
        public Config {
            Conjecture.named(conjecture);
            new CounterexampleSearch.Settings(budget, seed, 0, 0);
            InvalidInputException.require(master != null, "master", "{master} is required: the engine to time "
                    + "against this JVM");
            InvalidInputException.require(repeats >= 1, "repeats", "{repeats} must be a positive integer, got "
                    + repeats);
        }
    }

    /**
     * The result.
     *
     * @param engineStartSeconds     opening the engine (a Spark context), not in the timed runs
     * @param inProcessSeconds       each in-process search, in order
     * @param engineSeconds          each engine search, in order (interleaved with the in-process ones)
     * @param inProcessPerSecond     instances per second, from the median in-process search
     * @param enginePerSecond        instances per second, from the median engine search
     * @param ratio                  engine throughput over in-process throughput
     * @param identical              every report, on either side, equals the first (in-process) one apart from times
     *                               and the engine record
     * @param engine                 the engine's record after all its runs (its counts cover every run)
     */
    public record Report(String command, Config inputs, long seed, Map<String, String> versions,
                         int availableProcessors, double engineStartSeconds, List<Double> inProcessSeconds,
                         List<Double> engineSeconds, double inProcessPerSecond, double enginePerSecond, double ratio,
                         boolean identical, EngineRecord engine) {
    }

    /** Times the search; {@code progress} is told the number of timed runs done (of {@code 2·repeats}). */
    public static Report run(Config c, IntConsumer progress) {
        Conjecture conjecture = Conjecture.named(c.conjecture());
        CounterexampleSearch.Settings settings = new CounterexampleSearch.Settings(c.budget(), c.seed(), 0, 0);
        List<Double> here = new ArrayList<>();
        List<Double> there = new ArrayList<>();
        boolean identical = true;
        String reference = null; // the first run's report (in-process: it goes first)
        long t0 = System.nanoTime();
        try (UnitEngine engine = UnitEngines.open(c.master())) {
            double start = (System.nanoTime() - t0) / 1e9;
            for (int r = 0; r < c.repeats(); r++) {
                // alternate which side goes first, so that neither always runs on a warmer JVM
                for (int side = 0; side < 2; side++) {
                    boolean onEngine = (side == 0) == (r % 2 == 1);
                    long t = System.nanoTime();
                    SearchReport report = CounterexampleSearch.run(conjecture, settings,
                            onEngine ? engine : UnitEngine.IN_PROCESS, e -> { }).report();
                    double seconds = (System.nanoTime() - t) / 1e9;
                    (onEngine ? there : here).add(seconds);
                    String json = Json.comparable(report);
                    if (reference == null) {
                        reference = json;
                    }
                    identical &= json.equals(reference);
                    progress.accept(here.size() + there.size());
                }
            }
            double inProcess = c.budget() / median(here);
            double onEngine = c.budget() / median(there);
            return new Report("search bench", c, c.seed(), Versions.all(), Runtime.getRuntime().availableProcessors(),
                    start, here, there, inProcess, onEngine, onEngine / inProcess, identical, engine.record());
        }
    }

    private static double median(List<Double> x) {
        return OrderStatistics.median(x.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
