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
        return new UjmSolution(problem, settings, model, theta, stopped(theta, f, reason), 0.0);
    }

    /** {@code s}'s problem and model, presented as stopped at {@code θ} with objective {@code value} for {@code reason}. */
    static UjmSolution at(UjmSolution s, double[] theta, double value, StopReason reason) {
        return new UjmSolution(s.problem(), s.settings(), s.model(), theta, stopped(theta, value, reason), 0.0);
    }

    private static OptimizationResult stopped(double[] theta, double value, StopReason reason) {
        return new OptimizationResult(theta, value, 0.0, 1, 1, reason);
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
