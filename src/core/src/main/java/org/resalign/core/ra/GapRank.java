package org.resalign.core.ra;

import java.util.Arrays;

/**
 * The rank at which a spectrum drops: the position of its largest gap. Paper §1.4 (RA3) says a Residual Jacobian
 * of a network trained on {@code C} classes has rank at most {@code C}, and Figure 3 shows the singular vectors
 * aligning in a subspace whose dimension grows with {@code C}; this is the threshold-free number both are read as.
 *
 * <p>For values sorted in descending order {@code v_1 ≥ … ≥ v_n ≥ 0},
 * {@code gapRank = argmax_{1 ≤ r < n} v_r / v_{r+1}} (the first maximum; a zero after a positive value is an infinite
 * gap, so an exactly rank-{@code r} spectrum gives {@code r}). A spectrum that does not drop at all inside the window
 * ({@code v_1 = … = v_n > 0}) gives {@code n}: its rank is at least the window. All zeros give 0.
 *
 * <p>{@link #aligned} applies it to {@code |diag(U_jᵀ J_i V_j)|} (paper Figure 3's matrices): the number of
 * {@code J_j}'s singular directions along which {@code J_i} acts strongly, the dimension of the subspace in which the
 * two Jacobians' singular vectors align.
 */
public final class GapRank {

    private GapRank() {
    }

    /** The gap rank of {@code values} (any order, finite, ≥ 0, at least two). */
    public static int of(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("a gap needs at least two values, got " + values.length);
        }
        double[] v = values.clone();
        for (double x : v) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("spectrum values must be finite and ≥ 0, got " + x);
            }
        }
        Arrays.sort(v);
        int n = v.length;
        if (v[n - 1] == 0) {
            return 0;
        }
        int best = n;
        double bestLog = 0;
        for (int r = 1; r < n; r++) {
            double hi = v[n - r];
            double lo = v[n - r - 1];
            if (lo == 0) {
                return r; // the first infinite gap: every earlier one is finite
            }
            double g = Math.log(hi) - Math.log(lo);
            if (g > bestLog) {
                bestLog = g;
                best = r;
            }
        }
        return best;
    }

    /** The gap rank of {@code |diag(m)|} for a square {@code m = U_jᵀ J_i V_j}. */
    public static int aligned(double[][] m) {
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
