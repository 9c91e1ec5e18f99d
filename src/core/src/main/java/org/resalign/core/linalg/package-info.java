/**
 * Linear operators and singular value decompositions: the {@link org.resalign.core.linalg.LinearOperator}
 * interface (apply {@code A} and {@code Aᵀ} to a block of vectors, docs/definitions.md §rsvd) that dense matrices and
 * matrix-free network Jacobians share, the dense operator and its Vector API kernel, EJML's full SVD, the randomized
 * SVD (Algorithm 971), random orthonormal frames, matrices of known spectrum for tests, and the randomized SVD's
 * benchmark ({@code RsvdBenchmark}) with its scikit-learn peer.
 *
 * <p>May depend on: the JDK (with {@code jdk.incubator.vector} when present), EJML, {@code core.seed} for its random
 * streams, {@code core.bench} and {@code core.io} (Jackson) for the benchmark's peer and report.
 */
package org.resalign.core.linalg;
