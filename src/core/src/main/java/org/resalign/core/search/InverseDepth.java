package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.ra.InverseDepthFit;
import org.resalign.core.ujm.JacobianStructure;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmSolution;

/**
 * {@code inverse-depth}: RA4 (§1.4, Fig. 4: top singular values scale inversely with depth) asked of the model's
 * optimum for one input and two classes: the least-squares line {@code 1/σ₁(J_i) = a·i + b} over all blocks rises by
 * at least 10% of its mean across the depth ({@code a·(L−1)/mean(1/σ₁) ≥ 0.1}) with {@code R² ≥ 0.9}.
 *
 * <p>It is false: Theorem 3.3 gives equal top singular values at the optimum ({@code a = 0}), so every stationary
 * instance is a counterexample. It is the search's own negative control: a search that cannot find one is broken.
 */
final class InverseDepth implements Conjecture {

    static final double RISE = 0.1;
    static final double R_SQUARED = 0.9;

    private static final About ABOUT = new About("inverse-depth",
            "For one input and two classes, 1/σ₁(J_i) = a·i + b rises across the depth: "
                    + "a·(L−1)/mean(1/σ₁) ≥ 0.1 with R² ≥ 0.9",
            "RA4 (§1.4, Fig. 4); false at the UJM optimum, whose σ₁ are equal (Theorem 3.3)", Expectation.FALSE,
            new ParameterSpace(new ParameterSpace.Range(2, 12),
                    new ParameterSpace.Range(3, 12), 1e-3, 1, List.of(Loss.LOGISTIC), new ParameterSpace.Range(1, 1),
                    new ParameterSpace.Range(2, 2), 0.5, 2, false));

    @Override
    public About about() {
        return ABOUT;
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        String measure = "a·(L−1)/mean(1/σ₁)";
        if (!Conjecture.stationary(solution)) {
            return Judgement.inconclusive(measure, RISE, Conjecture.notStationary(solution), Map.of());
        }
        JacobianStructure structure = JacobianStructure.of(solution.model().jacobians(), solution.theta());
        double[] sigma = structure.topSingularValues();
        int depth = sigma.length;
        for (double s : sigma) {
            if (!(s > LayerSpectra.ZERO)) {
                return Judgement.inconclusive(measure, RISE, "a zero Jacobian: 1/σ₁ is undefined", Map.of());
            }
        }
        InverseDepthFit fit = InverseDepthFit.of(sigma, 1, depth);
        double mean = 0;
        for (double v : fit.inverseSigma1()) {
            mean += v / depth;
        }
        double rise = fit.slope() * (depth - 1) / mean;
        Map<String, Double> figures = Map.of(
                "slope", fit.slope(),
                "intercept", fit.intercept(),
                "rSquared", fit.rSquared(),
                "sigma1Spread", structure.singularValueSpread() - 1,
                "iterations", (double) solution.result().iterations());
        boolean holds = rise >= RISE && fit.rSquared() >= R_SQUARED;
        return new Judgement(holds ? Outcome.HOLDS : Outcome.VIOLATED, measure, rise, RISE,
                Math.min(rise - RISE, fit.rSquared() - R_SQUARED),
                String.format(Locale.ROOT, "1/σ₁ rises by %.2e of its mean over %d blocks (slope %.2e, R² %.3f); "
                        + "max σ₁/min σ₁ − 1 = %.1e", rise, depth, fit.slope(), fit.rSquared(),
                        structure.singularValueSpread() - 1), figures);
    }
}
