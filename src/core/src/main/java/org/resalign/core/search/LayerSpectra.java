package org.resalign.core.search;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.ujm.UjmSolution;

/**
 * The full singular value decompositions of the Jacobians {@code J_1..J_L} at a solver's optimum (EJML, dense), for the
 * conjectures that look past {@code σ₁, σ₂}.
 */
final class LayerSpectra {

    /**
     * A Jacobian with {@code σ₁} at or below this counts as zero. The solver stops at {@code ‖∇f‖ ≤ 1e-11·max(1, |f|)},
     * which leaves components of order {@code ‖∇f‖/λ ≤ 1e-8} ({@code λ ≥ 1e-3} in every shipped box) in directions
     * where the optimum is zero; ratios of such residuals are noise.
     */
    static final double ZERO = 1e-6;

    private LayerSpectra() {
    }

    static TruncatedSvd[] of(UjmSolution solution) {
        return of(matrices(solution));
    }

    /** {@code J_1..J_L} of the solution as dense matrices. */
    static DMatrixRMaj[] matrices(UjmSolution solution) {
        var jacobians = solution.model().jacobians();
        DMatrixRMaj[] js = new DMatrixRMaj[jacobians.depth()];
        for (int i = 0; i < js.length; i++) {
            js[i] = jacobians.jacobian(solution.theta(), i);
        }
        return js;
    }

    /** The full SVD of each matrix. */
    static TruncatedSvd[] of(DMatrixRMaj[] js) {
        TruncatedSvd[] svds = new TruncatedSvd[js.length];
        for (int i = 0; i < svds.length; i++) {
            svds[i] = DenseSvd.top(js[i], js[i].numRows);
        }
        return svds;
    }

    /** {@code max_i σ₁(J_i)}. */
    static double largest(TruncatedSvd[] svds) {
        double max = 0;
        for (TruncatedSvd s : svds) {
            max = Math.max(max, s.value(0));
        }
        return max;
    }

    /** {@code σ_{k+1}(J)/σ₁(J)} (0-based {@code k}), or 0 when {@code J} has no {@code k+1}-th value or is zero. */
    static double ratio(TruncatedSvd svd, int k) {
        return k < svd.rank() && svd.value(0) > 0 ? svd.value(k) / svd.value(0) : 0;
    }

    /** The number of singular values above {@code tol·σ₁(J)}. */
    static int numericalRank(TruncatedSvd svd, double tol) {
        int r = 0;
        for (int k = 0; k < svd.rank(); k++) {
            if (svd.value(k) > tol * svd.value(0)) {
                r++;
            }
        }
        return r;
    }
}
