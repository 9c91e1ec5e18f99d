package org.resalign.core.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

class UjmPathsTest {

    @Test
    void atTheSolvedOptimumTheSharesAreTheBinomialOfTheAlignedFamily() {
        UjmSolution solution = UjmSolver.solve(UjmProblem.binary(8, 6, 1e-2, Loss.LOGISTIC, 1, 2));
        UjmPaths.Report r = UjmPaths.of(solution, Theorem33Tolerances.DEFAULT, 1e-6);
        assertEquals("holds", r.verdict(), r.toString());
        assertTrue(r.aligned().maxDeviation() < 1e-8, "deviation " + r.aligned().maxDeviation());
        double sum = 0;
        for (double v : r.pathShare()) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
        assertEquals(r.aligned().effectivePathLength(), r.effectivePathLength(), 1e-7);
        // negative control: the same shares judged with a tolerance below their deviation
        assertEquals("fails", UjmPaths.of(solution, Theorem33Tolerances.DEFAULT, r.aligned().maxDeviation() / 2)
                .verdict());
    }

    /**
     * C = 3 classes and N = 4 inputs: each input's margin is its logit gap z_y − z_c to its strongest wrong class,
     * computed here from the model's own forward pass, and its shares sum to 1.
     */
    @Test
    void forSeveralClassesTheMarginIsTheLogitGapToTheStrongestWrongClass() {
        UjmProblem p = new UjmProblem(6, 4, 1e-2, Loss.LOGISTIC, 4, 3, 1, 5);
        UjmSolution solution = UjmSolver.solve(p, SolverSettings.defaults(org.resalign.core.ujm.SolverKind.LBFGS, 5));
        UjmPaths.Report r = UjmPaths.of(solution, Theorem33Tolerances.DEFAULT, 1e-6);
        assertNull(r.aligned());
        double[] w = solution.model().classifier(solution.theta());
        PathDecomposition.Parts parts = PathDecomposition.of(p.depth(),
                (i, in, out) -> solution.model().jacobians().multiply(solution.theta(), i, in, out), p.data().inputs());
        PathShares shares = PathShares.of(parts, UjmPaths.readouts(p.data(), w, parts));
        for (int n = 0; n < p.samples(); n++) {
            double[] h = solution.model().trajectory(solution.theta(), n)[p.depth()];
            double[] z = new double[3];
            for (int c = 0; c < 3; c++) {
                for (int d = 0; d < p.dim(); d++) {
                    z[c] += w[c * p.dim() + d] * h[d];
                }
            }
            int y = p.data().labels()[n];
            double gap = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                if (c != y) {
                    gap = Math.min(gap, z[y] - z[c]);
                }
            }
            assertEquals(gap, Math.scalb(shares.margins()[n], parts.exponent()[n]), 1e-10 * (1 + Math.abs(gap)));
            double sum = 0;
            for (double v : r.pathShareByInput()[n]) {
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
        }
    }
}
