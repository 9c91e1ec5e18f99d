package org.resalign.core.ra;

import java.util.List;

import org.resalign.core.linalg.TruncatedSvd;

/**
 * RA3 (paper §1.4, Figures 3 and 4): a Residual Jacobian of a network trained on {@code C} classes has rank at most
 * {@code C}.
 *
 * <p>Per block, from its top-{@code K} singular values: {@code rankGap = σ_C/σ_{C+1}} and
 * {@code energyTopC = Σ_{k≤C} σ_k² / Σ_{k≤K} σ_k²} (docs/definitions.md §ra). A Jacobian of rank at most {@code C} has
 * {@code σ_{C+1} = 0}: its gap is infinite (written as {@code null} in JSON, where {@code rankAtMostC} says so), and
 * its energy share is 1; a zero Jacobian counts as rank 0, share 1.
 *
 * @param rank              the bound {@code C} (Theorem 3.1's proof takes 1 for binary classification, App. A)
 * @param topK              {@code K}, the number of singular values the energy is taken over
 * @param rankGap           {@code σ_C/σ_{C+1}} per block ({@code +∞} when {@code σ_{C+1} = 0})
 * @param energyTopC        the energy share of the top {@code C} per block
 * @param rankAtMostC       per block, the gap is infinite: {@code σ_{C+1} = 0}, or so small against {@code σ_C} that
 *                          the ratio overflows
 * @param minRankGap        the smallest gap over blocks
 * @param minEnergyTopC     the smallest share over blocks
 */
public record RankProfile(int rank, int topK, double[] rankGap, double[] energyTopC, boolean[] rankAtMostC,
        double minRankGap, double minEnergyTopC) {

    /** RA3 for the blocks' top singular values; every SVD needs at least {@code rank + 1} values. */
    public static RankProfile of(List<TruncatedSvd> svds, int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("RA3 rank C must be ≥ 1, got " + rank);
        }
        int depth = svds.size();
        double[] gap = new double[depth];
        double[] energy = new double[depth];
        boolean[] low = new boolean[depth];
        int topK = Integer.MAX_VALUE;
        double minGap = Double.POSITIVE_INFINITY;
        double minEnergy = 1;
        for (int b = 0; b < depth; b++) {
            double[] s = svds.get(b).singularValues();
            if (s.length < rank + 1) {
                throw new IllegalArgumentException("block " + (b + 1) + " has " + s.length
                        + " singular values; RA3 with C = " + rank + " needs " + (rank + 1));
            }
            topK = Math.min(topK, s.length);
            gap[b] = s[rank] == 0 ? Double.POSITIVE_INFINITY : s[rank - 1] / s[rank];
            low[b] = gap[b] == Double.POSITIVE_INFINITY;
            energy[b] = energyShare(s, rank);
            minGap = Math.min(minGap, gap[b]);
            minEnergy = Math.min(minEnergy, energy[b]);
        }
        return new RankProfile(rank, topK, gap, energy, low, minGap, minEnergy);
    }

    /** {@code Σ_{k≤C}σ_k²/Σσ_k²}, scaled by {@code σ₁} against overflow; 1 for a zero vector. */
    static double energyShare(double[] s, int c) {
        double scale = s[0];
        if (scale == 0) {
            return 1;
        }
        double top = 0;
        double all = 0;
        for (int k = 0; k < s.length; k++) {
            double t = (s[k] / scale) * (s[k] / scale);
            all += t;
            if (k < c) {
                top += t;
            }
        }
        return top / all;
    }
}
