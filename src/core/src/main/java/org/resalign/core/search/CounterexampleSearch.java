package org.resalign.core.search;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.resalign.core.engine.UnitEngine;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Versions;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.seed.Seeds;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;

/**
 * A counterexample search over a {@link Conjecture}'s {@link ParameterSpace}: every instance is a full L-BFGS solve of
 * the Unconstrained Jacobians Model (paper Definition 3.2) from a seeded random start, judged by the conjecture.
 *
 * <p>The first half of the budget draws instances at random from the box. The second half is adaptive: each instance
 * is a {@link ParameterSpace#neighbour neighbour} of one of the {@value #ELITES} conclusive, non-violating instances of
 * smallest slack found so far (in turn), so the search refines around the cases closest to breaking the claim.
 * Instances are solved in rounds of {@value #ROUND}, in parallel, each round generated from the results before it, so
 * the result does not depend on the number of threads. Each violation (up to {@code keep}) is then shrunk greedily to a
 * smaller instance that still violates it: fewer dimensions, blocks, inputs and classes, and round values of
 * {@code λ}, {@code ‖Δx‖} and the seed.
 */
public final class CounterexampleSearch {

    /** Instances solved together; the adaptive phase sees the results of whole rounds. */
    public static final int ROUND = 4;

    /** Random-phase instances solved together (a multiple of {@link #ROUND}). */
    public static final int RANDOM_JOB = 64;

    /** How many of the closest instances the adaptive phase refines around. */
    public static final int ELITES = 5;

    /**
     * The search's settings.
     *
     * @param budget      instances to solve ({@code ≥ 1})
     * @param seed        seed of the instances drawn
     * @param keep        counterexamples to shrink and keep ({@code ≥ 0})
     * @param shrinkSteps solves allowed for shrinking each kept counterexample ({@code ≥ 0})
     */
    public record Settings(int budget, long seed, int keep, int shrinkSteps) {
        public Settings {
            if (budget < 1) {
                throw new InvalidInputException("budget", "{budget} must be a positive integer, got " + budget);
            }
            if (keep < 0) {
                throw new InvalidInputException("keep", "{keep} must be >= 0, got " + keep);
            }
            if (shrinkSteps < 0) {
                throw new InvalidInputException("shrinkSteps", "{shrinkSteps} must be >= 0, got " + shrinkSteps);
            }
        }
    }

    /** A finished search: the report, and the counterexamples it names, in the same order. */
    public record Result(SearchReport report, List<Counterexample> counterexamples) {
    }

    private CounterexampleSearch() {
    }

    /** Runs the search in this JVM; {@code progress} sees each instance of the budget as it is judged. */
    public static Result run(Conjecture conjecture, Settings settings, Consumer<Evaluation> progress) {
        return run(conjecture, settings, UnitEngine.IN_PROCESS, progress);
    }

    /** An instance to solve: its problem, its place in the search and its phase. */
    record Unit(UjmProblem problem, int index, String phase) implements Serializable {
    }

    /**
     * Runs the search with its instances solved on {@code engine}; {@code progress} sees each instance of the budget,
     * in order, as its round is judged. The random phase does not depend on any result, so its instances are drawn
     * first, in the order the rounds would draw them, and solved in jobs of {@value #RANDOM_JOB}; the adaptive phase
     * goes round by round. The instances, and so the report, are the same on any engine.
     */
    public static Result run(Conjecture conjecture, Settings settings, UnitEngine engine,
            Consumer<Evaluation> progress) {
        long t0 = System.nanoTime();
        ParameterSpace space = conjecture.space();
        RandomGenerator rng = Seeds.stream(settings.seed(), Seeds.Purpose.SEARCH);
        int randomPhase = (settings.budget() + 1) / 2;
        // every round that starts before the adaptive phase is drawn at random
        int randomUnits = Math.min(settings.budget(), (randomPhase + ROUND - 1) / ROUND * ROUND);
        List<Unit> random = new ArrayList<>(randomUnits);
        for (int k = 0; k < randomUnits; k++) {
            random.add(new Unit(space.sample(rng), k, "random"));
        }
        UnitEngine.Task<Unit, Evaluation> solve = u -> evaluate(conjecture, u.problem(), u.index(), u.phase());
        List<Evaluation> done = new ArrayList<>();
        for (int from = 0; from < randomUnits; from += RANDOM_JOB) {
            for (Evaluation e : engine.map(random.subList(from, Math.min(randomUnits, from + RANDOM_JOB)), solve)) {
                done.add(e);
                progress.accept(e);
            }
        }
        while (done.size() < settings.budget()) {
            int size = Math.min(ROUND, settings.budget() - done.size());
            List<Unit> round = new ArrayList<>();
            List<Evaluation> elites = elites(done);
            for (int k = 0; k < size; k++) {
                int index = done.size() + k;
                if (elites.isEmpty()) {
                    round.add(new Unit(space.sample(rng), index, "random"));
                } else {
                    Evaluation parent = elites.get((index - randomPhase) % elites.size());
                    round.add(new Unit(space.neighbour(parent.inputs().problem(), rng), index, "adaptive"));
                }
            }
            for (Evaluation e : engine.map(round, solve)) {
                done.add(e);
                progress.accept(e);
            }
        }

        List<Counterexample> kept = new ArrayList<>();
        int shrinkSolves = 0;
        for (Evaluation e : done) {
            if (kept.size() >= settings.keep()) {
                break;
            }
            if (e.judgement().outcome() == Outcome.VIOLATED) {
                Shrunk s = shrink(conjecture, e, settings.shrinkSteps());
                shrinkSolves += s.solves();
                Evaluation best = s.evaluation();
                kept.add(new Counterexample("search", conjecture.name(), conjecture.statement(), best.inputs(),
                        best.objective(), best.judgement(), best == e ? null : e.inputs(), Versions.all()));
            }
        }

        int holds = count(done, Outcome.HOLDS);
        int violated = count(done, Outcome.VIOLATED);
        int inconclusive = count(done, Outcome.INCONCLUSIVE);
        Evaluation closest = done.stream().filter(e -> e.judgement().outcome() == Outcome.HOLDS)
                .min(BY_SLACK).orElse(null);
        List<String> files = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            files.add(fileName(k));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SearchReport report = new SearchReport("search", conjecture.name(), conjecture.statement(),
                conjecture.source(), conjecture.expectation().name().toLowerCase(java.util.Locale.ROOT),
                space.describe(), new SearchReport.Inputs(conjecture.name(), settings.budget(), settings.seed(),
                settings.keep(), settings.shrinkSteps()), settings.seed(), Versions.all(), seconds,
                violated > 0 ? "counterexample" : "none-found", done.size(), holds, violated, inconclusive,
                coverage(space, done), closest, files, shrinkSolves, done, engine.record());
        return new Result(report, kept);
    }

    /** The name of the {@code k}-th (0-based) counterexample file. */
    public static String fileName(int k) {
        return String.format(java.util.Locale.ROOT, "counterexample-%02d.json", k + 1);
    }

    /** Solves one instance with the default L-BFGS settings (start drawn from its seed) and judges it. */
    public static Evaluation evaluate(Conjecture conjecture, UjmProblem problem, int index, String phase) {
        long t0 = System.nanoTime();
        SolverSettings settings = SolverSettings.defaults(SolverKind.LBFGS, problem.seed());
        UjmSolveReport.Inputs inputs = UjmSolveReport.Inputs.of(problem, settings, 0.0);
        UjmSolution solution;
        try {
            solution = UjmSolver.solve(problem, settings, IterationMonitor.NONE);
        } catch (ArithmeticException overflow) {
            return new Evaluation(index, phase, inputs, Double.NaN, "non-finite",
                    Judgement.inconclusive("", Double.NaN, overflow.getMessage(), Map.of()),
                    (System.nanoTime() - t0) / 1e9);
        }
        Judgement j = conjecture.judge(solution);
        return new Evaluation(index, phase, inputs, solution.result().value(),
                solution.result().reason().name().toLowerCase(java.util.Locale.ROOT), j,
                (System.nanoTime() - t0) / 1e9);
    }

    private static final Comparator<Evaluation> BY_SLACK = Comparator
            .comparingDouble((Evaluation e) -> e.judgement().slack()).thenComparingInt(Evaluation::index);

    private static List<Evaluation> elites(List<Evaluation> done) {
        return done.stream().filter(e -> e.judgement().outcome() == Outcome.HOLDS).sorted(BY_SLACK)
                .limit(ELITES).toList();
    }

    private static int count(List<Evaluation> done, Outcome o) {
        return (int) done.stream().filter(e -> e.judgement().outcome() == o).count();
    }

    private record Shrunk(Evaluation evaluation, int solves) {
    }

    /**
     * Greedy shrinking: tries each simplification in turn, keeps the first that still violates the conjecture, and
     * starts over, until none does or {@code steps} solves are spent.
     */
    static Shrunk shrink(Conjecture conjecture, Evaluation found, int steps) {
        ParameterSpace space = conjecture.space();
        List<Function<UjmProblem, UjmProblem>> simpler = List.of(
                p -> with(p, p.dim() - 1, p.depth(), p.samples(), p.classes(), p.lambda(), p.inputNorm(), p.seed()),
                p -> with(p, p.dim(), p.depth() - 1, p.samples(), p.classes(), p.lambda(), p.inputNorm(), p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples() - 1, p.classes(), p.lambda(), p.inputNorm(), p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples(), p.classes() - 1, p.lambda(), p.inputNorm(), p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples(), p.classes(), round(p.lambda()), p.inputNorm(),
                        p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples(), p.classes(), p.lambda(), 1.0, p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples(), p.classes(), p.lambda(), round(p.inputNorm()),
                        p.seed()),
                p -> with(p, p.dim(), p.depth(), p.samples(), p.classes(), p.lambda(), p.inputNorm(), 0));
        Evaluation best = found;
        int solves = 0;
        boolean progress = true;
        while (progress && solves < steps) {
            progress = false;
            for (Function<UjmProblem, UjmProblem> f : simpler) {
                if (solves >= steps) {
                    break;
                }
                UjmProblem current = best.inputs().problem();
                UjmProblem candidate;
                try {
                    candidate = f.apply(current);
                } catch (IllegalArgumentException outside) {
                    continue;
                }
                if (candidate.equals(current) || !space.contains(candidate)) {
                    continue;
                }
                solves++;
                Evaluation e = evaluate(conjecture, candidate, found.index(), "shrink");
                if (e.judgement().outcome() == Outcome.VIOLATED) {
                    best = e;
                    progress = true;
                    break;
                }
            }
        }
        return new Shrunk(best, solves);
    }

    private static UjmProblem with(UjmProblem p, int d, int l, int n, int c, double lambda, double norm, long seed) {
        return new UjmProblem(d, l, lambda, p.loss(), n, c, norm, seed);
    }

    /** {@code v} to one significant digit (e.g. 0.0237 → 0.02). */
    static double round(double v) {
        return new BigDecimal(v).round(new MathContext(1)).doubleValue();
    }

    /** Instances per bucket of every parameter, against the buckets the box holds. */
    static List<SearchReport.Coverage> coverage(ParameterSpace space, List<Evaluation> done) {
        List<SearchReport.Coverage> out = new ArrayList<>();
        out.add(integers("D", space.dim(), done, UjmProblem::dim));
        out.add(integers("L", space.depth(), done, UjmProblem::depth));
        out.add(integers("N", space.samples(), done, UjmProblem::samples));
        out.add(integers("C", space.classRange(), done, UjmProblem::classes));
        out.add(buckets("lambda", logBuckets(space.lambdaMin(), space.lambdaMax(), 10), done,
                p -> logBucket(p.lambda(), space.lambdaMin(), space.lambdaMax(), 10)));
        out.add(buckets("inputNorm", logBuckets(space.normMin(), space.normMax(), 2), done,
                p -> logBucket(p.inputNorm(), space.normMin(), space.normMax(), 2)));
        out.add(buckets("loss", space.losses().stream().map(Loss::optionName).toList(), done,
                p -> p.loss().optionName()));
        return out;
    }

    private static SearchReport.Coverage integers(String name, ParameterSpace.Range range, List<Evaluation> done,
                                                  Function<UjmProblem, Integer> value) {
        List<String> all = IntStream.rangeClosed(range.min(), range.max()).mapToObj(Integer::toString).toList();
        return buckets(name, all, done, p -> Integer.toString(value.apply(p)));
    }

    private static SearchReport.Coverage buckets(String name, List<String> all, List<Evaluation> done,
                                                 Function<UjmProblem, String> bucket) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String b : all) {
            counts.put(b, 0);
        }
        for (Evaluation e : done) {
            counts.merge(bucket.apply(e.inputs().problem()), 1, Integer::sum);
        }
        int hit = (int) counts.values().stream().filter(c -> c > 0).count();
        return new SearchReport.Coverage(name, hit, all.size(), counts);
    }

    /** The labels of the powers of {@code base} that split {@code [lo, hi]}, e.g. {@code 1e-3–1e-2}. */
    private static List<String> logBuckets(double lo, double hi, int base) {
        List<String> out = new ArrayList<>();
        int first = exponent(lo, base);
        int last = Math.max(first, exponent(hi, base) - (isPower(hi, base) ? 1 : 0));
        for (int k = first; k <= last; k++) {
            out.add(label(k, base));
        }
        return out;
    }

    private static String logBucket(double v, double lo, double hi, int base) {
        int k = exponent(v, base);
        int last = Math.max(exponent(lo, base), exponent(hi, base) - (isPower(hi, base) ? 1 : 0));
        return label(Math.min(k, last), base);
    }

    private static int exponent(double v, int base) {
        return (int) Math.floor(Math.log(v) / Math.log(base) + 1e-12);
    }

    private static boolean isPower(double v, int base) {
        double e = Math.log(v) / Math.log(base);
        return Math.abs(e - Math.rint(e)) < 1e-12;
    }

    private static String label(int k, int base) {
        return base == 10 ? String.format(java.util.Locale.ROOT, "1e%d–1e%d", k, k + 1)
                : format(Math.pow(2, k)) + "–" + format(Math.pow(2, k + 1));
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
