package org.resalign.core.ra;

import org.hipparchus.stat.regression.SimpleRegression;

import org.resalign.core.input.InvalidInputException;

/**
 * RA4 (paper §1.4, Figure 4b): the top singular values of the Residual Jacobians scale inversely with depth,
 * {@code σ₁(J_i) ∝ 1/i}. Measured as the least-squares line {@code 1/σ₁(J_i) = a·i + b} over a window of blocks
 * (docs/definitions.md §ra), fitted by Hipparchus' {@code SimpleRegression}. Exact RA4 ({@code σ₁(J_i) = c/i}) gives
 * {@code a = 1/c}, {@code b = 0}, {@code R² = 1}; equal singular values (the UJM optimum, §3.3) give {@code a = 0}.
 *
 * @param from           first block of the window (1-based, inclusive)
 * @param to             last block of the window (1-based, inclusive)
 * @param slope          {@code a}
 * @param intercept      {@code b}
 * @param rSquared       coefficient of determination; 1 when the {@code 1/σ₁} in the window are equal to
 *                       {@code 1e-12} relative (a horizontal line fits them to rounding). Near a zero slope, e.g. at
 *                       the UJM optimum whose σ₁ are equal to the solver's tolerance, R² measures noise: read the
 *                       slope.
 * @param inverseSigma1  {@code 1/σ₁(J_i)} of every block, {@code i = 1 … L} (infinite, {@code null} in JSON, for a
 *                       zero Jacobian outside the window)
 */
public record InverseDepthFit(int from, int to, double slope, double intercept, double rSquared,
        double[] inverseSigma1) {

    /**
     * Relative spread of {@code 1/σ₁} over the window below which the values count as equal (rounding), and
     * {@code R² = 1}: otherwise R² of a flat profile would be a ratio of rounding errors, anywhere in [0, 1].
     */
    static final double FLAT = 1e-12;

    private static final double INFINITY = Double.POSITIVE_INFINITY;

    /**
     * Fits blocks {@code from … to} (1-based, inclusive, at least two) of the top singular values {@code sigma1}
     * ({@code sigma1[i-1] = σ₁(J_i)}: positive and finite inside the window, ≥ 0 outside it, so a dead block can be
     * left out of the window).
     */
    public static InverseDepthFit of(double[] sigma1, int from, int to) {
        int depth = sigma1.length;
        if (from < 1 || to > depth || to - from < 1) {
            throw new InvalidInputException("windowFrom", "the RA4 window {windowFrom}..{windowTo} = " + from + ".." + to
                    + " must hold at least two of the " + depth + " blocks");
        }
        double[] inverse = new double[depth];
        for (int i = 0; i < depth; i++) {
            boolean inWindow = i + 1 >= from && i + 1 <= to;
            if (Double.isNaN(sigma1[i]) || sigma1[i] < 0 || (inWindow && !(sigma1[i] > 0 && sigma1[i] < INFINITY))) {
                throw new ArithmeticException("σ₁(J_" + (i + 1) + ") = " + sigma1[i] + ": 1/σ₁ is undefined, so RA4 "
                        + "cannot be fitted" + (inWindow ? " on blocks " + from + "–" + to : ""));
            }
            inverse[i] = 1 / sigma1[i];
        }
        SimpleRegression regression = new SimpleRegression(true);
        double mean = 0;
        for (int i = from; i <= to; i++) {
            regression.addData(i, inverse[i - 1]);
            mean += inverse[i - 1];
        }
        mean /= to - from + 1;
        double slope = regression.getSlope();
        double intercept = regression.getIntercept();
        double total = regression.getTotalSumSquares();
        double spread = Math.sqrt(total / (to - from + 1));
        double r2 = spread <= FLAT * Math.abs(mean) ? 1 : regression.getRSquare();
        if (!Double.isFinite(slope) || !Double.isFinite(intercept) || !Double.isFinite(r2)) {
            throw new ArithmeticException("RA4 fit is not finite: slope " + slope + ", intercept " + intercept
                    + ", R² " + r2);
        }
        return new InverseDepthFit(from, to, slope, intercept, r2, inverse);
    }
}
