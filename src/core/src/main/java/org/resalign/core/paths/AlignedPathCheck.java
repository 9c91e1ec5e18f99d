package org.resalign.core.paths;

/**
 * The path shares at Theorem 3.3's aligned optimum. With {@code J_i = s·uuᵀ}, {@code w = ω·u}, {@code u = Δx/‖Δx‖}
 * (paper §3.3), every path through {@code k} branches maps {@code Δx} to {@code s^k‖Δx‖u}, so the length-{@code k}
 * part of the margin is {@code C(L,k)·s^k·ω‖Δx‖} and its share {@code C(L,k)s^k/(1+s)^L}: the probabilities of
 * Binomial(L, s/(1+s)), whose mean {@code L·s/(1+s)} is the effective path length. Measured shares hold the
 * prediction when none differs from it by more than the tolerance.
 *
 * @param s                   the aligned optimum's singular value, from the aligned family's own minimisation
 * @param p                   {@code s/(1+s)}
 * @param binomial            Binomial(L, p) at {@code k = 0..L}
 * @param effectivePathLength {@code L·p}
 * @param maxDeviation        {@code max_k |pathShare_k − binomial_k|}
 * @param tolerance           the largest deviation that holds
 * @param holds               {@code maxDeviation ≤ tolerance}
 */
public record AlignedPathCheck(double s, double p, double[] binomial, double effectivePathLength, double maxDeviation,
                               double tolerance, boolean holds) {

    /** Judges {@code pathShare} (lengths 0..L) against Binomial(L, s/(1+s)). NaN shares never hold. */
    public static AlignedPathCheck judge(double[] pathShare, double s, double tolerance) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("s must be finite and ≥ 0, got " + s);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be ≥ 0, got " + tolerance);
        }
        int depth = pathShare.length - 1;
        double p = s / (1 + s);
        double[] binomial = PathShares.binomial(depth, p);
        double max = 0;
        for (int k = 0; k <= depth; k++) {
            double d = Math.abs(pathShare[k] - binomial[k]);
            max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
            if (Double.isNaN(max)) {
                break;
            }
        }
        return new AlignedPathCheck(s, p, binomial, depth * p, max, tolerance, max <= tolerance);
    }
}
