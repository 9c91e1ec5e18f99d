package org.resalign.core.thm31;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.ra.Ra1Line;
import org.resalign.core.ra.RaSettings;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * Checks Theorem 3.1 (paper §3.2, App. A) on a {@link Theorem31Construction}: propagates {@code h}, compares it
 * with the closed form {@code h_k = (k−1)uuᵀh_1 + h_1}, and measures RA1 ({@link Ra1Line}); on request, also the full
 * RA1–RA4 report of the Jacobians, which shows that a violation breaks the assumption it names.
 */
public final class Theorem31Check {

    /** Default bound on every RA1 figure: rounding over hundreds of blocks stays far below it. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    private Theorem31Check() {
    }

    /**
     * @param construction the Jacobians and input
     * @param tolerance    bound on the prediction error, the distance from the line {@code √(1 − lineFraction)} and
     *                     the spacing CV
     * @param settings     RA report settings, or {@code null} for RA1 only
     * @param method       how the report takes singular triplets (ignored when {@code settings} is null)
     */
    public static Theorem31Result run(Theorem31Construction construction, double tolerance, RaSettings settings,
            TruncatedSvdMethod method) {
        if (!(tolerance > 0)) {
            throw new InvalidInputException("tolerance", "{tolerance} must be > 0, got " + tolerance);
        }
        double[][] h = construction.trajectory();
        double[][] predicted = construction.predicted();
        double error = 0;
        for (int k = 0; k < h.length; k++) {
            error = Math.max(error, relativeDistance(h[k], predicted[k]));
        }
        Ra1Line ra1 = Ra1Line.of(h);
        boolean ra1Holds = ra1Holds(ra1, tolerance);
        ResidualAlignmentReport report = settings == null ? null
                : ResidualAlignmentReport.of(construction.jacobians(), h, settings, method);
        return new Theorem31Result(construction, tolerance, error, ra1, ra1Holds, error <= tolerance, report);
    }

    /**
     * RA1 to {@code tol}: the relative RMS distance of the points from their best line, {@code √(1 − lineFraction)},
     * and the spacing CV are both at most {@code tol}. (The deficit itself is a squared distance; comparing it with
     * the same bound as the CV would accept points {@code √tol} off the line.)
     */
    public static boolean ra1Holds(Ra1Line ra1, double tol) {
        return Math.sqrt(ra1.lineDeficit()) <= tol && ra1.spacingCV() <= tol;
    }

    /** {@code ‖a − b‖ / ‖b‖}. */
    static double relativeDistance(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int c = 0; c < a.length; c++) {
            diff += (a[c] - b[c]) * (a[c] - b[c]);
            norm += b[c] * b[c];
        }
        double r = Math.sqrt(diff / norm);
        if (!Double.isFinite(r)) {
            throw new ArithmeticException("prediction error is " + r);
        }
        return r;
    }
}
