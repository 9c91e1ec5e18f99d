package org.resalign.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * A dense matrix as a {@link LinearOperator} through EJML's stock products, the baseline that {@link DenseOperator} is
 * measured against: {@code CommonOps_MT_DDRM.mult}/{@code multTransA} (EJML's multi-threaded versions, measured 7–8
 * GFlop/s on a 2-core Zen 4 for {@code 4096×4096} times {@code 4096×32}, against 3–4.5 for the single-threaded
 * {@code CommonOps_DDRM}), or the single-threaded ones on request. Keeps a reference to {@code A}; it must not change
 * while the operator is in use.
 */
public final class EjmlOperator implements LinearOperator {

    private final DMatrixRMaj a;
    private final boolean multiThreaded;

    /** EJML's multi-threaded products. */
    public EjmlOperator(DMatrixRMaj a) {
        this(a, true);
    }

    public EjmlOperator(DMatrixRMaj a, boolean multiThreaded) {
        if (a.numRows < 1 || a.numCols < 1) {
            throw new IllegalArgumentException("the matrix must not be empty, got " + a.numRows + "×" + a.numCols);
        }
        this.a = a;
        this.multiThreaded = multiThreaded;
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
        if (multiThreaded) {
            CommonOps_MT_DDRM.mult(a, x, y);
        } else {
            CommonOps_DDRM.mult(a, x, y);
        }
    }

    @Override
    public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        if (multiThreaded) {
            CommonOps_MT_DDRM.multTransA(a, x, y);
        } else {
            CommonOps_DDRM.multTransA(a, x, y);
        }
    }
}
