package org.resalign.core.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resalign.core.linalg.TruncatedSvd;

class RankProfileTest {

    private static TruncatedSvd values(double... s) {
        return new TruncatedSvd(s, new DMatrixRMaj(s.length + 1, s.length), new DMatrixRMaj(s.length + 1, s.length));
    }

    @Test
    void gapAndEnergyHaveTheirClosedForms() {
        RankProfile p = RankProfile.of(List.of(values(4, 3, 1, 0.5)), 2);
        assertEquals(3.0, p.rankGap()[0], 0);
        assertEquals((16.0 + 9.0) / (16 + 9 + 1 + 0.25), p.energyTopC()[0], 1e-15);
        assertFalse(p.rankAtMostC()[0]);
        assertEquals(4, p.topK());
    }

    @Test
    void rankAtMostCHasInfiniteGapAndFullEnergy() {
        RankProfile p = RankProfile.of(List.of(values(2, 0, 0), values(0, 0, 0)), 1);
        assertEquals(Double.POSITIVE_INFINITY, p.rankGap()[0]);
        assertTrue(p.rankAtMostC()[0] && p.rankAtMostC()[1]);
        assertEquals(1.0, p.energyTopC()[0], 0);
        assertEquals(1.0, p.energyTopC()[1], 0);
        assertEquals(1.0, p.minEnergyTopC(), 0);
    }

    @Test
    void anOverflowingGapCountsAsRankAtMostC() {
        RankProfile p = RankProfile.of(List.of(values(1, Double.MIN_VALUE, 0)), 1);
        assertEquals(Double.POSITIVE_INFINITY, p.rankGap()[0]);
        assertTrue(p.rankAtMostC()[0], "an infinite gap and rankAtMostC agree");
    }

    @Test
    void aPlantedExtraRankIsSeen() {
        RankProfile p = RankProfile.of(List.of(values(1, 1e-9, 0), values(1, 0.5, 0.1)), 1);
        assertEquals(2.0, p.minRankGap(), 1e-15);
        assertEquals(1 / 1.26, p.minEnergyTopC(), 1e-15);
    }

    @Test
    void needsMoreValuesThanTheRank() {
        assertThrows(IllegalArgumentException.class, () -> RankProfile.of(List.of(values(1, 0.5)), 2));
        assertThrows(IllegalArgumentException.class, () -> RankProfile.of(List.of(values(1, 0.5)), 0));
    }
}
