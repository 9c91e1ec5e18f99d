package org.resalign.core.ujm;

import org.resalign.core.input.InvalidInputException;

/**
 * The UJM with residual scaling {@code α} (Dherin &amp; Munn, "On residual network depth": scaling each residual
 * module; Fischer, Dahmen &amp; Helias, "Optimal signal propagation in ResNets through residual scaling"): blocks
 * {@code I + α·J_i} with the same penalty,
 * {@code f_α(J, w) = ℓ(y·wᵀ(I+αJ_L)…(I+αJ_1)Δx) + λ/2 (Σ‖J_i‖_F² + ‖w‖²)}.
 *
 * <p>It is the UJM of paper Definition 3.2 in other variables: with {@code K_i = αJ_i} and {@code v = αw},
 * {@code f_α(J, w) = ℓ(y·vᵀ∏(I+K_i)(Δx/α)) + λ/(2α²) (Σ‖K_i‖² + ‖v‖²)}, the UJM with {@code λ' = λ/α²} and inputs
 * {@code Δx/α}. So Theorem 3.3 carries over: at the optimum {@code J_i = (s'/α)·uuᵀ}, {@code w = (ω'/α)·u}, with
 * {@code (s', ω')} the aligned optimum of {@code (λ/α², ‖Δx‖/α)}: α changes no alignment (RA2) and keeps the top
 * singular values equal across the depth (RA4's flat profile), only their size; the effective branches {@code αJ_i}
 * shrink, and with them the margin's paths ({@code s'} falls).
 */
public final class ResidualScaling {

    private ResidualScaling() {
    }

    /** The UJM instance equivalent to {@code p} with residual scaling {@code alpha}: {@code λ/α²}, inputs {@code Δx/α}. */
    public static UjmProblem equivalent(UjmProblem p, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new InvalidInputException("branchScale", "the residual scaling {branchScale} α must be positive and "
                    + "finite, got " + alpha);
        }
        return new UjmProblem(p.dim(), p.depth(), p.lambda() / (alpha * alpha), p.loss(), p.samples(), p.classes(),
                p.inputNorm() / alpha, p.seed());
    }

    /**
     * The aligned optimum of {@code p} (one input, two classes) with residual scaling {@code alpha}, in the scaled
     * model's own variables: {@code s} the singular value of every {@code J_i}, {@code omega} the classifier's
     * coefficient, the objective and margin of {@code f_α}.
     */
    public static AlignedOptimum aligned(UjmProblem p, double alpha) {
        UjmProblem q = equivalent(p, alpha);
        AlignedOptimum o = AlignedFamily.solve(q.loss(), q.depth(), q.lambda(), q.inputNorm(), q.data().labels()[0]);
        // f_α(J, w) = f'(αJ, αw): the same value and margin, the variables divided by α
        return new AlignedOptimum(o.s() / alpha, o.omega() / alpha, o.objective(), o.margin(), o.loss(),
                o.stationaryPointsFound(), o.localMinimum());
    }
}
