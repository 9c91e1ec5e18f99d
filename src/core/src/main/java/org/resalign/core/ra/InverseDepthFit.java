package org.resalign.core.ra;

import org.hipparchus.stat.regression.SimpleRegression;

/**
 * RA4 (paper §1.4, Figure 4b): the top singular values of the Residual Jacobians scale inversely with depth,
 * {@code σ₁(J_i) ∝ 1/i}. Measured as the least-squares line {@code 1/σ₁(J_i) = a·i + b} over a window of blocks
 * (DESIGN.md), fitted by Hipparchus' {@code SimpleRegression}. Exact RA4 ({@code σ₁(J_i) = c/i}) gives
 * {@code a = 1/c}, {@code b = 0}, {@code R² = 1}; equal singular values (the UJM optimum, §3.3) give {@code a = 0}.
 *
 * @param from           first block of the window (1-based, inclusive)
 * @param to             last block of the window (1-based, inclusive)
 * @param slope          {@code a}
 * @param intercept      {@code b}
 * @param rSquared       coefficient of determination; 1 when all {@code 1/σ₁} in the window are equal (a horizontal
 *                       line fits them exactly)
 * @param inverseSigma1  {@code 1/σ₁(J_i)} of every block, {@code i = 1 … L}
 */
public record InverseDepthFit(int from, int to, double slope, double intercept, double rSquared,
        double[] inverseSigma1) {

    /**
     * Fits blocks {@code from … to} (1-based, inclusive, at least two) of the top singular values {@code sigma1}
     * ({@code sigma1[i-1] = σ₁(J_i)}, all positive and finite).
     */
    public static InverseDepthFit of(double[] sigma1, int from, int to) {
        int depth = sigma1.length;
        if (from < 1 || to > depth || to - from < 1) {
            throw new IllegalArgumentException("RA4 window " + from + ".." + to + " must hold at least two of the "
                    + depth + " blocks");
        }
        double[] inverse = new double[depth];
        for (int i = 0; i < depth; i++) {
            if (!(sigma1[i] > 0) || !Double.isFinite(sigma1[i])) {
                throw new ArithmeticException("σ₁(J_" + (i + 1) + ") = " + sigma1[i] + ": 1/σ₁ is undefined, so RA4 "
                        + "cannot be fitted");
            }
            inverse[i] = 1 / sigma1[i];
        }
        SimpleRegression regression = new SimpleRegression(true);
        for (int i = from; i <= to; i++) {
            regression.addData(i, inverse[i - 1]);
        }
        double slope = regression.getSlope();
        double intercept = regression.getIntercept();
        double total = regression.getTotalSumSquares();
        double r2 = total == 0 ? 1 : regression.getRSquare();
        if (!Double.isFinite(slope) || !Double.isFinite(intercept) || !Double.isFinite(r2)) {
            throw new ArithmeticException("RA4 fit is not finite: slope " + slope + ", intercept " + intercept
                    + ", R² " + r2);
        }
        return new InverseDepthFit(from, to, slope, intercept, r2, inverse);
    }
}
