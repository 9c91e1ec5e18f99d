package org.resalign.core.paths;

import java.util.Map;

import org.resalign.core.io.Versions;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.JacobianParametrisation;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmData;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;

/**
 * {@code ujm paths}: the margin of a solved Unconstrained Jacobians Model (paper Definition 3.2) by path length (Veit
 * et al. 2016, §3). The readout of input {@code n} is {@code y_n·w} for two classes; for {@code C ≥ 3} it is
 * {@code W_{y_n} − W_c}, {@code c} the input's strongest wrong class at the optimum, so the margin is the logit gap
 * {@code z_y − z_c}. Where Theorem 3.3 applies (one input, two classes) the shares are judged against
 * Binomial(L, s/(1+s)), {@code s} taken from the aligned family's own minimisation ({@link AlignedFamily#solve}), not
 * from the solved Jacobians; so is the margin with each block deleted, against {@code 1/(1+s)} of it.
 */
public final class UjmPaths {

    /** The default largest deviation of a share from the binomial prediction. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    private UjmPaths() {
    }

    /**
     * The JSON of {@code ujm paths}.
     *
     * @param pathShare           {@code k = 0..L}: the margin's share carried by paths of length {@code k} (mean over
     *                            inputs)
     * @param effectivePathLength {@code Σ_k k·|pathShare_k| / Σ_k |pathShare_k|} ({@link PathShares#effectiveLength})
     * @param pathCountShare      {@code C(L,k)/2^L}: the share of all paths that have length {@code k}
     * @param pathShareByInput    each input's shares
     * @param lesionMarginRatio   {@code i = 1..L}: the margin with block {@code i} deleted ({@code J_i = 0}, Veit et
     *                            al. §4's lesion) over the whole margin, mean over inputs
     * @param aligned             the check against the aligned optimum (null where Theorem 3.3 does not apply)
     * @param solve               the solve itself, with its Theorem 3.3 verdict
     */
    public record Report(String command, UjmSolveReport.Inputs inputs, long seed, Map<String, String> versions,
                         double seconds, String verdict, double[] pathShare, double effectivePathLength,
                         double[] pathCountShare, double[][] pathShareByInput, double[] lesionMarginRatio,
                         AlignedPathCheck aligned,
                         UjmSolveReport solve) {

        /** Whether the verdict is one that exits 0. */
        public boolean success() {
            return verdict.equals("holds") || verdict.equals("converged");
        }
    }

    /** The path decomposition of {@code solution}'s optimum, judged with {@code tolerance}. */
    public static Report of(UjmSolution solution, Theorem33Tolerances theorem33, double tolerance) {
        long t0 = System.nanoTime();
        UjmSolveReport solve = UjmSolveReport.of(solution, theorem33);
        UjmProblem problem = solution.problem();
        UjmData data = problem.data();
        double[] theta = solution.theta();
        JacobianParametrisation jacobians = solution.model().jacobians();
        PathDecomposition.Parts parts = parts(solution);
        double[][] readouts = readouts(data, solution.model().classifier(theta), parts);
        PathShares shares = PathShares.of(parts, readouts);
        double[][] ratios = lesionRatios(solution, parts, shares, readouts);
        double[] lesions = new double[problem.depth()];
        for (int gone = 0; gone < problem.depth(); gone++) {
            for (int n = 0; n < data.size(); n++) {
                lesions[gone] += ratios[gone][n] / data.size();
            }
        }
        AlignedPathCheck aligned = null;
        String verdict = solve.verdict();
        if (problem.theorem33Applies()) {
            AlignedOptimum optimum = AlignedFamily.solve(problem.loss(), problem.depth(), problem.lambda(),
                    problem.inputNorm(), data.labels()[0]);
            aligned = AlignedPathCheck.judge(shares.pathShare(), lesions, Math.abs(optimum.s()), tolerance);
            if (verdict.equals("holds") && !aligned.holds()) {
                verdict = "fails";
            }
        }
        double seconds = solution.seconds() + (System.nanoTime() - t0) / 1e9;
        return new Report("ujm paths", solve.inputs(), solve.seed(), Versions.all(), seconds, verdict,
                shares.pathShare(), shares.effectiveLength(), PathShares.pathCountShare(problem.depth()),
                shares.byInput(), lesions, aligned, solve);
    }

    /** The decomposition of {@code solution}'s optimum at its inputs. */
    public static PathDecomposition.Parts parts(UjmSolution solution) {
        double[] theta = solution.theta();
        JacobianParametrisation jacobians = solution.model().jacobians();
        return PathDecomposition.of(solution.problem().depth(), (i, in, out) -> jacobians.multiply(theta, i, in, out),
                solution.problem().data().inputs());
    }

    /** The margin shares of {@code solution}'s optimum (readouts as {@link #of} takes them). */
    public static PathShares shares(UjmSolution solution, PathDecomposition.Parts parts) {
        return PathShares.of(parts, readouts(solution.problem().data(),
                solution.model().classifier(solution.theta()), parts));
    }

    /**
     * {@code ratio[i][n]}: input {@code n}'s margin with block {@code i+1} deleted ({@code J_i = 0}) over its whole
     * margin, the readouts held fixed (for {@code C ≥ 3}, the rival class of the whole network).
     */
    public static double[][] lesionRatios(UjmSolution solution) {
        PathDecomposition.Parts parts = parts(solution);
        double[][] readouts = readouts(solution.problem().data(), solution.model().classifier(solution.theta()),
                parts);
        return lesionRatios(solution, parts, PathShares.of(parts, readouts), readouts);
    }

    private static double[][] lesionRatios(UjmSolution solution, PathDecomposition.Parts parts, PathShares shares,
            double[][] readouts) {
        UjmProblem problem = solution.problem();
        double[] theta = solution.theta();
        JacobianParametrisation jacobians = solution.model().jacobians();
        double[][] ratios = new double[problem.depth()][problem.data().size()];
        for (int gone = 0; gone < problem.depth(); gone++) {
            int lesioned = gone;
            PathDecomposition.Parts without = PathDecomposition.of(problem.depth(), (i, in, out) -> {
                if (i == lesioned) {
                    for (double[] o : out) {
                        java.util.Arrays.fill(o, 0);
                    }
                } else {
                    jacobians.multiply(theta, i, in, out);
                }
            }, problem.data().inputs());
            for (int n = 0; n < problem.data().size(); n++) {
                double m = 0;
                for (int k = 0; k <= problem.depth(); k++) {
                    for (int d = 0; d < readouts[n].length; d++) {
                        m += readouts[n][d] * without.parts()[k][n][d];
                    }
                }
                ratios[gone][n] = Math.scalb(m / shares.margins()[n], without.exponent()[n] - parts.exponent()[n]);
            }
        }
        return ratios;
    }

    /** {@code y_n·w} (two classes) or {@code W_{y_n} − W_c}, {@code c} the strongest wrong class of input {@code n}. */
    static double[][] readouts(UjmData data, double[] classifier, PathDecomposition.Parts parts) {
        int dim = data.dimension();
        double[][] out = new double[data.size()][dim];
        for (int n = 0; n < data.size(); n++) {
            if (data.binary()) {
                for (int d = 0; d < dim; d++) {
                    out[n][d] = data.labels()[n] * classifier[d];
                }
                continue;
            }
            double[] h = parts.output(n);
            int y = data.labels()[n];
            int wrong = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < data.classes(); c++) {
                double z = 0;
                for (int d = 0; d < dim; d++) {
                    z += classifier[c * dim + d] * h[d];
                }
                if (c != y && (wrong < 0 || z > best)) {
                    wrong = c;
                    best = z;
                }
            }
            for (int d = 0; d < dim; d++) {
                out[n][d] = classifier[y * dim + d] - classifier[wrong * dim + d];
            }
        }
        return out;
    }
}
