package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.OptimizationResult;
import org.resalign.core.opt.StopReason;
import org.resalign.core.opt.StoppingCriteria;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.Theorem33Check;
import org.resalign.core.ujm.Theorem33Condition;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

/**
 * Theorem 3.3 (paper §3.3, Appendix B) as a searchable claim, for a set of losses: for one input and two classes,
 * no point of the model has an objective below the aligned family's minimum, and a global optimum has rank-one,
 * aligned Jacobians with equal top singular values and {@code w ∥ Δx} (docs/definitions.md §verdict, default tolerances).
 *
 * <p>A counterexample is either a point below the aligned minimum by more than {@code 1e-10} relative (whether or not
 * the solver converged: any such point refutes a claim about the global minimum), or a stationary point at the
 * aligned minimum (within {@code 1e-8}) without the structure (a second global optimum). A structural miss is first
 * polished: the solver continues from the point to {@code ‖∇f‖ ≤ 1e-13·max(1, |f|)}, because a point stopped at
 * {@code 1e-11} can sit {@code ‖∇f‖/λ ≈ 1e-7} (at {@code λ = 1e-4}) off the structure, which is a σ₂/σ₁ of order
 * {@code 1e-6}. Only a miss that survives polishing to that resolution is a counterexample; one that the polish
 * removes holds, and one the polish cannot resolve is inconclusive. A solver that stops above the aligned minimum is
 * inconclusive. The slack is the distance, in decades, of the nearest condition from its
 * threshold: {@code min(log₁₀(1e-10 / max(−gap, 0)), log₁₀(1e-6 / σ₂/σ₁), log₁₀(1e-6 / deficit), …)}, so the adaptive
 * phase refines around the instances whose optimum is least exactly aligned, not around rounding noise in the gap.
 *
 * @param about     name, claim, source, expectation and box
 * @param tol       the verdict's tolerances (the defaults of docs/definitions.md §verdict for the shipped conjectures)
 */
record Theorem33Structure(About about, Theorem33Tolerances tol) implements Conjecture {

    /** The gradient tolerance a structural miss is polished to before it counts. */
    static final double POLISH_TOLERANCE = 1e-13;

    /** The iteration budget of that polish. */
    static final int POLISH_ITERATIONS = 20_000;

    /**
     * A polished structural miss counts only if the point lies farther than this many resolutions {@code ‖∇f‖/λ} from
     * the aligned optimum: a second optimum is a different point, not the aligned one seen through rounding.
     */
    static final double RESOLVED = 100;

    /** {@code thm33}: the paper's logistic loss. */
    static Theorem33Structure paper() {
        return of("thm33", List.of(Loss.LOGISTIC), "Theorem 3.3 (§3.3, App. B)", Expectation.PROVEN);
    }

    /** {@code other-losses}: the exponential and squared losses, for which the paper does not state the theorem. */
    static Theorem33Structure otherLosses() {
        return of("other-losses", List.of(Loss.EXPONENTIAL, Loss.SQUARED), "Theorem 3.3 (§3.3, App. B) beyond the "
                + "paper's loss; App. B's monotone-loss step does not cover the squared loss", Expectation.OPEN);
    }

    private static Theorem33Structure of(String name, List<Loss> losses, String source, Expectation expectation) {
        String statement = "For one input and two classes (" + String.join(", ", losses.stream()
                .map(Loss::optionName).toList()) + " loss), no point beats the aligned family's minimum by more than "
                + "1e-10 relative, and the optimum has σ₂/σ₁ ≤ 1e-6 in every J_i, u₁ = v₁ = Δx/‖Δx‖ and w ∥ Δx to "
                + "1e-6, and equal σ₁ to 1e-6";
        ParameterSpace box = new ParameterSpace(new ParameterSpace.Range(1, 24), new ParameterSpace.Range(1, 16), 1e-4,
                10, losses, new ParameterSpace.Range(1, 1), new ParameterSpace.Range(2, 2), 0.1, 10, false);
        return new Theorem33Structure(new About(name, statement, source, expectation, box),
                Theorem33Tolerances.DEFAULT);
    }

    /** The same claim judged with other tolerances. */
    Theorem33Structure withTolerances(Theorem33Tolerances other) {
        return new Theorem33Structure(about, other);
    }

    /**
     * The decades by which the nearest condition of the verdict clears its threshold (negative when it fails): the
     * least {@link Theorem33Check#decades()} over every check but {@link Theorem33Condition#OBJECTIVE_GAP}, whose
     * two-sided gap at an aligned optimum is rounding noise; its harmful side is {@code NOT_BELOW_ALIGNED}'s.
     */
    private static double slack(Theorem33Verdict v) {
        double slack = Double.POSITIVE_INFINITY;
        for (Theorem33Check c : v.checks()) {
            if (c.condition() != Theorem33Condition.OBJECTIVE_GAP) {
                slack = Math.min(slack, c.decades());
            }
        }
        return slack;
    }

    /** The largest of the four alignment deficits of condition (d). */
    private static double alignmentDeficit(Theorem33Verdict v) {
        double deficit = 0;
        for (Theorem33Check c : v.checks()) {
            if (c.condition().clause() == 'd') {
                deficit = Math.max(deficit, c.measured());
            }
        }
        return deficit;
    }

    /**
     * The verdict's figures by name; {@code polishedGradient} is the gradient norm after polishing (NaN, {@code null}
     * in JSON, when the point was not polished).
     */
    private static Map<String, Double> figures(Theorem33Verdict v, AlignedOptimum aligned, int iterations,
                                               double polishedGradient) {
        Map<String, Double> figures = new java.util.HashMap<>();
        figures.put("relativeGap", v.relativeGap());
        figures.put("maxRankOneRatio", v.check(Theorem33Condition.RANK_ONE).measured());
        figures.put("crossLayerDeficit", v.check(Theorem33Condition.CROSS_LAYER_ALIGNMENT).measured());
        figures.put("leftRightDeficit", v.check(Theorem33Condition.LEFT_RIGHT_ALIGNMENT).measured());
        figures.put("classifierDeficit", v.check(Theorem33Condition.CLASSIFIER_PARALLEL_TO_INPUT).measured());
        figures.put("inputDeficit", v.check(Theorem33Condition.INPUT_ALIGNMENT).measured());
        figures.put("singularValueSpread", v.check(Theorem33Condition.EQUAL_TOP_SINGULAR_VALUES).measured());
        figures.put("alignedS", aligned.s());
        figures.put("iterations", (double) iterations);
        figures.put("polishedGradient", polishedGradient);
        return figures;
    }

    /**
     * {@code ‖θ − θ*‖₂}, the distance of a point from the aligned optimum {@code θ*} ({@code J_i = s·uuᵀ},
     * {@code w = ω·u}, {@code u = Δx/‖Δx‖}; {@code ω} carries the label's sign).
     */
    static double distanceToAligned(UjmSolution solution, double[] theta, AlignedOptimum aligned) {
        var jacobians = solution.model().jacobians();
        double[] dx = solution.model().data().inputs()[0];
        int d = dx.length;
        double norm = 0;
        for (double v : dx) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double sum = 0;
        for (int i = 0; i < jacobians.depth(); i++) {
            var j = jacobians.jacobian(theta, i);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double e = j.get(a, b) - aligned.s() * dx[a] * dx[b] / (norm * norm);
                    sum += e * e;
                }
            }
        }
        double[] w = solution.model().classifier(theta);
        for (int a = 0; a < d; a++) {
            double e = w[a] - aligned.omega() * dx[a] / norm;
            sum += e * e;
        }
        return Math.sqrt(sum);
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        UjmProblem p = solution.problem();
        AlignedOptimum aligned = AlignedFamily.solve(p.loss(), p.depth(), p.lambda(), p.inputNorm(),
                p.data().labels()[0]);
        Theorem33Verdict v = Theorem33Verdict.judge(solution.model(), solution.theta(), solution.result().value(),
                aligned, tol);
        Map<String, Double> figures = figures(v, aligned, solution.result().iterations(), Double.NaN);
        String measure = "relative gap to the aligned minimum";
        double slack = slack(v);
        if (v.counterexample()) {
            return new Judgement(Outcome.VIOLATED, measure, v.relativeGap(), -tol.counterexample(), slack,
                    String.format(Locale.ROOT, "the solver's point lies %.3e below the aligned minimum",
                            -v.relativeGap()), figures);
        }
        if (v.holds()) {
            return new Judgement(Outcome.HOLDS, measure, v.relativeGap(), -tol.counterexample(), slack,
                    String.format(Locale.ROOT, "the aligned optimum: gap %.1e, σ₂/σ₁ %.1e, alignment deficit %.1e, "
                            + "σ₁ spread %.1e", v.relativeGap(), v.check(Theorem33Condition.RANK_ONE).measured(),
                            alignmentDeficit(v), v.check(Theorem33Condition.EQUAL_TOP_SINGULAR_VALUES).measured()),
                    figures);
        }
        boolean atMinimum = v.check(Theorem33Condition.OBJECTIVE_GAP).passed();
        if (atMinimum && Conjecture.stationary(solution)) {
            OptimizationResult polished = UjmSolver.minimizer(solution.settings()).minimize(solution.model(),
                    solution.theta(), new StoppingCriteria(POLISH_ITERATIONS, POLISH_TOLERANCE, 0),
                    IterationMonitor.NONE);
            Theorem33Verdict w = Theorem33Verdict.judge(solution.model(), polished.point(), polished.value(),
                    aligned, tol);
            Map<String, Double> polishedFigures = figures(w, aligned, solution.result().iterations(),
                    polished.gradientNorm());
            String after = String.format(Locale.ROOT, " after polishing from ‖∇f‖ = %.1e to %.1e",
                    solution.result().gradientNorm(), polished.gradientNorm());
            if (w.counterexample()) {
                return new Judgement(Outcome.VIOLATED, measure, w.relativeGap(), -tol.counterexample(), slack(w),
                        String.format(Locale.ROOT, "the polished point lies %.3e below the aligned minimum",
                                -w.relativeGap()), polishedFigures);
            }
            if (w.holds()) {
                return new Judgement(Outcome.HOLDS, measure, w.relativeGap(), -tol.counterexample(), slack(w),
                        "the aligned optimum" + after + " (before it: " + v.failures() + ")", polishedFigures);
            }
            double distance = distanceToAligned(solution, polished.point(), aligned);
            double resolution = polished.gradientNorm() / p.lambda();
            polishedFigures.put("distanceToAligned", distance);
            if (polished.reason() == StopReason.GRADIENT_TOLERANCE && distance > RESOLVED * resolution) {
                return new Judgement(Outcome.VIOLATED, measure, w.relativeGap(), -tol.counterexample(), slack(w),
                        String.format(Locale.ROOT, "a stationary point at the aligned minimum without the structure"
                                + "%s: %s, at distance %.2e from the aligned optimum (resolution ‖∇f‖/λ = %.1e)",
                                after, w.failures(), distance, resolution), polishedFigures);
            }
            return new Judgement(Outcome.INCONCLUSIVE, measure, w.relativeGap(), -tol.counterexample(), slack(w),
                    String.format(Locale.ROOT, "the structure misses %s%s, but the point lies within %.2e of the "
                            + "aligned optimum, against a resolution ‖∇f‖/λ = %.1e: too close to decide", w.failures(),
                            after, distance, resolution), polishedFigures);
        }
        return new Judgement(Outcome.INCONCLUSIVE, measure, v.relativeGap(), -tol.counterexample(), slack,
                !Conjecture.stationary(solution) ? Conjecture.notStationary(solution)
                        : String.format(Locale.ROOT, "a stationary point %.3e above the aligned minimum: a local "
                        + "optimum, and the claim is about the global one", v.relativeGap()), figures);
    }
}
