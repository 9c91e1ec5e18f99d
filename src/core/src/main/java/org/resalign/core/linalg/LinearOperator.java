package org.resalign.core.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * A real linear map {@code A: R^cols → R^rows} known only through its action on blocks of vectors.
 *
 * <p>This is the interface of Algorithm 971 (Li et al., ACM TOMS 43(3), 2017) that the paper uses in §2.4 for
 * the Residual Jacobians of convolutional blocks, whose {@code 16384×16384} matrices are never formed: the
 * randomized SVD only ever multiplies {@code A} and {@code Aᵀ} by thin blocks. Dense matrices and matrix-free
 * Jacobians implement the same two methods.
 *
 * <p>Blocks are row-major EJML matrices: column {@code c} of {@code x} is one vector. Implementations overwrite
 * {@code y} completely, must not keep references to either argument, and must be deterministic: the same input
 * gives the bit-identical output, whatever the thread count.
 */
public interface LinearOperator {

    /** Number of rows of {@code A}, the dimension of its output. */
    int rows();

    /** Number of columns of {@code A}, the dimension of its input. */
    int cols();

    /**
     * {@code y ← A·x}.
     *
     * @param x a {@code cols() × b} block
     * @param y a {@code rows() × b} block, overwritten
     */
    void apply(DMatrixRMaj x, DMatrixRMaj y);

    /**
     * {@code y ← Aᵀ·x}.
     *
     * @param x a {@code rows() × b} block
     * @param y a {@code cols() × b} block, overwritten
     */
    void applyTranspose(DMatrixRMaj x, DMatrixRMaj y);

    /** {@code A·x} into a new block. */
    default DMatrixRMaj times(DMatrixRMaj x) {
        DMatrixRMaj y = new DMatrixRMaj(rows(), x.numCols);
        apply(x, y);
        return y;
    }

    /** {@code Aᵀ·x} into a new block. */
    default DMatrixRMaj transposeTimes(DMatrixRMaj x) {
        DMatrixRMaj y = new DMatrixRMaj(cols(), x.numCols);
        applyTranspose(x, y);
        return y;
    }

    /** Checks that {@code x} and {@code y} have the shapes {@link #apply} needs. */
    default void requireApplyShapes(DMatrixRMaj x, DMatrixRMaj y, boolean transpose) {
        int in = transpose ? rows() : cols();
        int out = transpose ? cols() : rows();
        if (x.numRows != in || y.numRows != out || x.numCols != y.numCols) {
            throw new IllegalArgumentException("operator " + rows() + "×" + cols() + (transpose ? "ᵀ" : "")
                    + " cannot map a " + x.numRows + "×" + x.numCols + " block into a "
                    + y.numRows + "×" + y.numCols + " block");
        }
    }
}
