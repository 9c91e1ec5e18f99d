package org.resalign.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@code J = A·diag(s)·Bᵀ} with {@code A} ({@code rows×r}) and {@code B} ({@code cols×r}) held as factors, so that
 * {@code J·x} costs {@code O((rows+cols)·r)} per vector instead of {@code O(rows·cols)}. This is how the Theorem 3.1
 * checker (paper §3.2, App. A) represents {@code J_i = U₀ S_i U₀ᵀ} at any dimension.

 */
public final class LowRankOperator implements LinearOperator {

    private final DMatrixRMaj left;
    private final DMatrixRMaj right;
    private final double[] scales;

    /**
     * @param left   {@code A}, {@code rows×r}
     * @param scales {@code s}, length {@code r}
     * @param right  {@code B}, {@code cols×r}
     */
    public LowRankOperator(DMatrixRMaj left, double[] scales, DMatrixRMaj right) {
        if (left.numCols != scales.length || right.numCols != scales.length) {
            throw new IllegalArgumentException("factors of rank " + left.numCols + " and " + right.numCols
                    + " need " + scales.length + " scales");
        }
        DenseSvd.requireFinite(left);
        DenseSvd.requireFinite(right);
        for (double s : scales) {
            if (!Double.isFinite(s)) {
                throw new ArithmeticException("scale " + s + " is not finite");
            }
        }
        this.left = left.copy();
        this.right = right.copy();
        this.scales = scales.clone();
    }

    /** {@code s·a·bᵀ} for two vectors. */
    public static LowRankOperator rankOne(double s, double[] a, double[] b) {
        return new LowRankOperator(DMatrixRMaj.wrap(a.length, 1, a.clone()), new double[] {s},
                DMatrixRMaj.wrap(b.length, 1, b.clone()));
    }

    @Override
    public int rows() {
        return left.numRows;
    }

    @Override
    public int cols() {
        return right.numRows;
    }

    /** The factor rank {@code r}. */
    public int rank() {
        return scales.length;
    }

    @Override
    public void apply(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, false);
        multiply(left, right, x, y);
    }

    @Override
    public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        multiply(right, left, x, y);
    }

    /** {@code y = out·diag(s)·(inᵀ x)}. */
    private void multiply(DMatrixRMaj out, DMatrixRMaj in, DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj t = new DMatrixRMaj(scales.length, x.numCols);
        CommonOps_DDRM.multTransA(in, x, t);
        for (int r = 0; r < scales.length; r++) {
            for (int c = 0; c < x.numCols; c++) {
                t.set(r, c, t.get(r, c) * scales[r]);
            }
        }
        CommonOps_DDRM.mult(out, t, y);
    }

    /** The dense {@code rows×cols} matrix. */
    public DMatrixRMaj toDense() {
        DMatrixRMaj scaled = left.copy();
        for (int i = 0; i < scaled.numRows; i++) {
            for (int r = 0; r < scales.length; r++) {
                scaled.set(i, r, scaled.get(i, r) * scales[r]);
            }
        }
        DMatrixRMaj j = new DMatrixRMaj(rows(), cols());
        CommonOps_DDRM.multTransB(scaled, right, j);
        return j;
    }
}
