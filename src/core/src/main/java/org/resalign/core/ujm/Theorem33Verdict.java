package org.resalign.core.ujm;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether an optimum of the binary one-input Unconstrained Jacobians Model has the structure Theorem 3.3 (paper §3.3,
 * Appendix B) asserts, judged exactly as docs/definitions.md §verdict defines it, one {@link Theorem33Check} per
 * {@link Theorem33Condition}: the solver's optimum
 * <ol type="a">
 *   <li>is not below {@code alignedObjective} by more than {@code counterexample} relative (else: a counterexample),</li>
 *   <li>equals it within {@code objective} relative, and at that optimum</li>
 *   <li>every {@code J_i} has {@code σ₂/σ₁ ≤ rankOne},</li>
 *   <li>{@code |⟨u₁(J_i), v₁(J_i)⟩|}, {@code |⟨u₁(J_i), u₁(J_j)⟩|}, {@code |⟨u₁(J_i), Δx/‖Δx‖⟩|} and
 *       {@code |cos(w, Δx)|} are at least {@code 1 − alignment},</li>
 *   <li>{@code max σ₁ / min σ₁ ≤ 1 + equalSingular}.</li>
 * </ol>
 * (The aligned optimum always has {@code s > 0}: at {@code s = ω = 0}, {@code ∂f/∂ω = ℓ'(0)·‖Δx‖ ≠ 0} for every loss
 * here, so the trivial point is never stationary and the singular-vector tests are always meaningful.)
 *
 * @param holds                 all conditions hold
 * @param counterexample        condition (a) failed: the solver found a lower objective than the aligned family
 * @param objective             the solver's objective
 * @param alignedObjective      the aligned family's minimum
 * @param relativeGap           {@code (objective − alignedObjective)/|alignedObjective|}
 * @param alignedS              the aligned optimum's {@code s}
 * @param alignedOmega          the aligned optimum's {@code ω}
 * @param structure             the Jacobians' singular structure
 * @param minInputAlignment     {@code min_i |⟨u₁(J_i), Δx/‖Δx‖⟩|}
 * @param classifierInputCosine {@code |cos(w, Δx)|}
 * @param classifierNorm        {@code ‖w‖}
 * @param checks                every condition with its deficit and tolerance, in the order of §verdict
 * @param failures              the keys of the failed conditions ({@link Theorem33Condition#key()}), empty when it holds
 */
public record Theorem33Verdict(boolean holds, boolean counterexample, double objective, double alignedObjective,
                               double relativeGap, double alignedS, double alignedOmega,
                               JacobianStructure structure, double minInputAlignment, double classifierInputCosine,
                               double classifierNorm, List<Theorem33Check> checks, List<String> failures) {

    public Theorem33Verdict {
        checks = List.copyOf(checks);
        failures = List.copyOf(failures);
    }

    /** The check of {@code condition}. */
    public Theorem33Check check(Theorem33Condition condition) {
        for (Theorem33Check c : checks) {
            if (c.condition() == condition) {
                return c;
            }
        }
        throw new IllegalStateException("no check of " + condition);
    }

    /**
     * Judges a solver's point {@code θ} of the binary one-input model {@code model} against the aligned optimum.
     */
    public static Theorem33Verdict judge(UnconstrainedJacobiansModel model, double[] theta, double objective,
                                         AlignedOptimum aligned, Theorem33Tolerances tol) {
        UjmData data = model.data();
        if (!data.binary() || data.size() != 1) {
            throw new IllegalArgumentException("Theorem 3.3 speaks of one input and two classes");
        }
        if (!Double.isFinite(objective)) {
            throw new ArithmeticException("the solver's objective is not finite (" + objective + ")");
        }
        double[] dx = data.inputs()[0];
        double[] w = model.classifier(theta);
        JacobianStructure structure = JacobianStructure.of(model.jacobians(), theta);
        double gap = (objective - aligned.objective()) / Math.abs(aligned.objective());
        double wNorm = Math.sqrt(JacobianStructure.dot(w, w));
        double cos = wNorm > 0 ? Math.min(1.0, Math.abs(JacobianStructure.dot(w, dx)) / (wNorm * Math.sqrt(
                JacobianStructure.dot(dx, dx)))) : 0;
        double inputAlignment = structure.minAlignmentWith(dx);

        List<Theorem33Check> checks = new ArrayList<>();
        for (Theorem33Condition c : Theorem33Condition.values()) {
            double deficit = switch (c) {
                case NOT_BELOW_ALIGNED -> 0.0 - gap; // +0.0, not −0.0, at a gap of zero
                case OBJECTIVE_GAP -> Math.abs(gap);
                case RANK_ONE -> structure.maxRankOneRatio();
                case LEFT_RIGHT_ALIGNMENT -> 1 - structure.minLeftRightAlignment();
                case CROSS_LAYER_ALIGNMENT -> 1 - structure.minCrossLayerAlignment();
                case INPUT_ALIGNMENT -> 1 - inputAlignment;
                case CLASSIFIER_PARALLEL_TO_INPUT -> 1 - cos;
                case EQUAL_TOP_SINGULAR_VALUES -> structure.singularValueSpread() - 1;
            };
            checks.add(Theorem33Check.of(c, deficit, tol));
        }
        List<String> failures = checks.stream().filter(c -> !c.passed()).map(c -> c.condition().key()).toList();
        boolean counterexample = checks.stream().anyMatch(c -> c.condition() == Theorem33Condition.NOT_BELOW_ALIGNED && !c.passed());
        return new Theorem33Verdict(failures.isEmpty(), counterexample, objective, aligned.objective(), gap,
                aligned.s(), aligned.omega(), structure, inputAlignment, cos, wNorm, checks, failures);
    }
}
