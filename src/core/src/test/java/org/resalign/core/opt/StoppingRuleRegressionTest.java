package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * Pins every minimiser's outcome to the bit on fixed problems: stop reason, iterations, evaluations, the bits of
 * {@code f} and {@code ‖∇f‖}, a hash of the bits of the final point, and a hash of every monitor call (iteration,
 * value, gradient norm), or the class and message of the exception. The expected lines were recorded from the
 * minimisers as they were when each applied its own copy of the stopping rule (commit d8a42af); the committed
 * experiments depend on these trajectories, so sharing the rule must not change one bit. Each stop reason of each
 * minimiser is reached at least once, as are the start-point exits and the non-finite exceptions.
 *
 * <p>The Rosenbrock and quadratic objectives use only {@code +, −, ×}, so their bits do not depend on the platform's
 * {@code Math} library; the UJM cases use the squared loss for the same reason.
 */
class StoppingRuleRegressionTest {

    /** One line per case, recorded before the stopping rule was shared. */
    private static final String RECORDED = "stopping-rule-outcomes.txt";

    @Test
    void everyOutcomeIsBitIdenticalToTheRecordedOne() throws IOException {
        final List<String> expected;
        try (InputStream in = StoppingRuleRegressionTest.class.getResourceAsStream(RECORDED)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        final List<String> actual = new ArrayList<>(run().values());
        assertEquals(81, expected.size(), "recorded cases");
        assertEquals(expected.size(), actual.size(), "number of cases");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i));
        }
    }

    @Test
    void theFingerprintSeesAOneBitChange() {
        // Negative control: the fingerprint distinguishes runs that differ in one ulp of the start point.
        final double[] start = TestFunctions.rosenbrockStart(4);
        final String a = fingerprint("a", () -> new LbfgsMinimizer(), TestFunctions.rosenbrock(4), start,
                new StoppingCriteria(30, 0, 0));
        start[0] = Math.nextUp(start[0]);
        final String b = fingerprint("a", () -> new LbfgsMinimizer(), TestFunctions.rosenbrock(4), start,
                new StoppingCriteria(30, 0, 0));
        assertNotEquals(a, b);
    }

    private static Map<String, String> run() {
        final Map<String, String> out = new LinkedHashMap<>();
        final DifferentiableFunction rosen2 = TestFunctions.rosenbrock(2);
        final DifferentiableFunction rosen10 = TestFunctions.rosenbrock(10);
        final double[][] a = TestFunctions.randomSpd(8, 1e3, new Random(11));
        final double[] b = {1, -2, 0.5, 3, -1, 0, 2, 1};
        final DifferentiableFunction quad = TestFunctions.quadratic(a, b);
        final DifferentiableFunction bowl = TestFunctions.quadratic(a, new double[8]);
        final double[] zero8 = new double[8];
        final double[] ones8 = {1, 1, 1, 1, 1, 1, 1, 1};
        final DifferentiableFunction nan = TestFunctions.nanBeyond(rosen2, 0.5);
        final DifferentiableFunction uphill = uphill(quad);

        final Map<String, Supplier<Minimizer>> minimizers = new LinkedHashMap<>();
        minimizers.put("lbfgs", LbfgsMinimizer::new);
        minimizers.put("lbfgs5", () -> new LbfgsMinimizer(5));
        minimizers.put("cg", ConjugateGradientMinimizer::new);
        minimizers.put("gd", () -> GradientDescentMinimizer.fixedStep(1e-3));
        minimizers.put("armijo", GradientDescentMinimizer::armijo);
        for (Map.Entry<String, Supplier<Minimizer>> e : minimizers.entrySet()) {
            final String m = e.getKey();
            final Supplier<Minimizer> s = e.getValue();
            put(out, m + " rosenbrock10 gradient", s, rosen10, TestFunctions.rosenbrockStart(10),
                    new StoppingCriteria(20_000, 1e-9, 0));
            put(out, m + " rosenbrock10 budget", s, rosen10, TestFunctions.rosenbrockStart(10),
                    new StoppingCriteria(17, 0, 0));
            put(out, m + " rosenbrock10 relative", s, rosen10, TestFunctions.rosenbrockStart(10),
                    new StoppingCriteria(20_000, 0, 1e-7));
            put(out, m + " rosenbrock2 both", s, rosen2, TestFunctions.rosenbrockStart(2),
                    new StoppingCriteria(20_000, 1e-6, 1e-9));
            put(out, m + " quadratic gradient", s, quad, zero8, new StoppingCriteria(20_000, 1e-12, 0));
            put(out, m + " quadratic exhaust", s, quad, zero8, new StoppingCriteria(3_000, 0, 0));
            put(out, m + " quadratic relative", s, quad, ones8, new StoppingCriteria(20_000, 0, 1e-12));
            put(out, m + " bowl at minimum", s, bowl, zero8, new StoppingCriteria(100, 1e-12, 0));
            put(out, m + " no budget", s, quad, ones8, new StoppingCriteria(0, 1e-12, 0));
            put(out, m + " nan", s, nan, TestFunctions.rosenbrockStart(2), new StoppingCriteria(10_000, 1e-10, 0));
            put(out, m + " nan start", s, TestFunctions.nanBeyond(rosen2, -10), new double[] {0, 0},
                    new StoppingCriteria(100, 1e-10, 0));
            put(out, m + " uphill", s, uphill, ones8, new StoppingCriteria(100, 1e-12, 0));
            put(out, m + " nan gradient", s, nanGradientBeyond(rosen2, 0.5), TestFunctions.rosenbrockStart(2),
                    new StoppingCriteria(10_000, 1e-10, 0));
        }
        put(out, "gd diverges", () -> GradientDescentMinimizer.fixedStep(0.5), quad, ones8,
                new StoppingCriteria(10_000, 0, 0));
        put(out, "gd grows", () -> GradientDescentMinimizer.fixedStep(0.5), quad, ones8,
                new StoppingCriteria(10_000, 1e-12, 0));
        put(out, "cg unbounded", ConjugateGradientMinimizer::new, linear(3), new double[3],
                new StoppingCriteria(10_000, 1e-12, 0));
        put(out, "cg evaluation budget", () -> new ConjugateGradientMinimizer(1e-12, 1e-30, 1e-3, 25), rosen2,
                TestFunctions.rosenbrockStart(2), new StoppingCriteria(10_000, 1e-12, 0));

        for (SolverKind kind : SolverKind.values()) {
            for (int maxIterations : new int[] {40, 2_000}) {
                final UjmProblem p = new UjmProblem(6, 3, 1e-2, Loss.SQUARED, 2, 2, 1.0, 7);
                final SolverSettings settings = new SolverSettings(kind, maxIterations, 1e-10, 0,
                        3, 2, 0.1, 0.05, 3);
                final UnconstrainedJacobiansModel model = UjmSolver.model(p, settings);
                put(out, "ujm " + kind.optionName() + " " + maxIterations, () -> UjmSolver.minimizer(settings),
                        model, UjmSolver.initialPoint(model, settings), new StoppingCriteria(maxIterations,
                                settings.tolerance(), settings.relativeChange()));
            }
            final UjmProblem p = new UjmProblem(5, 2, 1e-3, Loss.SQUARED, 3, 3, 1.0, 9);
            final SolverSettings settings = new SolverSettings(kind, 5_000, 0, 1e-9, 2, 2, 0.1, 0.05, 5);
            final UnconstrainedJacobiansModel model = UjmSolver.model(p, settings);
            put(out, "ujm " + kind.optionName() + " relative", () -> UjmSolver.minimizer(settings), model,
                    UjmSolver.initialPoint(model, settings),
                    new StoppingCriteria(5_000, settings.tolerance(), settings.relativeChange()));
        }
        return out;
    }

    /** {@code f} with its gradient negated: no step along the returned "descent" direction decreases f. */
    private static DifferentiableFunction uphill(DifferentiableFunction f) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return f.dimension();
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                final double v = f.valueAndGradient(x, g);
                for (int i = 0; i < g.length; i++) {
                    g[i] = -g[i];
                }
                return v;
            }
        };
    }

    /** {@code f} whose gradient is NaN once {@code x[0]} exceeds {@code threshold}. */
    private static DifferentiableFunction nanGradientBeyond(DifferentiableFunction f, double threshold) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return f.dimension();
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                final double v = f.valueAndGradient(x, g);
                if (x[0] > threshold) {
                    g[g.length - 1] = Double.NaN;
                }
                return v;
            }
        };
    }

    /** {@code f(x) = −Σ x_i}, unbounded below. */
    private static DifferentiableFunction linear(int n) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v -= x[i];
                    g[i] = -1;
                }
                return v;
            }
        };
    }

    private static void put(Map<String, String> out, String name, Supplier<Minimizer> minimizer,
                            DifferentiableFunction f, double[] start, StoppingCriteria criteria) {
        out.put(name, fingerprint(name, minimizer, f, start, criteria));
    }

    private static String fingerprint(String name, Supplier<Minimizer> minimizer, DifferentiableFunction f,
                                      double[] start, StoppingCriteria criteria) {
        final long[] monitor = {17, 0};
        final IterationMonitor m = (iteration, value, gradientNorm) -> {
            monitor[1]++;
            monitor[0] = mix(mix(mix(monitor[0], iteration), Double.doubleToRawLongBits(value)),
                    Double.doubleToRawLongBits(gradientNorm));
        };
        final String outcome;
        try {
            final OptimizationResult r = minimizer.get().minimize(f, start, criteria, m);
            long point = 17;
            for (double v : r.point()) {
                point = mix(point, Double.doubleToRawLongBits(v));
            }
            outcome = r.reason() + " it=" + r.iterations() + " ev=" + r.evaluations()
                    + " f=" + Long.toHexString(Double.doubleToRawLongBits(r.value()))
                    + " g=" + Long.toHexString(Double.doubleToRawLongBits(r.gradientNorm()))
                    + " x=" + Long.toHexString(point);
        } catch (ArithmeticException e) {
            return name + ": " + e.getClass().getSimpleName() + " " + e.getMessage()
                    + " calls=" + monitor[1] + " mon=" + Long.toHexString(monitor[0]);
        }
        return name + ": " + outcome + " calls=" + monitor[1] + " mon=" + Long.toHexString(monitor[0]);
    }

    private static long mix(long h, long v) {
        long z = (h ^ v) * 0x9E3779B97F4A7C15L;
        return z ^ (z >>> 29);
    }
}
