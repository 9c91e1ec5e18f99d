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
        // each lesion, by a forward pass over the dense Jacobians with J_i left out: the margin divided by 1+s
        var model = solution.model();
        double[] w = model.classifier(solution.theta());
        double[] x = solution.problem().data().inputs()[0];
        int y = solution.problem().data().labels()[0];
        double whole = margin(model, solution.theta(), x, w, y, -1);
        for (int i = 0; i < 6; i++) {
            double ratio = margin(model, solution.theta(), x, w, y, i) / whole;
            assertEquals(ratio, r.lesionMarginRatio()[i], 1e-12);
            assertEquals(1 / (1 + r.aligned().s()), ratio, 1e-7);
        }
        assertTrue(r.aligned().maxLesionDeviation() < 1e-7);
        // negative control: the same shares judged with a tolerance below their deviation
        assertEquals("fails", UjmPaths.of(solution, Theorem33Tolerances.DEFAULT, r.aligned().maxDeviation() / 2)
                .verdict());
    }

    /** y·wᵀ(I+J_L)…(I+J_1)x with J_{gone} left out (none for −1), from the dense matrices. */
    static double margin(org.resalign.core.ujm.UnconstrainedJacobiansModel model, double[] theta, double[] x,
            double[] w, int y, int gone) {
        org.ejml.data.DMatrixRMaj h = new org.ejml.data.DMatrixRMaj(x.length, 1, true, x.clone());
        for (int i = 0; i < model.jacobians().depth(); i++) {
            if (i != gone) {
                org.ejml.data.DMatrixRMaj jh = new org.ejml.data.DMatrixRMaj(x.length, 1);
                org.ejml.dense.row.CommonOps_DDRM.mult(model.jacobians().jacobian(theta, i), h, jh);
                org.ejml.dense.row.CommonOps_DDRM.addEquals(h, jh);
            }
        }
        double m = 0;
        for (int d = 0; d < x.length; d++) {
            m += w[d] * h.data[d];
        }
        return y * m;
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
