package org.resalign.core.thm31;

import java.util.ArrayList;
import java.util.List;

/**
 * How far RA1 degrades when one assumption of Theorem 3.1 is broken by {@code ε} (paper §3.2): every violation mode
 * at every {@code ε}, plus the unviolated baseline, on one seed, dimension and depth.
 */
public final class Theorem31Sweep {

    private Theorem31Sweep() {
    }

    /**
     * One sweep point.
     *
     * @param violation       the broken assumption
     * @param epsilon         by how much
     * @param lineDeficit     {@code 1 − lineFraction} of the trajectory
     * @param spacingCV       coefficient of variation of the steps
     * @param predictionError distance to the theorem's closed form
     * @param ra1Holds        both RA1 figures within the tolerance
     */
    public record Point(Violation violation, double epsilon, double lineDeficit, double spacingCV,
            double predictionError, boolean ra1Holds) {
    }

    /**
     * The baseline ({@link Violation#NONE}, {@code ε = 0}) followed by every mode in {@code modes} at every
     * {@code ε} in {@code epsilons}.
     */
    public static List<Point> run(int dim, int depth, long seed, List<Violation> modes, double[] epsilons,
            double tolerance) {
        List<Point> points = new ArrayList<>();
        points.add(point(new Theorem31Construction(dim, depth, Violation.NONE, 0, seed), tolerance));
        for (Violation mode : modes) {
            if (mode == Violation.NONE) {
                continue;
            }
            for (double e : epsilons) {
                points.add(point(new Theorem31Construction(dim, depth, mode, e, seed), tolerance));
            }
        }
        return points;
    }

    private static Point point(Theorem31Construction c, double tolerance) {
        Theorem31Result r = Theorem31Check.run(c, tolerance, null, null);
        return new Point(c.violation(), c.epsilon(), r.ra1().lineDeficit(), r.ra1().spacingCV(), r.predictionError(),
                r.ra1Holds());
    }
}
