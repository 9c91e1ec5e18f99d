package org.resalign.core.ujm;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.opt.LbfgsMinimizer;

/**
 * How {@link UjmSolver} runs.
 *
 * @param kind          the solver
 * @param maxIterations iteration budget
 * @param tolerance     stop when {@code ‖∇f‖₂ ≤ tolerance · max(1, |f|)}
 * @param relativeChange stop when {@code |Δf| ≤ relativeChange·|f|} for three consecutive iterations (0: never)
 * @param history       L-BFGS history (curvature pairs kept)
 * @param rank          rank {@code r} of the factored solver
 * @param initScale     the initial point has i.i.d. {@code N(0, initScale²/D)} entries (for the factored solver the
 *                      factors have {@code N(0, initScale/D)} entries, so {@code J = ABᵀ} is of the same order)
 * @param step          the fixed step of gradient descent
 * @param initSeed      seed of the initial point
 */
public record SolverSettings(SolverKind kind, int maxIterations, double tolerance, double relativeChange,
                             int history, int rank, double initScale, double step, long initSeed) {

    public static final int DEFAULT_MAX_ITERATIONS = 5000;
    public static final double DEFAULT_TOLERANCE = 1e-11;
    public static final double DEFAULT_INIT_SCALE = 0.1;
    public static final double DEFAULT_STEP = 0.1;

    public SolverSettings {
        if (kind == null) {
            throw new InvalidInputException("kind", "{kind} (the solver) is required");
        }
        if (maxIterations < 0) {
            throw new InvalidInputException("maxIterations", "{maxIterations} must be >= 0, got " + maxIterations);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new InvalidInputException("tolerance", "{tolerance} must be a finite number >= 0, got " + tolerance);
        }
        if (!(relativeChange >= 0) || !Double.isFinite(relativeChange)) {
            throw new InvalidInputException("relativeChange", "{relativeChange} must be a finite number >= 0, got " + relativeChange);
        }
        if (history < 1) {
            throw new InvalidInputException("history", "{history} must be >= 1, got " + history);
        }
        if (rank < 1) {
            throw new InvalidInputException("rank", "{rank} must be >= 1, got " + rank);
        }
        if (!(initScale >= 0) || !Double.isFinite(initScale)) {
            throw new InvalidInputException("initScale", "{initScale} must be a finite number >= 0, got " + initScale);
        }
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new InvalidInputException("step", "{step} must be a finite number > 0, got " + step);
        }
    }

    /** The defaults for a solver, with the initial point drawn from {@code seed}. */
    public static SolverSettings defaults(SolverKind kind, long seed) {
        return new SolverSettings(kind, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, 0.0,
                LbfgsMinimizer.DEFAULT_HISTORY, 1, DEFAULT_INIT_SCALE, DEFAULT_STEP, seed);
    }

    public SolverSettings withMaxIterations(int n) {
        return new SolverSettings(kind, n, tolerance, relativeChange, history, rank, initScale, step, initSeed);
    }
}
