package org.resalign.cli;

import java.util.Locale;

import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

import picocli.CommandLine.Option;

/**
 * The options of one UJM solve, shared by {@code ujm solve} and {@code ujm paths}: the instance (paper Definition
 * 3.2), the solver, and the Theorem 3.3 tolerances (docs/definitions.md).
 */
final class UjmOptions {

    @Option(names = "--dim", paramLabel = "D", description = "Dimension D (default ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int dim;

    @Option(names = "--depth", paramLabel = "L", description = "Number of residual blocks L (default ${DEFAULT-VALUE}).",
            defaultValue = "8")
    int depth;

    @Option(names = "--lambda", paramLabel = "λ", description = "Regularisation λ ≥ 0 (default ${DEFAULT-VALUE}).",
            defaultValue = "1e-2")
    double lambda;

    @Option(names = "--loss", description = "logistic, exponential or squared (default ${DEFAULT-VALUE}).",
            defaultValue = "logistic")
    String loss;

    @Option(names = "--samples", paramLabel = "N", description = "Number of inputs N (default ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int samples;

    @Option(names = "--classes", paramLabel = "C",
            description = "Classes C: 2 is the paper's binary model with w ∈ R^D; C ≥ 3 uses W ∈ R^{C×D} "
                    + "(default ${DEFAULT-VALUE}).", defaultValue = "2")
    int classes;

    @Option(names = "--input-norm", paramLabel = "R", description = "‖Δx‖ of every input (default ${DEFAULT-VALUE}).",
            defaultValue = "1")
    double inputNorm;

    @Option(names = "--seed", description = "Seed of the inputs and the initial point (default ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long seed;

    @Option(names = "--solver", description = "lbfgs, cg, gd or factored (default ${DEFAULT-VALUE}).",
            defaultValue = "lbfgs")
    String solver;

    @Option(names = "--max-iter", paramLabel = "N", description = "Iteration budget (default ${DEFAULT-VALUE}).",
            defaultValue = "" + SolverSettings.DEFAULT_MAX_ITERATIONS)
    int maxIter;

    @Option(names = "--tol", description = "Stop when ‖∇f‖ ≤ tol·max(1,|f|) (default ${DEFAULT-VALUE}).",
            defaultValue = "" + SolverSettings.DEFAULT_TOLERANCE)
    double tol;

    @Option(names = "--rel-tol", paramLabel = "T", defaultValue = "0",
            description = "Also stop when |Δf| ≤ T·|f| for 3 consecutive iterations; 0 turns it off "
                    + "(default ${DEFAULT-VALUE}).")
    double relTol;

    @Option(names = "--history", paramLabel = "m", description = "L-BFGS curvature pairs kept "
            + "(default ${DEFAULT-VALUE}, the fastest measured at D=512, L=16).",
            defaultValue = "" + org.resalign.core.opt.LbfgsMinimizer.DEFAULT_HISTORY)
    int history;

    @Option(names = "--rank", paramLabel = "r", description = "Rank of J_i = A_i B_iᵀ for --solver factored "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "1")
    int rank;

    @Option(names = "--init-scale", paramLabel = "S", description = "Scale of the random initial point "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "" + SolverSettings.DEFAULT_INIT_SCALE)
    double initScale;

    @Option(names = "--step", paramLabel = "η", description = "Fixed step of --solver gd (default ${DEFAULT-VALUE}).",
            defaultValue = "" + SolverSettings.DEFAULT_STEP)
    double step;

    @Option(names = "--tol-counterexample", paramLabel = "T", defaultValue = "1e-10",
            description = "Objective below the aligned optimum by more than T relative is a counterexample "
                    + "(default ${DEFAULT-VALUE}).")
    double tolCounterexample;

    @Option(names = "--tol-objective", paramLabel = "T", defaultValue = "1e-8",
            description = "Required |relative gap| to the aligned optimum (default ${DEFAULT-VALUE}).")
    double tolObjective;

    @Option(names = "--tol-rank-one", paramLabel = "T", defaultValue = "1e-6",
            description = "Required σ₂/σ₁ of every J_i (default ${DEFAULT-VALUE}).")
    double tolRankOne;

    @Option(names = "--tol-alignment", paramLabel = "T", defaultValue = "1e-6",
            description = "Required alignment cosines ≥ 1−T (default ${DEFAULT-VALUE}).")
    double tolAlignment;

    @Option(names = "--tol-equal-singular", paramLabel = "T", defaultValue = "1e-6",
            description = "Required max σ₁/min σ₁ ≤ 1+T (default ${DEFAULT-VALUE}).")
    double tolEqualSingular;

    @Option(names = "--perturb-aligned", paramLabel = "δ", defaultValue = "0",
            description = "Negative control: multiply the aligned objective by 1+δ before judging; the verdict must "
                    + "then fail (default ${DEFAULT-VALUE}).")
    double perturbAligned;

    /** The instance the options name. */
    UjmProblem problem() {
        return new UjmProblem(dim, depth, lambda, Loss.parse(loss), samples, classes, inputNorm, seed);
    }

    /** How the options say to solve it. */
    SolverSettings settings() {
        return new SolverSettings(SolverKind.parse(solver), maxIter, tol, relTol, history, rank, initScale, step,
                seed);
    }

    /** The Theorem 3.3 tolerances the options give. */
    Theorem33Tolerances tolerances() {
        return new Theorem33Tolerances(tolCounterexample, tolObjective, tolRankOne, tolAlignment, tolEqualSingular);
    }

    /**
     * Solves {@code problem} with a progress bar (none if {@code quiet}), after refusing what cannot be solved: too
     * many variables for the heap, or λ = 0 with a loss that has no minimiser.
     */
    static UjmSolution solve(UjmProblem problem, SolverSettings settings, boolean quiet) {
        requireMemory(problem, settings);
        if (problem.lambda() == 0 && problem.loss() != Loss.SQUARED) {
            throw new BadInputException("--lambda 0 leaves the " + problem.loss().optionName() + " loss without a "
                    + "minimiser (the infimum is approached as the margin grows); use λ > 0");
        }
        try (Progress progress = Progress.of("ujm " + settings.kind().optionName(), settings.maxIterations(),
                quiet)) {
            return UjmSolver.solve(problem, settings, progress);
        }
    }

    /** Refuses, before any work, a solve whose vectors cannot be arrays or do not fit the heap. */
    private static void requireMemory(UjmProblem problem, SolverSettings settings) {
        long n = UjmSolver.variables(problem, settings);
        String size = "--dim " + problem.dim() + " --depth " + problem.depth()
                + (settings.kind() == SolverKind.FACTORED ? " --rank " + settings.rank() : "");
        String instead = settings.kind() == SolverKind.FACTORED ? "a smaller --rank, --dim or --depth"
                : "--solver factored (rank-r Jacobians), or a smaller --dim or --depth";
        if (n > Integer.MAX_VALUE - 8) {
            throw new BadInputException(String.format(Locale.ROOT, "%s has %,d variables, more than one Java array "
                    + "holds (%,d); use %s", size, n, Integer.MAX_VALUE - 8, instead));
        }
        int copies = UjmSolver.workingCopies(settings);
        long bytes = 8 * n * copies;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new BadInputException(String.format(Locale.ROOT, "%s with --solver %s needs at least %.1f GiB "
                    + "of heap (%d vectors of %,d doubles), this JVM has %.1f GiB; use %s%s, or raise the heap with "
                    + "RESALIGN_JAVA_OPTS=-Xmx…", size, settings.kind().optionName(), bytes / 1073741824.0, copies, n,
                    heap / 1073741824.0, instead,
                    settings.kind() == SolverKind.LBFGS || settings.kind() == SolverKind.FACTORED
                            ? ", a smaller --history" : ""));
        }
    }
}
