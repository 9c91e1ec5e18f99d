package org.resalign.core.ujm;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether an optimum of the binary one-input Unconstrained Jacobians Model has the structure Theorem 3.3 (paper §3.3,
 * Appendix B) asserts, judged exactly as docs/definitions.md §verdict defines it: the solver's optimum
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
 * @param failures              the names of the failed conditions, empty when it holds
 */
public record Theorem33Verdict(boolean holds, boolean counterexample, double objective, double alignedObjective,
                               double relativeGap, double alignedS, double alignedOmega,
                               JacobianStructure structure, double minInputAlignment, double classifierInputCosine,
                               double classifierNorm, List<String> failures) {

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

        List<String> failures = new ArrayList<>();
        boolean counterexample = -gap > tol.counterexample();
        if (counterexample) {
            failures.add("counterexample: objective below the aligned optimum");
        }
        if (!(Math.abs(gap) <= tol.objective())) {
            failures.add("objectiveGap");
        }
        if (!(structure.maxRankOneRatio() <= tol.rankOne())) {
            failures.add("rankOne");
        }
        double floor = 1 - tol.alignment();
        if (!(structure.minLeftRightAlignment() >= floor)) {
            failures.add("leftRightAlignment");
        }
        if (!(structure.minCrossLayerAlignment() >= floor)) {
            failures.add("crossLayerAlignment");
        }
        if (!(inputAlignment >= floor)) {
            failures.add("inputAlignment");
        }
        if (!(cos >= floor)) {
            failures.add("classifierParallelToInput");
        }
        if (!(structure.singularValueSpread() <= 1 + tol.equalSingular())) {
            failures.add("equalTopSingularValues");
        }
        return new Theorem33Verdict(failures.isEmpty(), counterexample, objective, aligned.objective(), gap,
                aligned.s(), aligned.omega(), structure, inputAlignment, cos, wNorm, List.copyOf(failures));
    }
}
