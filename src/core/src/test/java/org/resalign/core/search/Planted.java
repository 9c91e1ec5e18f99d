package org.resalign.core.search;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.opt.OptimizationResult;
import org.resalign.core.opt.StopReason;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/** Planted "solver optima": chosen Jacobians and classifier, presented to a conjecture as if a solver had found them. */
final class Planted {

    private Planted() {
    }

    /**
     * A solution of {@code problem} at {@code J_i = js[i]} and classifier {@code w} (row-major {@code C×D}, or {@code D}
     * for two classes), stopped for {@code reason}, with objective {@code value} (NaN: the true objective there).
     */
    static UjmSolution solution(UjmProblem problem, DMatrixRMaj[] js, double[] w, StopReason reason, double value) {
        SolverSettings settings = SolverSettings.defaults(SolverKind.LBFGS, problem.seed());
        UnconstrainedJacobiansModel model = UjmSolver.model(problem, settings);
        double[] theta = new double[model.dimension()];
        for (int i = 0; i < js.length; i++) {
            model.jacobians().setJacobian(theta, i, js[i]);
        }
        System.arraycopy(w, 0, theta, model.jacobians().classifierOffset(), w.length);
        double f = Double.isNaN(value) ? model.value(theta) : value;
        return new UjmSolution(problem, settings, model, theta, new OptimizationResult(theta, f, 0.0, 1, 1, reason),
                0.0);
    }

    /** {@code Σ_k s[k]·e_k e_kᵀ} (first {@code s.length} basis vectors) in {@code R^{d×d}}. */
    static DMatrixRMaj diagonal(int d, double... s) {
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int k = 0; k < s.length; k++) {
            m.set(k, k, s[k]);
        }
        return m;
    }
}
