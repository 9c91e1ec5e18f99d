package org.resalign.core.thm31;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.ra.RaSettings;
import org.resalign.core.ra.ResidualAlignmentReport;

class Theorem31CheckTest {

    @ParameterizedTest(name = "D={0} L={1}")
    @CsvSource({"2,1", "2,256", "16,2", "64,16", "64,256", "1000,64", "4096,256"})
    void theoremHoldsToRoundingUpToDepth256(int dim, int depth) {
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(dim, depth, Violation.NONE, 0, 7), 1e-12,
                null, null);
        assertTrue(r.holds(), "prediction " + r.predictionError() + " deficit " + r.ra1().lineDeficit()
                + " cv " + r.ra1().spacingCV());
        assertTrue(r.predictionError() < 1e-13, "error " + r.predictionError());
    }

    @Test
    void theConstructionSatisfiesRa2Ra3Ra4ByTheReport() {
        Theorem31Construction c = new Theorem31Construction(40, 12, Violation.NONE, 0, 3);
        Theorem31Result r = Theorem31Check.run(c, 1e-12, new RaSettings(6, 1, 1, 0, 4, 3), TruncatedSvdMethod.exact());
        ResidualAlignmentReport rep = r.report();
        assertEquals(1.0, rep.ra2().meanOffDiagonal(), 1e-12);
        assertTrue(rep.ra2().chanceLevel() < 0.9);
        assertEquals(1.0, rep.ra3().minEnergyTopC(), 1e-15);
        assertTrue(rep.ra3().minRankGap() > 1e12, "rank one: σ₂ is rounding");
        assertEquals(1.0, rep.ra4().slope(), 1e-12);
        assertEquals(0.0, rep.ra4().intercept(), 1e-11);
        assertEquals(1.0, rep.ra4().rSquared(), 1e-14);
        assertEquals(1.0, rep.ra1().lineFraction(), 1e-15);
    }

    @ParameterizedTest(name = "{0} ε={1}")
    @CsvSource({"ra2,1e-6", "ra2,1e-3", "ra2,0.1", "ra3,1e-6", "ra3,1e-3", "ra3,0.5", "ra4,1e-6", "ra4,1e-3",
        "ra4,0.5"})
    void everyViolationBreaksRa1Measurably(String mode, double epsilon) {
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(32, 16, Violation.parse(mode), epsilon, 7),
                1e-12, null, null);
        assertFalse(r.ra1Holds(), mode + " must break RA1: deficit " + r.ra1().lineDeficit() + " cv "
                + r.ra1().spacingCV());
        assertFalse(r.formulaHolds());
        assertTrue(Math.max(Math.sqrt(r.ra1().lineDeficit()), r.ra1().spacingCV()) > 1e-9,
                "the break must be far above rounding");
    }

    @Test
    void ra4BreaksTheSpacingButKeepsTheLine() {
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(32, 16, Violation.RA4, 0.3, 7), 1e-12, null,
                null);
        assertTrue(r.ra1().lineDeficit() < 1e-14, "rank one aligned Jacobians keep a line");
        assertTrue(r.ra1().spacingCV() > 0.1, "cv " + r.ra1().spacingCV());
    }

    @Test
    void anEqualSecondRankRestoresTheLineButNotTheFormula() {
        // J_i = (1/i)(uuᵀ + wwᵀ): both directions grow by ∏(1+1/i) = k, so the points are equispaced on a line,
        // though not on the line the theorem predicts.
        Theorem31Result r = Theorem31Check.run(new Theorem31Construction(32, 16, Violation.RA3, 1.0, 7), 1e-12, null,
                null);
        assertTrue(r.ra1Holds(), "deficit " + r.ra1().lineDeficit() + " cv " + r.ra1().spacingCV());
        assertFalse(r.formulaHolds());
    }

    @Test
    void degradationGrowsWithEpsilon() {
        List<Theorem31Sweep.Point> points = Theorem31Sweep.run(24, 16, 5,
                List.of(Violation.RA2, Violation.RA3, Violation.RA4), new double[] {1e-4, 1e-3, 1e-2}, 1e-12);
        assertEquals(10, points.size());
        assertTrue(points.get(0).ra1Holds(), "baseline");
        for (int m = 0; m < 3; m++) {
            double previous = 0;
            for (int e = 0; e < 3; e++) {
                Theorem31Sweep.Point p = points.get(1 + 3 * m + e);
                double size = Math.max(p.lineDeficit(), p.spacingCV());
                assertTrue(size > previous, p + " should degrade more than " + previous);
                previous = size;
            }
        }
    }

    @Test
    void sameSeedSameTrajectory() {
        double[][] a = new Theorem31Construction(8, 4, Violation.RA2, 0.2, 1).trajectory();
        double[][] b = new Theorem31Construction(8, 4, Violation.RA2, 0.2, 1).trajectory();
        for (int k = 0; k < a.length; k++) {
            assertTrue(java.util.Arrays.equals(a[k], b[k]));
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Theorem31Construction(1, 4, Violation.NONE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Theorem31Construction(4, 0, Violation.NONE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Theorem31Construction(4, 4, Violation.RA2, -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Theorem31Construction(4, 4, Violation.RA2, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Violation.parse("ra5"));
    }
}
