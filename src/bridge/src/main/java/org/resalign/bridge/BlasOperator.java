package org.resalign.bridge;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.LinearOperator;

/**
 * A formed matrix as a {@link LinearOperator} whose products are OpenBLAS's {@code dgemm} ({@link Blas}): the
 * analysis's RA2 grid multiplies each formed Residual Jacobian by blocks of {@code depth·k} frame vectors, where one
 * library call on the matrix as it is beats copying it into {@link org.resalign.core.linalg.DenseOperator}'s tiles
 * (which pays at {@code D = 4096}, not at 512). Immutable; the matrix is not copied and must not change.
 */
final class BlasOperator implements LinearOperator {

    private final DMatrixRMaj a;

    BlasOperator(DMatrixRMaj a) {
        this.a = a;
    }

    @Override
    public int rows() {
        return a.numRows;
    }

    @Override
    public int cols() {
        return a.numCols;
    }

    @Override
    public void apply(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, false);
        Blas.multiply(false, false, a.numRows, x.numCols, a.numCols, a.data, x.data, y.data);
    }

    @Override
    public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        Blas.multiply(true, false, a.numCols, x.numCols, a.numRows, a.data, x.data, y.data);
    }
}
