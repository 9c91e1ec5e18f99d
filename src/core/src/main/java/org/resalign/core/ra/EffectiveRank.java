package org.resalign.core.ra;

/**
 * The effective rank of a spectrum: its participation ratio {@code (Σ v_k²)² / Σ v_k⁴}. Paper §1.4 (RA3) says a
 * Residual Jacobian of a network trained on {@code C} classes has rank at most {@code C}, and Figure 3 shows the
 * singular vectors aligning in a subspace whose dimension grows with {@code C}; this is the one threshold-free number
 * both are read as here.
 *
 * <p>{@code r} equal nonzero values and any number of zeros give exactly {@code r}; values far below the largest
 * barely count (a tail of rounding noise does not move it, unlike a largest-gap rule, whose log ratios the tiniest
 * values dominate); all zeros give 0. It is computed scaled by the largest value, so it neither overflows nor
 * underflows.
 *
 * <p>{@link #aligned} applies it to {@code |diag(U_jᵀ J_i V_j)|} (paper Figure 3's matrices): how many of {@code J_j}'s
 * singular directions {@code J_i} acts along, i.e. the dimension of the subspace in which the two Jacobians act.
 */
public final class EffectiveRank {

    private EffectiveRank() {
    }

    /** The participation ratio of {@code values} (finite, ≥ 0, at least one). */
    public static double of(double[] values) {
        if (values.length < 1) {
            throw new IllegalArgumentException("an effective rank needs at least one value");
        }
        double max = 0;
        for (double x : values) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("spectrum values must be finite and ≥ 0, got " + x);
            }
            max = Math.max(max, x);
        }
        if (max == 0) {
            return 0;
        }
        double s2 = 0;
        double s4 = 0;
        for (double x : values) {
            double q = (x / max) * (x / max);
            s2 += q;
            s4 += q * q;
        }
        return s2 * s2 / s4;
    }

    /** The effective rank of {@code |diag(m)|} for a square {@code m = U_jᵀ J_i V_j}. */
    public static double aligned(double[][] m) {
        double[] d = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            if (m[r].length != m.length) {
                throw new IllegalArgumentException("the alignment matrix must be square, row " + r + " has "
                        + m[r].length + " entries, expected " + m.length);
            }
            d[r] = Math.abs(m[r][r]);
        }
        return of(d);
    }
}
