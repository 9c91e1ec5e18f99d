package org.resalign.core.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * The top {@code k} singular triplets {@code A ≈ U·diag(σ)·Vᵀ}, with {@code σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0}.
 *
 * <p>Column {@code j} of {@code u} ({@code rows×k}) and of {@code v} ({@code cols×k}) are the left and right
 * singular vectors of {@code σ_j}. Each pair is normalised so that the entry of largest magnitude of the left
 * vector is positive, which makes the triplets comparable between algorithms up to the sign ambiguity every SVD
 * has.
 *
 * @param singularValues {@code σ₁ … σ_k}, non-increasing
 * @param u the left singular vectors as columns
 * @param v the right singular vectors as columns
 */
public record TruncatedSvd(double[] singularValues, DMatrixRMaj u, DMatrixRMaj v) {

    public TruncatedSvd {
        int k = singularValues.length;
        if (u.numCols != k || v.numCols != k) {
            throw new IllegalArgumentException("need " + k + " singular vectors, got " + u.numCols + " and " + v.numCols);
        }
        for (int j = 0; j < k; j++) {
            if (!Double.isFinite(singularValues[j]) || singularValues[j] < 0) {
                throw new IllegalArgumentException("singular value " + (j + 1) + " is " + singularValues[j]);
            }
            if (j > 0 && singularValues[j] > singularValues[j - 1]) {
                throw new IllegalArgumentException("singular values must be non-increasing");
            }
        }
    }

    /** Number of triplets. */
    public int rank() {
        return singularValues.length;
    }

    /** {@code σ_{j+1}}, zero-based. */
    public double value(int j) {
        return singularValues[j];
    }
}
