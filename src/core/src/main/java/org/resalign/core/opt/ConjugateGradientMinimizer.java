package org.resalign.core.opt;

import java.util.Arrays;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.ConvergenceChecker;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Nonlinear conjugate gradients with the Polak–Ribière formula (Nocedal &amp; Wright, <i>Numerical Optimization</i>,
 * 2nd ed., §5.2: Algorithm 5.4 with {@code β^PR}, eq. 5.44, restarted when {@code β < 0} and every n iterations),
 * delegated to Hipparchus's {@link NonLinearConjugateGradientOptimizer}. Hipparchus's line search is a Brent
 * minimisation of {@code f} along the direction (not a Wolfe search), so this minimiser is meant for small and medium
 * problems and for cross-checking {@link LbfgsMinimizer}; it allocates per evaluation.
 *
 * <p>Adaptation:
 * <ul>
 *   <li>{@link DifferentiableFunction} is exposed as {@link ObjectiveFunction} + {@link ObjectiveFunctionGradient}
 *       through a one-point cache, so each distinct point costs one {@code valueAndGradient} call even though
 *       Hipparchus asks for value and gradient separately. {@code evaluations} counts those calls.</li>
 *   <li>{@link StoppingCriteria} is honoured through its {@link StoppingCriteria.Checker}, wrapped as the
 *       {@link ConvergenceChecker} that Hipparchus consults once per iteration after the first, i.e. at every new
 *       iterate: gradient test, relative-change test over consecutive iterations, iteration budget. The start point
 *       is checked here before Hipparchus runs.</li>
 *   <li>{@code iterations} is the number of completed line searches (accepted steps), which is
 *       {@code optimizer.getIterations() − 1} when the checker stops the run, because Hipparchus counts the iteration
 *       in which the check happens.</li>
 *   <li>If Hipparchus gives up with {@link MathIllegalStateException} (its evaluation budget, or the bracketing of its
 *       line search failing), the last iterate is returned with {@link StopReason#MAX_ITERATIONS} when the evaluation
 *       budget is exhausted and {@link StopReason#LINE_SEARCH_FAILED} otherwise. (Hipparchus 4 has no
 *       {@code TooManyIterationsException}/{@code TooManyEvaluationsException}; it signals both this way.)</li>
 *   <li>NaN from the objective raises {@link ArithmeticException}.</li>
 * </ul>
 */
public final class ConjugateGradientMinimizer implements Minimizer {

    /** Default relative tolerance of Hipparchus's Brent line search (on function values). */
    public static final double DEFAULT_LINE_SEARCH_RELATIVE_TOLERANCE = 1e-12;
    /** Default absolute tolerance of Hipparchus's Brent line search (on function values). */
    public static final double DEFAULT_LINE_SEARCH_ABSOLUTE_TOLERANCE = 1e-30;
    /** Default extent of the initial bracketing interval of the line search. */
    public static final double DEFAULT_INITIAL_BRACKETING_RANGE = 1e-3;

    private final double lineSearchRelativeTolerance;
    private final double lineSearchAbsoluteTolerance;
    private final double initialBracketingRange;
    private final int maxEvaluations;

    /** Polak–Ribière with the default line-search tolerances and no evaluation budget. */
    public ConjugateGradientMinimizer() {
        this(DEFAULT_LINE_SEARCH_RELATIVE_TOLERANCE, DEFAULT_LINE_SEARCH_ABSOLUTE_TOLERANCE,
                DEFAULT_INITIAL_BRACKETING_RANGE, Integer.MAX_VALUE);
    }

    /**
     * @param lineSearchRelativeTolerance relative function-value tolerance of the Brent line search, {@code > 0}
     * @param lineSearchAbsoluteTolerance absolute function-value tolerance of the Brent line search, {@code > 0}
     * @param initialBracketingRange      extent of the line search's initial bracket, {@code > 0}
     * @param maxEvaluations              Hipparchus's budget of objective-value requests (cache hits included);
     *                                    running out stops with {@link StopReason#MAX_ITERATIONS}
     */
    public ConjugateGradientMinimizer(double lineSearchRelativeTolerance, double lineSearchAbsoluteTolerance,
                                      double initialBracketingRange, int maxEvaluations) {
        if (!(lineSearchRelativeTolerance > 0) || !(lineSearchAbsoluteTolerance > 0) || !(initialBracketingRange > 0)) {
            throw new IllegalArgumentException("line-search tolerances and bracketing range must be > 0");
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        this.lineSearchRelativeTolerance = lineSearchRelativeTolerance;
        this.lineSearchAbsoluteTolerance = lineSearchAbsoluteTolerance;
        this.initialBracketingRange = initialBracketingRange;
        this.maxEvaluations = maxEvaluations;
    }

    @Override
    public OptimizationResult minimize(DifferentiableFunction f, double[] start, StoppingCriteria criteria,
                                       IterationMonitor monitor) {
        Vectors.requireDimension(f, start);
        final CachedObjective objective = new CachedObjective(f);
        objective.recordIterate(start);
        final StoppingCriteria.Checker checker = criteria.checker(monitor);
        final StopReason atStart = checker.start(objective.iterateValue, objective.iterateGradientNormSquared);
        if (atStart != null) {
            return objective.result(atStart);
        }

        final NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new Adapter(objective, checker),
                lineSearchRelativeTolerance, lineSearchAbsoluteTolerance, initialBracketingRange);
        try {
            optimizer.optimize(
                    new ObjectiveFunction(objective::value),
                    new ObjectiveFunctionGradient(objective::gradient),
                    GoalType.MINIMIZE,
                    new InitialGuess(start),
                    new MaxEval(maxEvaluations),
                    MaxIter.unlimited());
            return objective.result(checker.reason());
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            final boolean budgetExhausted = optimizer.getEvaluations() >= maxEvaluations;
            return objective.result(budgetExhausted ? StopReason.MAX_ITERATIONS : checker.lineSearchFailed());
        }
    }

    /**
     * One-point cache in front of {@link DifferentiableFunction#valueAndGradient}; also remembers the latest iterate,
     * i.e. the latest point whose gradient Hipparchus asked for (the start point and the end of each line search).
     */
    private static final class CachedObjective {
        private final DifferentiableFunction f;
        private final double[] cachedX;
        private final double[] cachedGradient;
        private double cachedValue;
        private boolean cacheValid;
        int evaluations;
        /** Hipparchus's gradient requests: at the start point, then once after each completed line search. */
        private int gradientRequests;
        double[] iterateX;
        double iterateValue;
        double iterateGradientNormSquared;

        CachedObjective(DifferentiableFunction f) {
            this.f = f;
            this.cachedX = new double[f.dimension()];
            this.cachedGradient = new double[f.dimension()];
        }

        private void evaluate(double[] x) {
            if (cacheValid && Arrays.equals(x, cachedX)) {
                return;
            }
            System.arraycopy(x, 0, cachedX, 0, x.length);
            cacheValid = false;
            double value = f.valueAndGradient(cachedX, cachedGradient);
            evaluations++;
            if (Double.isNaN(value)) {
                if (Vectors.allFinite(cachedX)) {
                    throw new ArithmeticException("objective returned NaN at a finite point (evaluation "
                            + evaluations + ")");
                }
                value = Double.POSITIVE_INFINITY; // the line search stepped beyond the doubles
            }
            cachedValue = value;
            cacheValid = true;
        }

        double value(double[] x) {
            evaluate(x);
            return cachedValue;
        }

        double[] gradient(double[] x) {
            gradientRequests++;
            recordIterate(x);
            return cachedGradient.clone(); // Hipparchus negates the returned array in place
        }

        /** Evaluates at {@code x} and makes it the latest iterate. */
        void recordIterate(double[] x) {
            evaluate(x);
            final double gg = Vectors.normSquared(cachedGradient);
            if (Double.isNaN(gg)) {
                throw new ArithmeticException("gradient contains NaN at an iterate (f = " + cachedValue + ")");
            }
            iterateX = cachedX.clone();
            iterateValue = cachedValue;
            iterateGradientNormSquared = gg;
        }

        /** Completed line searches so far. */
        int iterations() {
            return Math.max(0, gradientRequests - 1);
        }

        OptimizationResult result(StopReason reason) {
            return new OptimizationResult(iterateX.clone(), iterateValue, Math.sqrt(iterateGradientNormSquared),
                    iterations(), evaluations, reason);
        }
    }

    /**
     * Hipparchus's view of the {@link StoppingCriteria.Checker}: each new iterate is accepted there. The checker keeps
     * the previous value itself; it is the one Hipparchus passes as {@code previous}, read from the same cache entry.
     */
    private static final class Adapter implements ConvergenceChecker<PointValuePair> {
        private final CachedObjective objective;
        private final StoppingCriteria.Checker checker;

        Adapter(CachedObjective objective, StoppingCriteria.Checker checker) {
            this.objective = objective;
            this.checker = checker;
        }

        @Override
        public boolean converged(int iteration, PointValuePair previous, PointValuePair current) {
            if (!Arrays.equals(current.getPointRef(), objective.iterateX)) {
                objective.recordIterate(current.getPointRef()); // not expected: Hipparchus checks the latest iterate
            }
            return checker.accept(objective.iterateValue, objective.iterateGradientNormSquared) != null;
        }
    }
}
