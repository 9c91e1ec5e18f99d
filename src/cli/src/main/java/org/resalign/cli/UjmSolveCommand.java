package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.core.search.Counterexample;
import org.resalign.core.search.Replay;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resalign ujm solve}: optimise the UJM over full matrices and check Theorem 3.3 (paper §3.3, App. B). */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minimises the Unconstrained Jacobians Model (paper Definition 3.2) from a seeded random start "
                + "and, for one input and two classes, checks Theorem 3.3 against the aligned family's optimum.",
                "Exit code 0: the theorem's structure holds (or, where it does not apply, the solver converged); "
                        + "1: it fails or a counterexample was found."})
public final class UjmSolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Re-run a counterexample file written by 'resalign search' with its own inputs, and judge "
                    + "it again by its conjecture. Exit code 1: the counterexample is confirmed; 0: it no longer "
                    + "violates the conjecture.")
    Path replay;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

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

    @Override
    public Integer call() {
        json.validate();
        Counterexample stored = replay == null ? null : replayed();
        UjmProblem problem = stored != null ? stored.inputs().problem()
                : new UjmProblem(dim, depth, lambda, Loss.parse(loss), samples, classes, inputNorm, seed);
        SolverSettings settings = stored != null ? stored.inputs().settings()
                : new SolverSettings(SolverKind.parse(solver), maxIter, tol, relTol, history, rank, initScale, step,
                seed);
        requireMemory(problem, settings);
        if (problem.lambda() == 0 && problem.loss() != Loss.SQUARED) {
            throw new BadInputException("--lambda 0 leaves the " + problem.loss().optionName() + " loss without a "
                    + "minimiser (the infimum is approached as the margin grows); use λ > 0");
        }
        Theorem33Tolerances tolerances = new Theorem33Tolerances(tolCounterexample, tolObjective, tolRankOne,
                tolAlignment, tolEqualSingular);
        UjmSolution solution;
        try (Progress progress = Progress.of("ujm " + settings.kind().optionName(), settings.maxIterations(),
                quiet)) {
            solution = UjmSolver.solve(problem, settings, progress);
        }
        UjmSolveReport report = UjmSolveReport.of(solution, tolerances, perturbAligned);
        PrintWriter human = json.human();
        UjmPrinter.solve(report, human);
        if (stored != null) {
            Replay r = Replay.of(replay, stored, solution);
            UjmPrinter.replay(r, human);
            json.write(new ReplayReport("ujm solve --replay", r, report));
            return r.confirmed() ? Main.FAILS : Main.HOLDS;
        }
        json.write(report);
        return report.success() ? Main.HOLDS : Main.FAILS;
    }

    /** The JSON of a replay: the conjecture's verdict again, beside the full solve report. */
    record ReplayReport(String command, Replay replay, UjmSolveReport solve) {
    }

    /** The problem options that {@code --replay} takes from its file instead. */
    private static final List<String> FROM_FILE = List.of("--dim", "--depth", "--lambda", "--loss", "--samples",
            "--classes", "--input-norm", "--seed", "--solver", "--max-iter", "--tol", "--rel-tol", "--history",
            "--rank", "--init-scale", "--step", "--perturb-aligned");

    private Counterexample replayed() {
        for (String option : FROM_FILE) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new BadInputException("--replay takes " + option + " from its file; leave it out");
            }
        }
        return Replay.read(replay);
    }
}
