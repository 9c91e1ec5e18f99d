package org.resalign.core.ra;

import java.util.ArrayList;
import java.util.List;

import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.linalg.TruncatedSvdMethod;

/**
 * The four properties of Residual Alignment (paper §1.4) measured on one list of Residual Jacobians
 * {@code J_1 … J_L} and the representation trajectory {@code h_1 … h_{L+1}} of one input, with the metrics of
 * docs/definitions.md §ra: RA1 {@link Ra1Line}, RA2 {@link AlignmentGrid}, RA3 {@link RankProfile}, RA4 {@link InverseDepthFit}.
 * The same report serves the Theorem 3.1 checker, the UJM optimum and trained networks.
 *
 * @param dim               {@code D}
 * @param depth             {@code L}
 * @param settings          what was measured
 * @param topSingularValues the top-{@code k} singular values of every block (paper Figure 4a)
 * @param ra1               line and spacing of the trajectory
 * @param ra2               alignment grid and chance level
 * @param ra3               rank gap and energy share per block
 * @param ra4               fit of {@code 1/σ₁} against depth ({@code null} for a single block, where no line can be
 *                          fitted, and when a block of the window has a zero Jacobian, where {@code 1/σ₁} is
 *                          infinite: a dead block of a trained network at that input)
 * @param ra3Gap            RA3's gap at {@code C} against the spectrum's tail ({@link RankGapTest}; null when
 *                          {@code k < C + 2})
 * @param ra4Late           the RA4 line over the late window ({@link #lateWindowFrom}: the last {@code ⌈L/2⌉} blocks,
 *                          at least two), where the paper reads RA4 once RA has set in (Figure 4b); exact RA4 gives
 *                          slope 1 and intercept 0 there in absolute scale; null for one block or a zero {@code σ₁} in
 *                          the window
 * @param ra4Exponent       {@code α} of {@code σ₁ ∝ i^{−α}} over every block ({@link PowerLawFit}; null for one block or
 *                          a zero {@code σ₁})
 */
public record ResidualAlignmentReport(int dim, int depth, RaSettings settings, double[][] topSingularValues,
        Ra1Line ra1, AlignmentGrid ra2, RankProfile ra3, InverseDepthFit ra4, RankGapTest ra3Gap,
        InverseDepthFit ra4Late, PowerLawFit ra4Exponent) {

    /** The report with the measures that follow from the top singular values derived from them. */
    public ResidualAlignmentReport(int dim, int depth, RaSettings settings, double[][] topSingularValues, Ra1Line ra1,
            AlignmentGrid ra2, RankProfile ra3, InverseDepthFit ra4) {
        this(dim, depth, settings, topSingularValues, ra1, ra2, ra3, ra4,
                RankGapTest.of(topSingularValues, settings.rank()), lateFit(topSingularValues),
                PowerLawFit.of(firstColumn(topSingularValues)));
    }

    /** The first block of the late RA4 window of a network of {@code depth ≥ 2} blocks: the last ⌈L/2⌉, at least 2. */
    public static int lateWindowFrom(int depth) {
        return depth - Math.max(2, (depth + 1) / 2) + 1;
    }

    private static double[] firstColumn(double[][] top) {
        double[] s = new double[top.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = top[i][0];
        }
        return s;
    }

    private static InverseDepthFit lateFit(double[][] top) {
        double[] s = firstColumn(top);
        int depth = s.length;
        if (depth < 2) {
            return null;
        }
        int from = lateWindowFrom(depth);
        for (int i = from - 1; i < depth; i++) {
            if (s[i] == 0) {
                return null;
            }
        }
        return InverseDepthFit.of(s, from, depth);
    }

    /**
     * Measures RA1–RA4 with the default settings ({@link RaSettings#defaults}, seed 0): exact top triplets up to
     * {@link TruncatedSvdMethod#EXACT_LIMIT}, the randomized SVD beyond.
     *
     * @param jacobians  {@code J_1 … J_L}, square, all {@code D×D} (one's own, as {@link LinearOperator}s:
     *                   {@link org.resalign.core.linalg.DenseOperator} for a formed matrix)
     * @param trajectory {@code h_1 … h_{L+1}}, rows of length {@code D}
     */
    public static ResidualAlignmentReport of(List<? extends LinearOperator> jacobians, double[][] trajectory) {
        return of(jacobians, trajectory, RaSettings.defaults(0), TruncatedSvdMethod.automatic(0));
    }

    /**
     * Measures RA1–RA4.
     *
     * @param jacobians  {@code J_1 … J_L}, square, all {@code D×D}
     * @param trajectory {@code h_1 … h_{L+1}}, rows of length {@code D}
     * @param settings   what to measure ({@code k} is clamped to {@code D})
     * @param method     how the top singular triplets are computed
     */
    public static ResidualAlignmentReport of(List<? extends LinearOperator> jacobians, double[][] trajectory,
            RaSettings settings, TruncatedSvdMethod method) {
        int depth = jacobians.size();
        if (depth == 0) {
            throw new IllegalArgumentException("no Jacobians");
        }
        int dim = jacobians.get(0).rows();
        if (trajectory.length != depth + 1) {
            throw new IllegalArgumentException("a trajectory through " + depth + " blocks has " + (depth + 1)
                    + " points, got " + trajectory.length);
        }
        RaSettings s = settings.forDimension(dim);
        List<TruncatedSvd> svds = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            LinearOperator j = jacobians.get(i);
            if (j.rows() != dim || j.cols() != dim) {
                throw new IllegalArgumentException("J_" + (i + 1) + " is " + j.rows() + "×" + j.cols() + ", J_1 is "
                        + dim + "×" + dim);
            }
            svds.add(method.top(j, s.k()));
        }
        return of(jacobians, trajectory, s, svds);
    }

    /**
     * Measures RA1–RA4 from singular triplets already computed (at least {@code k} per block), for callers that
     * use them again, e.g. for the Theorem 3.1 prediction.
     */
    public static ResidualAlignmentReport of(List<? extends LinearOperator> jacobians, double[][] trajectory,
            RaSettings settings, List<TruncatedSvd> svds) {
        int depth = jacobians.size();
        if (depth == 0 || svds.size() != depth) {
            throw new IllegalArgumentException("need one SVD per Jacobian, got " + depth + " and " + svds.size());
        }
        if (trajectory.length != depth + 1) {
            throw new IllegalArgumentException("a trajectory through " + depth + " blocks has " + (depth + 1)
                    + " points, got " + trajectory.length);
        }
        int dim = jacobians.get(0).rows();
        RaSettings s = settings.forDimension(dim);
        double[][] top = new double[depth][];
        double[] sigma1 = new double[depth];
        for (int i = 0; i < depth; i++) {
            top[i] = java.util.Arrays.copyOf(svds.get(i).singularValues(), s.k());
            sigma1[i] = top[i][0];
        }
        Ra1Line ra1 = Ra1Line.of(trajectory);
        AlignmentGrid ra2 = AlignmentGrid.of(jacobians, svds, s.k(), s.plottedBlocks(depth), s.seed());
        RankProfile ra3 = RankProfile.of(svds, s.rank());
        boolean zeroInWindow = false;
        for (int i = s.windowFrom() - 1; i < Math.min(depth, s.windowEnd(depth)); i++) {
            zeroInWindow |= sigma1[i] == 0;
        }
        InverseDepthFit ra4 = depth < 2 || zeroInWindow ? null
                : InverseDepthFit.of(sigma1, s.windowFrom(), s.windowEnd(depth));
        return new ResidualAlignmentReport(dim, depth, s, top, ra1, ra2, ra3, ra4);
    }
}
