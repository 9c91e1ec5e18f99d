package org.resalign.core.thm31;

import org.resalign.core.ra.Ra1Line;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * One run of the Theorem 3.1 check (paper §3.2, App. A).
 *
 * @param construction     what was built
 * @param tolerance        the bound every RA1 figure must meet
 * @param predictionError  {@code max_k ‖h_k − ĥ_k‖ / ‖ĥ_k‖} against the theorem's {@code ĥ_k = (k−1)uuᵀh_1 + h_1}
 * @param ra1              RA1 of the propagated trajectory
 * @param ra1Holds         {@code lineDeficit ≤ tol} and {@code spacingCV ≤ tol}: the points are equispaced on a line
 * @param formulaHolds     {@code predictionError ≤ tol}: the theorem's closed form is reproduced
 * @param report           RA1–RA4 of the construction ({@code null} when not requested)
 */
public record Theorem31Result(Theorem31Construction construction, double tolerance, double predictionError,
        Ra1Line ra1, boolean ra1Holds, boolean formulaHolds, ResidualAlignmentReport report) {

    /** Both the closed form and RA1 hold. */
    public boolean holds() {
        return ra1Holds && formulaHolds;
    }
}
