package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.DenseOperator;
import org.resalign.core.linalg.KnownSpectrumMatrix;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.thm31.Theorem31Construction;
import org.resalign.core.thm31.Violation;

class ResidualAlignmentReportTest {

    @Test
    void randomizedAndExactSvdGiveTheSameReportOnGappedSpectra() {
        // Blocks with 4 large singular values 1/i·(1, 0.9, 0.8, 0.7) then a drop to 1e-4: the top-4 triplets are
        // well separated, so both methods must agree to rounding.
        int dim = 120;
        int depth = 5;
        List<LinearOperator> js = new ArrayList<>();
        for (int i = 1; i <= depth; i++) {
            double[] sigma = new double[dim];
            for (int t = 0; t < dim; t++) {
                sigma[t] = t < 4 ? (1.0 - 0.1 * t) / i : 1e-4 / (1 + t);
            }
            js.add(new DenseOperator(KnownSpectrumMatrix.of(dim, sigma, 100 + i).matrix()));
        }
        double[][] h = new Theorem31Construction(dim, depth, Violation.RA2, 0.1, 1).trajectory();
        RaSettings settings = new RaSettings(4, 2, 1, 0, 3, 9);
        ResidualAlignmentReport exact = ResidualAlignmentReport.of(js, h, settings, TruncatedSvdMethod.exact());
        ResidualAlignmentReport randomized = ResidualAlignmentReport.of(js, h, settings,
                TruncatedSvdMethod.randomized(3));
        for (int i = 0; i < depth; i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(exact.topSingularValues()[i][k], randomized.topSingularValues()[i][k],
                        1e-12 * exact.topSingularValues()[i][0]);
            }
            for (int j = 0; j < depth; j++) {
                assertEquals(exact.ra2().scores()[i][j], randomized.ra2().scores()[i][j], 1e-9, "i=" + i + " j=" + j);
            }
        }
        assertEquals(exact.ra3().minRankGap(), randomized.ra3().minRankGap(), 1e-9);
        assertEquals(exact.ra4().slope(), randomized.ra4().slope(), 1e-9);
        assertEquals(exact.ra2().chanceLevel(), randomized.ra2().chanceLevel(), 0.0, "same seed, same frames");
    }

    @Test
    void aSingleBlockHasNoRa4FitAndShapesAreChecked() {
        Theorem31Construction c = new Theorem31Construction(6, 1, Violation.NONE, 0, 2);
        ResidualAlignmentReport r = ResidualAlignmentReport.of(c.jacobians(), c.trajectory(),
                new RaSettings(3, 1, 1, 0, 1, 0), TruncatedSvdMethod.exact());
        assertNull(r.ra4());
        assertEquals(1.0, r.ra2().meanOffDiagonal(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ResidualAlignmentReport.of(c.jacobians(),
                new double[][] {{1, 0, 0, 0, 0, 0}}, new RaSettings(3, 1, 1, 0, 1, 0), TruncatedSvdMethod.exact()));
        assertThrows(IllegalArgumentException.class, () -> new RaSettings(3, 3, 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RaSettings(3, 1, 2, 2, 1, 0));
    }

    /**
     * A dead block (zero Jacobian, as a trained network has where every ReLU of a block is off at an input) leaves
     * RA4 without a fit inside its window and the rest measured; outside the window it does not matter.
     */
    @Test
    void aZeroJacobianInTheWindowLeavesRa4Undefined() {
        int dim = 6;
        Theorem31Construction c = new Theorem31Construction(dim, 4, Violation.NONE, 0, 2);
        List<LinearOperator> js = new ArrayList<>(c.jacobians());
        js.set(0, new DenseOperator(new org.ejml.data.DMatrixRMaj(dim, dim)));
        ResidualAlignmentReport dead = ResidualAlignmentReport.of(js, c.trajectory(),
                new RaSettings(3, 1, 1, 0, 4, 0), TruncatedSvdMethod.exact());
        assertNull(dead.ra4());
        assertEquals(0, dead.topSingularValues()[0][0]);
        assertEquals(1.0, dead.ra3().energyTopC()[1], 1e-12);
        ResidualAlignmentReport outside = ResidualAlignmentReport.of(js, c.trajectory(),
                new RaSettings(3, 1, 2, 0, 4, 0), TruncatedSvdMethod.exact());
        assertTrue(outside.ra4() != null, "the dead block is outside the window 2–4: RA4 is fitted");
        assertEquals(1.0, outside.ra4().slope(), 1e-12, "J_i = (1/i)uuᵀ on blocks 2–4");
    }

    @Test
    void kIsClampedToTheDimensionAndPlottedBlocksAreSpread() {
        RaSettings s = new RaSettings(10, 1, 1, 0, 4, 0);
        assertEquals(5, s.forDimension(5).k());
        assertTrue(java.util.Arrays.equals(new int[] {0, 3, 6, 9}, s.plottedBlocks(10)));
        assertTrue(java.util.Arrays.equals(new int[] {0, 1}, s.plottedBlocks(2)));
    }
}
