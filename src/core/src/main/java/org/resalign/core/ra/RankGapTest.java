package org.resalign.core.ra;

import java.util.Arrays;

/**
 * RA3's gap at {@code C} held against the spectrum's own noise (paper §1.4, Figures 3 and 4a; docs/definitions.md
 * §ra). The energy share of the top {@code C} singular values passes any spectrum that decays fast, with or without a
 * rank structure; a Jacobian of rank at most {@code C} shows instead a gap at or before {@code C} larger than any gap in
 * its tail.
 *
 * <p>Per block, from its top-{@code K} singular values {@code s_1 ≥ … ≥ s_K} ({@code K ≥ C + 2}): the gaps
 * {@code g_k = log₁₀(s_k/s_{k+1})}, {@code k = 1 … K−1}, each capped at {@value #CAP} decades (a ratio beyond
 * {@code 10^16} is exact rank to double precision) and 0 where {@code s_k = s_{k+1} = 0} (a zero tail has no gap);
 * the signal {@code G = max_{k≤C} g_k}, the noise reference {@code N = max_{C<k<K} g_k}; {@code excess = G − N}, and
 * the block passes when {@code G − N >} {@value #MARGIN} (more than rounding). A geometric spectrum {@code s_k = r^k} has equal gaps everywhere: excess 0, no
 * pass.
 *
 * @param rank        {@code C}
 * @param topK        {@code K}
 * @param excess      {@code G − N} per block, in decades
 * @param atMostC     per block, {@code G − N >} {@value #MARGIN}: the largest gap lies at or before {@code C}
 * @param medianExcess the median of {@code excess} over blocks
 * @param fraction    the share of blocks that pass
 */
public record RankGapTest(int rank, int topK, double[] excess, boolean[] atMostC, double medianExcess,
        double fraction) {

    /** The largest gap counted, in decades. */
    public static final double CAP = 16;

    /**
     * How much larger than the tail's largest gap the gap at or before {@code C} must be to pass, in decades: the
     * gaps of a geometric spectrum computed in double precision differ by rounding (about 1e-16), which must not pass.
     */
    public static final double MARGIN = 1e-9;

    /**
     * The test of every block's top singular values {@code top[b]} (descending, non-negative, at least {@code C + 2}
     * each); null when some block has fewer than {@code C + 2}, so that no tail gap exists.
     */
    public static RankGapTest of(double[][] top, int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("RA3 rank C must be ≥ 1, got " + rank);
        }
        int depth = top.length;
        int topK = Integer.MAX_VALUE;
        for (double[] s : top) {
            topK = Math.min(topK, s.length);
        }
        if (depth == 0 || topK < rank + 2) {
            return null;
        }
        double[] excess = new double[depth];
        boolean[] pass = new boolean[depth];
        int passed = 0;
        for (int b = 0; b < depth; b++) {
            double[] s = top[b];
            double signal = Double.NEGATIVE_INFINITY;
            double noise = Double.NEGATIVE_INFINITY;
            for (int k = 1; k < topK; k++) {
                double g = gap(s[k - 1], s[k], b);
                if (k <= rank) {
                    signal = Math.max(signal, g);
                } else {
                    noise = Math.max(noise, g);
                }
            }
            excess[b] = signal - noise;
            pass[b] = excess[b] > MARGIN;
            passed += pass[b] ? 1 : 0;
        }
        double[] sorted = excess.clone();
        Arrays.sort(sorted);
        double median = depth % 2 == 1 ? sorted[depth / 2] : (sorted[depth / 2 - 1] + sorted[depth / 2]) / 2;
        return new RankGapTest(rank, topK, excess, pass, median, (double) passed / depth);
    }

    /** {@code log₁₀(a/b)} for {@code a ≥ b ≥ 0}, capped at {@link #CAP}; 0 for {@code a = b = 0}. */
    static double gap(double a, double b, int block) {
        if (!(a >= 0) || !(b >= 0) || Double.isInfinite(a)) {
            throw new ArithmeticException("block " + (block + 1) + " has the singular values " + a + ", " + b);
        }
        if (a == 0) {
            return 0;
        }
        if (b == 0 || a / b > Math.pow(10, CAP)) {
            return CAP;
        }
        return Math.max(0, Math.log10(a / b));
    }
}
