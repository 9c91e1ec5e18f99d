package org.resalign.core.ujm;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Versions;
import org.resalign.core.opt.StopReason;

/**
 * The result of {@code ujm solve}: its inputs, the seed, versions, wall time, the verdict, and every figure of the
 * Theorem 3.3 check (paper §3.3, Appendix B; docs/definitions.md §verdict, §exit). Key names are stable.
 *
 * @param verdict {@code holds}, {@code fails} or {@code counterexample} where Theorem 3.3 applies (one input, two
 *                classes); otherwise {@code converged} or {@code not-converged}
 */
public record UjmSolveReport(String command, Inputs inputs, long seed, Map<String, String> versions, double seconds,
                             String verdict, double objective, Double alignedObjective, Double relativeGap,
                             int iterations, int evaluations, double gradientNorm, StopReason stopReason,
                             Theorem33 theorem33, JacobianStructure structure) {

    /** The inputs of the run, as given on the command line. */
    public record Inputs(int dim, int depth, double lambda, String loss, int samples, int classes, double inputNorm,
                         long seed, String solver, int maxIter, double tol, double relTol, int history, int rank,
                         double initScale, double step, double perturbAligned) implements java.io.Serializable {

        /** The inputs of a run of {@code problem} under {@code s}. */
        public static Inputs of(UjmProblem p, SolverSettings s, double perturbAligned) {
            return new Inputs(p.dim(), p.depth(), p.lambda(), p.loss().optionName(), p.samples(), p.classes(),
                    p.inputNorm(), p.seed(), s.kind().optionName(), s.maxIterations(), s.tolerance(),
                    s.relativeChange(), s.history(), s.rank(), s.initScale(), s.step(), perturbAligned);
        }

        /** The problem these inputs name (validated: bad values throw {@link IllegalArgumentException}). */
        public UjmProblem problem() {
            return new UjmProblem(dim, depth, lambda, Loss.parse(loss), samples, classes, inputNorm, seed);
        }

        /** The solver settings these inputs name; the initial point is drawn from {@code seed}, as in the CLI. */
        public SolverSettings settings() {
            return new SolverSettings(SolverKind.parse(solver), maxIter, tol, relTol, history, rank, initScale, step,
                    seed);
        }
    }

    /**
     * The {@code theorem33} object: {@code applicable}, {@code holds} (null when not applicable), and the verdict's
     * figures.
     */
    public record Theorem33(boolean applicable, Boolean holds, Theorem33Tolerances tolerances,
                            @JsonUnwrapped Theorem33Verdict verdict) {
    }

    /** True when the verdict is a success (exit code 0). */
    public boolean success() {
        return verdict.equals("holds") || verdict.equals("converged");
    }

    /**
     * Judges a solution: against the aligned optimum where Theorem 3.3 applies, otherwise by convergence alone (the
     * structure is still measured and reported).
     */
    /** Judges a solution with the default tolerances of docs/definitions.md §verdict. */
    public static UjmSolveReport of(UjmSolution solution) {
        return of(solution, Theorem33Tolerances.DEFAULT);
    }

    public static UjmSolveReport of(UjmSolution solution, Theorem33Tolerances tol) {
        return of(solution, tol, 0.0);
    }

    /**
     * As {@link #of(UjmSolution, Theorem33Tolerances)}, with the aligned objective deliberately multiplied by
     * {@code 1 + perturbAligned}: a negative control, which the verdict must reject for any perturbation larger than
     * its objective tolerance.
     */
    public static UjmSolveReport of(UjmSolution solution, Theorem33Tolerances tol, double perturbAligned) {
        if (!Double.isFinite(perturbAligned)) {
            throw new InvalidInputException("perturbAligned", "{perturbAligned} must be finite, got " + perturbAligned);
        }
        UjmProblem p = solution.problem();
        var r = solution.result();
        boolean converged = r.reason() == StopReason.GRADIENT_TOLERANCE || r.reason() == StopReason.RELATIVE_CHANGE;
        if (p.theorem33Applies()) {
            AlignedOptimum exact = AlignedFamily.solve(p.loss(), p.depth(), p.lambda(), p.inputNorm(),
                    p.data().labels()[0]);
            AlignedOptimum aligned = perturbAligned == 0 ? exact : new AlignedOptimum(exact.s(), exact.omega(),
                    exact.objective() * (1 + perturbAligned), exact.margin(), exact.loss(),
                    exact.stationaryPointsFound(), exact.localMinimum());
            Theorem33Verdict v = Theorem33Verdict.judge(solution.model(), solution.theta(), r.value(), aligned, tol);
            String verdict = v.counterexample() ? "counterexample" : v.holds() ? "holds" : "fails";
            return new UjmSolveReport("ujm solve", Inputs.of(p, solution.settings(), perturbAligned), p.seed(), Versions.all(),
                    solution.seconds(), verdict, r.value(), aligned.objective(), v.relativeGap(), r.iterations(),
                    r.evaluations(), r.gradientNorm(), r.reason(), new Theorem33(true, v.holds(), tol, v), null);
        }
        JacobianStructure structure = JacobianStructure.of(solution.model().jacobians(), solution.theta());
        return new UjmSolveReport("ujm solve", Inputs.of(p, solution.settings(), perturbAligned), p.seed(), Versions.all(),
                solution.seconds(), converged ? "converged" : "not-converged", r.value(), null, null,
                r.iterations(), r.evaluations(), r.gradientNorm(), r.reason(),
                new Theorem33(false, null, tol, null), structure);
    }
}
