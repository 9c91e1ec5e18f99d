package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.resalign.core.seed.Seeds;

class Ra1LineTest {

    /** moves() is exactly the trajectories of() accepts: a constant one (signed zeros alike) is refused by both. */
    @Test
    void movesAgreesWithWhatOfAccepts() {
        double[][] still = {{0.0, 1.5}, {-0.0, 1.5}, {0.0, 1.5}};
        assertTrue(!Ra1Line.moves(still));
        assertThrows(IllegalArgumentException.class, () -> Ra1Line.of(still));
        double[][] tiny = {{1e-300, 0}, {0, 0}, {0, 0}};
        assertTrue(Ra1Line.moves(tiny));
        assertTrue(Ra1Line.of(tiny).meanSpacing() > 0);
    }

    @Test
    void equispacedCollinearPointsHaveFractionOneAndNoSpread() {
        double[] start = {0.3, -1.2, 2.0, 0.5};
        double[] step = {0.1, 0.4, -0.2, 0.7};
        double[][] h = new double[9][4];
        for (int i = 0; i < 9; i++) {
            for (int c = 0; c < 4; c++) {
                h[i][c] = start[c] + i * step[c];
            }
        }
        Ra1Line r = Ra1Line.of(h);
        assertEquals(1.0, r.lineFraction(), 1e-15);
        assertTrue(r.lineDeficit() < 1e-28, "deficit " + r.lineDeficit());
        assertTrue(r.spacingCV() < 1e-14, "cv " + r.spacingCV());
        assertEquals(Math.sqrt(0.01 + 0.16 + 0.04 + 0.49), r.meanSpacing(), 1e-14);
    }

    @Test
    void spacingCvHasItsClosedForm() {
        // Steps of length 1, 2, 3 on the x-axis: mean 2, population std √(2/3).
        double[][] h = {{0, 0}, {1, 0}, {3, 0}, {6, 0}};
        Ra1Line r = Ra1Line.of(h);
        assertEquals(Math.sqrt(2.0 / 3.0) / 2.0, r.spacingCV(), 1e-15);
        assertEquals(1.0, r.lineFraction(), 1e-15);
    }

    @Test
    void lineFractionAgreesWithCommonsMathOnRandomTrajectories() {
        RandomGenerator rng = Seeds.stream(11, Seeds.Purpose.DATA);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(30);
            int d = 1 + rng.nextInt(40);
            double[][] h = new double[n][d];
            for (double[] row : h) {
                for (int c = 0; c < d; c++) {
                    row[c] = rng.nextGaussian() * (1 + c);
                }
            }
            double[][] centred = centre(h);
            double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(centred)).getSingularValues();
            double total = 0;
            for (double v : s) {
                total += v * v;
            }
            Ra1Line r = Ra1Line.of(h);
            assertEquals(s[0] * s[0] / total, r.lineFraction(), 1e-12, "n=" + n + " d=" + d);
            assertEquals(1.0, r.lineFraction() + r.lineDeficit(), 1e-14);
        }
    }

    @Test
    void deficitResolvesBendsFarBelowRounding() {
        // Points (i, δ·i²): the deficit is of order δ², far below 1e-16 for δ = 1e-12.
        double delta = 1e-12;
        double[][] h = new double[6][2];
        for (int i = 0; i < 6; i++) {
            h[i][0] = i;
            h[i][1] = delta * i * i;
        }
        Ra1Line r = Ra1Line.of(h);
        assertTrue(r.lineDeficit() > 1e-27 && r.lineDeficit() < 1e-23, "deficit " + r.lineDeficit());
    }

    @Test
    void bothFiguresAreScaleInvariantFromTinyToHuge() {
        double[][] shape = {{0, 0}, {1, 2}, {2, 4.1}, {3, 6}};
        Ra1Line unit = Ra1Line.of(shape);
        for (double scale : new double[] {1e-300, 1e-160, 1e200}) {
            double[][] h = new double[4][2];
            for (int i = 0; i < 4; i++) {
                h[i][0] = shape[i][0] * scale;
                h[i][1] = shape[i][1] * scale;
            }
            Ra1Line r = Ra1Line.of(h);
            assertEquals(unit.spacingCV(), r.spacingCV(), 1e-12 * unit.spacingCV(), "scale " + scale);
            assertEquals(unit.lineDeficit(), r.lineDeficit(), 1e-9 * unit.lineDeficit(), "scale " + scale);
        }
        assertTrue(unit.spacingCV() > 0.01, "the planted unequal step must show");
    }

    @Test
    void aBentTrajectoryFailsTheLineTest() {
        double[][] h = {{0, 0}, {1, 0}, {2, 0.1}, {3, 0.3}};
        assertTrue(Ra1Line.of(h).lineDeficit() > 1e-4);
    }

    @Test
    void rejectsDegenerateAndNonFiniteTrajectories() {
        assertThrows(IllegalArgumentException.class, () -> Ra1Line.of(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Ra1Line.of(new double[][] {{1, 2}, {1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Ra1Line.of(new double[][] {{1, 2}, {1}}));
        assertThrows(ArithmeticException.class, () -> Ra1Line.of(new double[][] {{1, 2}, {Double.NaN, 2}}));
    }

    static double[][] centre(double[][] h) {
        int n = h.length;
        int d = h[0].length;
        double[][] c = new double[n][d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] row : h) {
                m += row[j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                c[i][j] = h[i][j] - m;
            }
        }
        return c;
    }
}
