package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;

/**
 * {@code rank-le-classes}: the paper's RA3 (§1.4, Figure 3: the Jacobians' rank is at most the number of classes
 * {@code C}) asked of the Unconstrained Jacobians Model with {@code N} inputs of {@code C} classes: at a stationary
 * point every {@code J_i} has {@code σ_{C+1}(J_i)/σ₁(J_i) ≤ 1e-6}. The paper proves no such statement for the model.
 *
 * <p>The search also records the sharper bound a stationarity argument suggests: {@code λJ_i} is a sum over the
 * inputs of outer products whose left factors lie in {@code (I+J_L)ᵀ⋯(I+J_{i+1})ᵀ} applied to the row space of
 * {@code W}, so {@code rank J_i ≤ min(N, rank W)}; for softmax-type losses {@code Σ_c ∂ℓ/∂z_c = 0} gives
 * {@code rank W ≤ C−1}, for the squared loss {@code rank W ≤ C}, and the binary model has a single {@code w}
 * ({@code rank ≤ 1}). The figures {@code sharperBound} and {@code sharperRatio} ({@code σ_{b+1}/σ₁} with {@code b}
 * that bound) show whether the data bear it out.
 */
final class RankAtMostClasses implements Conjecture {

    static final double TOLERANCE = 1e-6;

    private static final About ABOUT = new About("rank-le-classes",
            "For N inputs of C classes (D > C), every J_i at a stationary point has σ_{C+1}/σ₁ ≤ 1e-6: "
                    + "rank ≤ C",
            "RA3 (§1.4, Fig. 3), unproven for the UJM (§3.3 treats one input)", Expectation.OPEN,
            new ParameterSpace(new ParameterSpace.Range(3, 16),
                    new ParameterSpace.Range(1, 8), 1e-3, 1, List.of(Loss.values()), new ParameterSpace.Range(1, 12),
                    new ParameterSpace.Range(2, 6), 0.25, 4, true));

    @Override
    public About about() {
        return ABOUT;
    }

    /** {@code min(N, C−1)} for softmax-type losses and the binary model, {@code min(N, C)} for the squared loss. */
    static int sharperBound(UjmProblem p) {
        int classifierRank = p.classes() == 2 ? 1
                : Conjecture.gradientSumsToZero(p.loss()) ? p.classes() - 1 : p.classes();
        return Math.min(p.samples(), classifierRank);
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        String measure = "max_i σ_{C+1}(J_i)/σ₁(J_i)";
        if (!Conjecture.stationary(solution)) {
            return Judgement.inconclusive(measure, TOLERANCE, Conjecture.notStationary(solution), Map.of());
        }
        UjmProblem p = solution.problem();
        TruncatedSvd[] svds = LayerSpectra.of(solution);
        double largest = LayerSpectra.largest(svds);
        int bound = sharperBound(p);
        double worst = 0;
        double sharper = 0;
        int maxRank = 0;
        for (TruncatedSvd s : svds) {
            if (s.value(0) <= LayerSpectra.ZERO) {
                continue; // a zero Jacobian has rank 0
            }
            worst = Math.max(worst, LayerSpectra.ratio(s, p.classes()));
            sharper = Math.max(sharper, LayerSpectra.ratio(s, bound));
            maxRank = Math.max(maxRank, LayerSpectra.numericalRank(s, TOLERANCE));
        }
        Map<String, Double> figures = Map.of(
                "largestSigma1", largest,
                "maxNumericalRank", (double) maxRank,
                "sharperBound", (double) bound,
                "sharperRatio", sharper,
                "iterations", (double) solution.result().iterations());
        double slack = Math.log10(TOLERANCE) - Math.log10(Math.max(worst, Double.MIN_NORMAL));
        if (largest <= LayerSpectra.ZERO) {
            return Judgement.inconclusive(measure, TOLERANCE, "every J_i is zero at this optimum (λ too large to "
                    + "fit the data): the rank claim holds trivially and says nothing", figures);
        }
        boolean violated = worst > TOLERANCE;
        return new Judgement(violated ? Outcome.VIOLATED : Outcome.HOLDS, measure, worst, TOLERANCE, slack,
                String.format(Locale.ROOT, "numerical rank ≤ %d at C = %d (sharper bound min(N, rank W) = %d, "
                        + "σ_{b+1}/σ₁ = %.1e)", maxRank, p.classes(), bound, sharper), figures);
    }
}
