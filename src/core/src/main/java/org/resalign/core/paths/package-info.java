/**
 * The unravelled view of a residual network (Veit, Wilber &amp; Belongie, "Residual Networks Behave Like Ensembles of
 * Relatively Shallow Networks", NeurIPS 2016, §3): with linear blocks {@code h ↦ (I + J_i)h}, the product
 * {@code ∏(I + J_i)} is the sum over the {@code 2^L} paths through the network, and the paths of length {@code k}
 * together are the ordered elementary sum {@code e_k(J_L, …, J_1)}. {@link org.resalign.core.paths.PathDecomposition}
 * computes these parts matrix-free; {@link org.resalign.core.paths.PathShares} the share of a margin each length
 * carries; {@link org.resalign.core.paths.UjmPaths} both at the optimum of the Unconstrained Jacobians Model, where
 * Theorem 3.3's aligned optimum {@code J_i = s·uuᵀ} makes the shares exactly Binomial(L, s/(1+s)).
 *
 * <p>May depend on: the JDK, Hipparchus, {@code core.ujm}, {@code core.io}, {@code core.input}.
 */
package org.resalign.core.paths;
