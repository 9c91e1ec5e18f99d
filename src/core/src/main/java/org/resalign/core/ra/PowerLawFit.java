package org.resalign.core.ra;

import org.hipparchus.stat.regression.SimpleRegression;

/**
 * RA4 read as a power law (paper §1.4, Figure 4b: "top singular value ≈ 1/depth"): {@code σ₁(J_i) ∝ i^{−α}}, with
 * {@code α} the least-squares slope of {@code −log σ₁(J_i)} against {@code log i} over blocks {@code from … to}
 * (Hipparchus' {@code SimpleRegression}). Exact RA4 gives {@code α = 1} and {@code R² = 1}; equal singular values (the
 * UJM optimum, §3.3) give {@code α = 0}. Unlike the line through {@code 1/σ₁}, it reads the law in relative terms, so
 * blocks with large {@code 1/σ₁} do not dominate it.
 *
 * @param from     first block (1-based)
 * @param to       last block (1-based, inclusive)
 * @param exponent {@code α}
 * @param rSquared the fit's R² (1 when every {@code σ₁} is equal to rounding, as {@link InverseDepthFit})
 */
public record PowerLawFit(int from, int to, double exponent, double rSquared) {

    /**
     * The fit over every block of {@code sigma1} ({@code sigma1[i-1] = σ₁(J_i)}); null with fewer than two blocks or a
     * zero {@code σ₁}, where the logarithm is undefined.
     */
    public static PowerLawFit of(double[] sigma1) {
        int depth = sigma1.length;
        if (depth < 2) {
            return null;
        }
        SimpleRegression r = new SimpleRegression(true);
        double mean = 0;
        for (int i = 1; i <= depth; i++) {
            double s = sigma1[i - 1];
            if (Double.isNaN(s) || s < 0 || Double.isInfinite(s)) {
                throw new ArithmeticException("σ₁(J_" + i + ") = " + s);
            }
            if (s == 0) {
                return null;
            }
            r.addData(Math.log(i), -Math.log(s));
            mean += -Math.log(s);
        }
        mean /= depth;
        double spread = Math.sqrt(r.getTotalSumSquares() / depth);
        double r2 = spread <= InverseDepthFit.FLAT * Math.max(1, Math.abs(mean)) ? 1 : r.getRSquare();
        double a = r.getSlope();
        if (!Double.isFinite(a) || !Double.isFinite(r2)) {
            throw new ArithmeticException("the power-law fit is not finite: α " + a + ", R² " + r2);
        }
        return new PowerLawFit(1, depth, a, r2);
    }
}
