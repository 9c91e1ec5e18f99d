package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The two largest singular values of a Jacobian and its top singular vectors, {@code J v₁ = σ₁ u₁}.
 *
 * @param sigma1 {@code σ₁(J)}
 * @param sigma2 {@code σ₂(J)} (0 for a 1×1 matrix)
 * @param left   {@code u₁}, unit length (zero when {@code σ₁ = 0})
 * @param right  {@code v₁}, unit length (zero when {@code σ₁ = 0})
 */
public record LeadingSingularPair(double sigma1, double sigma2, double[] left, double[] right) {

    private static final int MAX_POWER_STEPS = 200;
    /** Direction change at which power iteration has settled: a few units of rounding on unit vectors. */
    private static final double SETTLED = 1e-14;

    /**
     * Of a dense matrix: from a few Lanczos steps when rigorous bounds show the result exact enough (near-rank-one
     * matrices such as the theorem's optima, see {@link CertifiedTopPair}), else from {@link #ofDenseFullSvd}.
     */
    public static LeadingSingularPair ofDense(DMatrixRMaj j) {
        LeadingSingularPair certified = CertifiedTopPair.of(j);
        return certified != null ? certified : ofDenseFullSvd(j);
    }

    /**
     * Of a dense matrix: the singular values come from EJML's full SVD (values only, exact to rounding); the vectors
     * from power iteration on {@code JᵀJ}, started at the row of largest norm and run until the direction settles to
     * rounding (at most {@value #MAX_POWER_STEPS} steps), then
     * {@code u₁ = J v₁ / ‖J v₁‖}. (The vectors are only used where {@code σ₂ ≪ σ₁}, where power
     * iteration converges in a few steps.)
     */
    public static LeadingSingularPair ofDenseFullSvd(DMatrixRMaj j) {
        int rows = j.numRows;
        int cols = j.numCols;
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
        if (!svd.decompose(j.copy())) {
            throw new ArithmeticException("EJML SVD did not converge");
        }
        double[] s = svd.getSingularValues().clone();
        java.util.Arrays.sort(s, 0, svd.numberOfSingularValues());
        int count = svd.numberOfSingularValues();
        double sigma1 = s[count - 1];
        double sigma2 = count > 1 ? s[count - 2] : 0;
        if (!(sigma1 > 0)) {
            return new LeadingSingularPair(0, 0, new double[rows], new double[cols]);
        }
        int best = 0;
        double bestNorm = -1;
        for (int r = 0; r < rows; r++) {
            double q = 0;
            for (int c = 0; c < cols; c++) {
                q += j.get(r, c) * j.get(r, c);
            }
            if (q > bestNorm) {
                bestNorm = q;
                best = r;
            }
        }
        DMatrixRMaj v = new DMatrixRMaj(cols, 1);
        for (int c = 0; c < cols; c++) {
            v.set(c, j.get(best, c));
        }
        normalise(v.data);
        DMatrixRMaj u = new DMatrixRMaj(rows, 1);
        DMatrixRMaj next = new DMatrixRMaj(cols, 1);
        for (int step = 0; step < MAX_POWER_STEPS; step++) {
            CommonOps_DDRM.mult(j, v, u);
            CommonOps_DDRM.multTransA(j, u, next);
            normalise(next.data);
            double change = 0;
            for (int c = 0; c < cols; c++) {
                change = Math.max(change, Math.abs(next.get(c) - v.get(c)));
            }
            v.setTo(next);
            if (change < SETTLED) {
                break;
            }
        }
        CommonOps_DDRM.mult(j, v, u);
        normalise(u.data);
        return new LeadingSingularPair(sigma1, sigma2, u.data, v.data);
    }

    static double normalise(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        double n = Math.sqrt(s);
        if (n > 0) {
            for (int k = 0; k < x.length; k++) {
                x[k] /= n;
            }
        }
        return n;
    }
}
