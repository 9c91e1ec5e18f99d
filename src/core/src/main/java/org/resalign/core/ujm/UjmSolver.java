package org.resalign.core.ujm;

import java.util.random.RandomGenerator;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.opt.ConjugateGradientMinimizer;
import org.resalign.core.opt.GradientDescentMinimizer;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.LbfgsMinimizer;
import org.resalign.core.opt.Minimizer;
import org.resalign.core.opt.OptimizationResult;
import org.resalign.core.opt.StoppingCriteria;
import org.resalign.core.seed.Seeds;

/**
 * Solves the Unconstrained Jacobians Model (paper §3.3, Definition 3.2) from a seeded random initial point, with the
 * solver {@link SolverSettings#kind()} names. A random start matters: from {@code J = 0, w ∝ Δx} every gradient stays in
 * the aligned family and the solver could not fail to find it; from a random start it must discover the structure.
 */
public final class UjmSolver {

    private UjmSolver() {
    }

    /** The objective the solver works on: dense, or factored with rank {@code settings.rank()}. */
    public static UnconstrainedJacobiansModel model(UjmProblem problem, SolverSettings settings) {
        JacobianParametrisation jacobians = settings.kind() == SolverKind.FACTORED
                ? new FactoredJacobians(problem.dim(), problem.depth(), settings.rank())
                : new DenseJacobians(problem.dim(), problem.depth());
        return new UnconstrainedJacobiansModel(problem.data(), problem.loss(), problem.lambda(), jacobians);
    }

    /** The seeded initial point (see {@link SolverSettings#initScale()}). */
    public static double[] initialPoint(UnconstrainedJacobiansModel model, SolverSettings settings) {
        RandomGenerator rng = Seeds.stream(settings.initSeed(), Seeds.Purpose.INITIALISATION);
        int dim = model.jacobians().dim();
        double std = model.jacobians() instanceof FactoredJacobians
                ? Math.sqrt(settings.initScale() / dim)
                : settings.initScale() / Math.sqrt(dim);
        double[] theta = new double[model.dimension()];
        int wOff = model.jacobians().classifierOffset();
        double wStd = settings.initScale() / Math.sqrt(dim);
        for (int k = 0; k < theta.length; k++) {
            theta[k] = (k < wOff ? std : wStd) * rng.nextGaussian();
        }
        return theta;
    }

    /** The minimiser for a solver kind. */
    public static Minimizer minimizer(SolverSettings settings) {
        return switch (settings.kind()) {
            case LBFGS, FACTORED -> new LbfgsMinimizer(settings.history());
            case CG -> new ConjugateGradientMinimizer();
            case GD -> GradientDescentMinimizer.fixedStep(settings.step());
        };
    }

    /**
     * The number of variables of a solve: {@code L·D²} dense Jacobian entries ({@code L·2·D·r} factored) and the
     * classifier's {@code outputs·D} ({@code outputs} 1 for two classes, else {@code C}), counted without overflow.
     */
    public static long variables(UjmProblem problem, SolverSettings settings) {
        long d = problem.dim();
        long perLayer = settings.kind() == SolverKind.FACTORED ? 2 * d * settings.rank() : d * d;
        long outputs = problem.classes() == 2 ? 1 : problem.classes();
        return problem.depth() * perLayer + outputs * d;
    }

    /**
     * How many vectors of {@link #variables} doubles a solve holds at once: the start point and, for L-BFGS, its
     * iterate, gradient and trial pair (4) and the {@code m + 1} direction and gradient-difference slots of
     * {@link org.resalign.core.opt.VectorFreeHistory}; for gradient descent its iterate, gradient and trial pair; for
     * conjugate gradients (Hipparchus's optimiser and its cache) eight; and one more for the verdict's copy of the
     * optimum. The heap a solve needs is at least {@code 8 · variables · copies} bytes.
     */
    public static int workingCopies(SolverSettings settings) {
        int solver = switch (settings.kind()) {
            case LBFGS, FACTORED -> 4 + 2 * (settings.history() + 1);
            case GD -> 4;
            case CG -> 8;
        };
        return 1 + solver + 1;
    }

    /** Solves {@code problem} with L-BFGS and its default settings, the initial point drawn from the problem's seed. */
    public static UjmSolution solve(UjmProblem problem) {
        return solve(problem, SolverSettings.defaults(SolverKind.LBFGS, problem.seed()));
    }

    /** Solves {@code problem} with {@code settings}, reporting no progress. */
    public static UjmSolution solve(UjmProblem problem, SolverSettings settings) {
        return solve(problem, settings, IterationMonitor.NONE);
    }

    /**
     * Solves {@code problem} with {@code settings}, telling {@code monitor} of each iteration ({@code null}: no one).
     */
    public static UjmSolution solve(UjmProblem problem, SolverSettings settings, IterationMonitor monitor) {
        if (monitor == null) {
            monitor = IterationMonitor.NONE;
        }
        UnconstrainedJacobiansModel model = model(problem, settings);
        double[] start = initialPoint(model, settings);
        StoppingCriteria criteria = new StoppingCriteria(settings.maxIterations(), settings.tolerance(),
                settings.relativeChange());
        long t0 = System.nanoTime();
        OptimizationResult result = minimizer(settings).minimize(model, start, criteria, monitor);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(result.value())) {
            throw new InvalidInputException("initScale", "the solver ended at a non-finite objective ("
                    + result.value() + "): the problem overflows the double range from this start; try a smaller "
                    + "{initScale}");
        }
        return new UjmSolution(problem, settings, model, result.point(), result, seconds);
    }
}
