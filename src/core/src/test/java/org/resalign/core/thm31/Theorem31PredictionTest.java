package org.resalign.core.thm31;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.LowRankOperator;
import org.resalign.core.linalg.TruncatedSvd;

class Theorem31PredictionTest {

    /** Under exact RA2–4 the chain is the theorem's closed-form line ĥ_k = h_1 + (k−1)·uuᵀh_1 (b = 0). */
    @Test
    void exactAssumptionsGiveTheTheoremsLine() {
        Theorem31Construction c = new Theorem31Construction(12, 7, Violation.NONE, 0, 3);
        List<TruncatedSvd> svds = svds(c.jacobians());
        Theorem31Prediction p = Theorem31Prediction.of(svds, c.trajectory());
        double[][] line = c.predicted();
        for (int k = 0; k < line.length; k++) {
            for (int d = 0; d < 12; d++) {
                assertEquals(line[k][d], p.predicted()[k][d], 1e-12);
            }
        }
        assertTrue(p.ra1().lineDeficit() < 1e-20, "deficit " + p.ra1().lineDeficit());
        assertTrue(p.ra1().spacingCV() < 1e-12);
        assertTrue(p.maxRelativeError() < 1e-12, "the chain is the true trajectory of rank-one blocks");
    }

    /** Negative control: with RA4 violated (σ₁ = i^(−1.5)) the predicted spacing is no longer even. */
    @Test
    void violatedRa4PredictsUnevenSpacing() {
        Theorem31Construction c = new Theorem31Construction(12, 7, Violation.RA4, 0.5, 3);
        Theorem31Prediction p = Theorem31Prediction.of(svds(c.jacobians()), c.trajectory());
        assertTrue(p.ra1().spacingCV() > 0.1, "spacing CV " + p.ra1().spacingCV());
    }

    private static List<TruncatedSvd> svds(List<LowRankOperator> js) {
        List<TruncatedSvd> out = new ArrayList<>();
        for (LowRankOperator j : js) {
            out.add(DenseSvd.top(DenseSvd.materialise(j), 2));
        }
        return out;
    }
}
