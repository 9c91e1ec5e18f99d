package org.resalign.core.paths;

/**
 * The path shares at Theorem 3.3's aligned optimum. With {@code J_i = s·uuᵀ}, {@code w = ω·u}, {@code u = Δx/‖Δx‖}
 * (paper §3.3), every path through {@code k} branches maps {@code Δx} to {@code s^k‖Δx‖u}, so the length-{@code k}
 * part of the margin is {@code C(L,k)·s^k·ω‖Δx‖} and its share {@code C(L,k)s^k/(1+s)^L}: the probabilities of
 * Binomial(L, s/(1+s)), whose mean {@code L·s/(1+s)} is the effective path length. Deleting block {@code i} (the
 * lesion of Veit et al. §4, {@code J_i = 0}) removes the factor {@code 1+s} from the margin
 * {@code ω‖Δx‖(1+s)^L}: the margin is divided by {@code 1+s}, whichever block it is. Measured shares and lesions hold
 * the prediction when none differs from it by more than the tolerance.
 *
 * @param s                   the aligned optimum's singular value, from the aligned family's own minimisation
 * @param p                   {@code s/(1+s)}
 * @param binomial            Binomial(L, p) at {@code k = 0..L}
 * @param effectivePathLength {@code L·p}
 * @param maxDeviation        {@code max_k |pathShare_k − binomial_k|}
 * @param lesionRatio         {@code 1/(1+s)}: the margin with one block deleted over the whole margin
 * @param maxLesionDeviation  {@code max_i |lesionMarginRatio_i − 1/(1+s)|} (0 when no lesions were given)
 * @param tolerance           the largest deviation that holds
 * @param holds               both deviations {@code ≤ tolerance}
 */
public record AlignedPathCheck(double s, double p, double[] binomial, double effectivePathLength, double maxDeviation,
                               double lesionRatio, double maxLesionDeviation, double tolerance, boolean holds) {

    /** {@link #judge(double[], double[], double, double)} without lesions. */
    public static AlignedPathCheck judge(double[] pathShare, double s, double tolerance) {
        return judge(pathShare, new double[0], s, tolerance);
    }

    /**
     * Judges {@code pathShare} (lengths 0..L) against Binomial(L, s/(1+s)) and each of {@code lesionMarginRatio}
     * against {@code 1/(1+s)}. NaN never holds.
     */
    public static AlignedPathCheck judge(double[] pathShare, double[] lesionMarginRatio, double s, double tolerance) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("s must be finite and ≥ 0, got " + s);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be ≥ 0, got " + tolerance);
        }
        int depth = pathShare.length - 1;
        double p = s / (1 + s);
        double[] binomial = PathShares.binomial(depth, p);
        double max = maxDeviation(pathShare, binomial);
        double ratio = 1 / (1 + s);
        double[] predicted = new double[lesionMarginRatio.length];
        java.util.Arrays.fill(predicted, ratio);
        double lesions = maxDeviation(lesionMarginRatio, predicted);
        return new AlignedPathCheck(s, p, binomial, depth * p, max, ratio, lesions, tolerance,
                max <= tolerance && lesions <= tolerance);
    }

    /** {@code max |a_k − b_k|}, NaN if any difference is. */
    private static double maxDeviation(double[] a, double[] b) {
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            double d = Math.abs(a[k] - b[k]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
