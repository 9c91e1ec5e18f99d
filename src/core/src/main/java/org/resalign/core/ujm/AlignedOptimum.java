package org.resalign.core.ujm;

/**
 * The global minimum of the aligned family of the binary Unconstrained Jacobians Model,
 * {@code f(s, ω) = ℓ(y·ω·r·(1+s)^L) + λ/2 (L s² + ω²)} (paper §3.3, Theorem 3.3, Appendix B), as found by
 * {@link AlignedFamily#solve}.
 *
 * <p>The optimum of the full model it stands for is {@code J_1 = … = J_L = s·uuᵀ}, {@code w = ω·u},
 * {@code u = Δx/‖Δx‖}.
 *
 * @param s                     the common singular value of the Jacobians (always {@code ≥ 0} at the optimum)
 * @param omega                 the classifier coefficient {@code ω}; it already carries the sign of the label
 *                              ({@code sign(ω) = y})
 * @param objective             {@code f(s, ω)}, the aligned objective (docs/definitions.md §aligned, {@code alignedObjective})
 * @param margin                the margin {@code m = y·z = y·ω·r·(1+s)^L} (positive at the optimum)
 * @param loss                  the data term {@code ℓ(m)} alone
 * @param stationaryPointsFound the number of stationary points of {@code f} with {@code s > 0} and
 *                              {@code y·ω > 0} that were located (local minima and saddles; always odd when
 *                              every root is simple). It is {@code 1} in the common case.
 * @param localMinimum          whether the 2×2 Hessian of {@code f} at the returned point is numerically
 *                              positive semidefinite
 */
public record AlignedOptimum(double s, double omega, double objective, double margin, double loss,
                             int stationaryPointsFound, boolean localMinimum) {
}
