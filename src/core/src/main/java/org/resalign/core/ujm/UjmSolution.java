package org.resalign.core.ujm;

import org.resalign.core.opt.OptimizationResult;

/**
 * A solved Unconstrained Jacobians Model.
 *
 * @param problem  the instance
 * @param settings how it was solved
 * @param model    the objective (dense or factored)
 * @param theta    the optimum found
 * @param result   the minimiser's report
 * @param seconds  wall time of the minimisation
 */
public record UjmSolution(UjmProblem problem, SolverSettings settings, UnconstrainedJacobiansModel model,
                          double[] theta, OptimizationResult result, double seconds) {
}
