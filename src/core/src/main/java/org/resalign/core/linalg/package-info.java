/**
 * Linear operators and singular value decompositions: the {@link org.resalign.core.linalg.LinearOperator}
 * interface (apply {@code A} and {@code Aᵀ} to a block of vectors, docs/definitions.md §rsvd) that dense matrices and
 * matrix-free network Jacobians share, the dense operator and its Vector API kernel, EJML's full SVD, the randomized
 * SVD (Algorithm 971), random orthonormal frames, and matrices of known spectrum for tests.
 *
 * <p>May depend on: the JDK (with {@code jdk.incubator.vector} when present), EJML, {@code core.seed} for its random
 * streams.
 */
package org.resalign.core.linalg;
