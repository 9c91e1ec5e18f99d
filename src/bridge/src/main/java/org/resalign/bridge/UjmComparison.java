package org.resalign.bridge;

import java.util.ArrayList;
import java.util.List;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.linalg.EjmlOperator;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.ra.RaSettings;
import org.resalign.core.ra.ResidualAlignmentReport;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * A trained network's measured structure beside the Unconstrained Jacobians Model's optimum (paper §3.3) for the
 * same depth, weight decay {@code λ} and input norm, and beside Theorem 3.1's prediction from the network's own
 * RA2–RA4 (§3.1).
 *
 * <p>The UJM instance: depth {@code L} of the stage, {@code λ} of training, logistic loss, input norm the mean
 * {@code ‖h_1‖} over the analysed inputs, one input for two classes (Theorem 3.3's setting) or one input per class
 * for {@code C > 2}, and dimension {@code min(D, 32)}: the optimum's structure does not depend on {@code D}
 * (Theorem 3.3: rank one along {@code Δx}), and the small dimension keeps the dense L-BFGS solve to seconds. The
 * same {@link ResidualAlignmentReport} is taken of the optimum ({@code J_i} dense, trajectory
 * {@code h_{i+1} = (I + J_i) h_i} of the first input, {@link UnconstrainedJacobiansModel#trajectory}) as of the
 * network.
 */
public final class UjmComparison {

    /** Largest UJM dimension solved. */
    public static final int MAX_DIM = 32;

    /**
     * One line of the side-by-side table.
     *
     * @param quantity  what is measured
     * @param network   the trained network (mean over inputs)
     * @param ujm       the UJM optimum
     * @param theorem31 Theorem 3.1's prediction from the network's RA2–4 (NaN where it predicts nothing)
     */
    public record Row(String quantity, double network, double ujm, double theorem31) {
    }

    /**
     * The comparison.
     *
     * @param problem the UJM instance solved
     * @param solve   its solve report (objective, Theorem 3.3 verdict where it applies)
     * @param ujmRa   RA1–4 of the optimum
     * @param rows    the table
     * @param skipped why no UJM was solved (null when one was): the analysed inputs' mean {@code ‖h_1‖} is 0 (a stem
     *                whose ReLUs are dead at every analysed input), and the UJM with a zero input has no structure;
     *                then {@code problem}, {@code solve} and {@code ujmRa} are null and the table's UJM column NaN
     */
    public record Result(UjmSolveReport.Inputs problem, UjmSolveReport solve, ResidualAlignmentReport ujmRa,
            List<Row> rows, @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String skipped) {

        /** The verdict of the UJM solve, or {@code skipped}. */
        public String verdict() {
            return solve == null ? "skipped" : solve.verdict();
        }

        /** Whether the UJM's optimum was reached (false when none was solved). */
        public boolean success() {
            return solve != null && solve.success();
        }
    }

    private UjmComparison() {
    }

    /**
     * Compares one stage of an analysed network with the UJM.
     *
     * @param stage       the network's measurements
     * @param classes     {@code C}
     * @param weightDecay {@code λ} (must be positive: without it the UJM has no optimum, App. B)
     * @param seed        seed of the UJM inputs and start
     */
    public static Result of(NetworkAnalysis.StageResult stage, int classes, double weightDecay, long seed) {
        if (!(weightDecay > 0)) {
            throw new InvalidInputException("weightDecay", "the UJM needs λ > 0 for an optimum to exist; the network "
                    + "was trained with {weightDecay} " + weightDecay);
        }
        if (stage.inputs().isEmpty()) {
            throw new InvalidInputException("inputs", "no analysed input moves through blocks " + stage.stage().from() + "–"
                    + stage.stage().to() + " (dead ReLUs): there is no structure to compare; analyse more {inputs}");
        }
        double norm = 0;
        for (NetworkAnalysis.InputResult in : stage.inputs()) {
            norm += euclidean(in.trajectory()[0]) / stage.inputs().size();
        }
        if (!(norm > 0)) {
            return new Result(null, null, null, rows(stage, null), String.format(java.util.Locale.ROOT,
                    "‖h_1‖ is %s at every one of the %d analysed inputs (the stem's ReLUs are dead there): the UJM "
                    + "with a zero input has no structure to compare", norm, stage.inputs().size()));
        }
        int depth = stage.stage().depth();
        int dim = Math.min(stage.stage().dim(), MAX_DIM);
        int samples = classes == 2 ? 1 : classes;
        UjmProblem problem = new UjmProblem(dim, depth, weightDecay, Loss.LOGISTIC, samples, classes, norm, seed);
        SolverSettings settings = SolverSettings.defaults(SolverKind.LBFGS, seed);
        UjmSolution solution = UjmSolver.solve(problem, settings, IterationMonitor.NONE);
        UjmSolveReport solve = UjmSolveReport.of(solution, Theorem33Tolerances.DEFAULT);
        List<EjmlOperator> js = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            js.add(new EjmlOperator(solution.model().jacobians().jacobian(solution.theta(), i)));
        }
        double[][] h = solution.model().trajectory(solution.theta(), 0);
        RaSettings ra = stage.inputs().get(0).report().settings();
        RaSettings ujmSettings = new RaSettings(Math.min(ra.k(), dim), Math.min(ra.rank(), dim - 1), 1, 0,
                ra.gridBlocks(), ra.seed());
        ResidualAlignmentReport ujmRa = ResidualAlignmentReport.of(js, h, ujmSettings, TruncatedSvdMethod.exact());
        return new Result(UjmSolveReport.Inputs.of(problem, settings, 0), solve, ujmRa, rows(stage, ujmRa), null);
    }

    /** The table; the UJM column NaN when {@code u} is null (no UJM solved). */
    private static List<Row> rows(NetworkAnalysis.StageResult stage, ResidualAlignmentReport u) {
        NetworkAnalysis.Summary s = stage.summary();
        double nan = Double.NaN;
        // the UJM optimum's figures, in the order of the rows below; all NaN when no UJM was solved
        double[] ujm = new double[10];
        java.util.Arrays.fill(ujm, nan);
        if (u != null) {
            double[] gaps = u.ra3().rankGap().clone();
            java.util.Arrays.sort(gaps);
            ujm[0] = u.ra1().lineFraction();
            ujm[1] = u.ra1().spacingCV();
            ujm[2] = u.ra2().meanOffDiagonal();
            ujm[3] = u.ra2().chanceLevel();
            ujm[4] = Math.log10(gaps[gaps.length / 2]); // +∞ when the median gap is (σ_{C+1} = 0)
            ujm[5] = java.util.Arrays.stream(u.ra3().energyTopC()).average().orElse(nan);
            ujm[6] = u.ra4() == null ? nan : u.ra4().slope();
            ujm[7] = u.ra4() == null ? nan : u.ra4().rSquared();
            ujm[8] = u.topSingularValues()[0][0];
            ujm[9] = u.topSingularValues()[u.depth() - 1][0];
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("RA1 line fraction", s.lineFraction().mean(), ujm[0], s.predictedLineFraction().mean()));
        rows.add(new Row("RA1 spacing CV", s.spacingCV().mean(), ujm[1], s.predictedSpacingCV().mean()));
        rows.add(new Row("RA2 alignment", s.alignment().mean(), ujm[2], nan));
        rows.add(new Row("RA2 chance level", s.chanceAlignment().mean(), ujm[3], nan));
        rows.add(new Row("RA3 log10 σ_C/σ_C+1 (median)", s.log10RankGap().mean(), ujm[4], nan));
        rows.add(new Row("RA3 energy in top C", s.energyTopC().mean(), ujm[5], nan));
        rows.add(new Row("RA4 slope of 1/σ₁", s.ra4Slope().mean(), ujm[6], nan));
        rows.add(new Row("RA4 R²", s.ra4RSquared().mean(), ujm[7], nan));
        rows.add(new Row("σ₁(J_1)", s.sigma1()[0], ujm[8], nan));
        rows.add(new Row("σ₁(J_L)", s.sigma1()[s.sigma1().length - 1], ujm[9], nan));
        return rows;
    }

    private static double euclidean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
