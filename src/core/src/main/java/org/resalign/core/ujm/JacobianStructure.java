package org.resalign.core.ujm;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The singular structure of Jacobians {@code J_1..J_L} that Theorem 3.3 (paper §3.3, Appendix B) speaks of.
 *
 * @param topSingularValues   {@code σ₁(J_i)} per layer
 * @param secondSingularValues {@code σ₂(J_i)} per layer
 * @param rankOneRatios       {@code σ₂(J_i)/σ₁(J_i)} per layer (the rank-one test, RA3's analogue); NaN if σ₁ = 0
 * @param maxRankOneRatio     the largest of them
 * @param minLeftRightAlignment  {@code min_i |⟨u₁(J_i), v₁(J_i)⟩|} (each Jacobian's own left and right vectors)
 * @param minCrossLayerAlignment {@code min_{i,j} |⟨u₁(J_i), u₁(J_j)⟩|} (alignment across depth, RA2's analogue)
 * @param singularValueSpread {@code max_i σ₁(J_i) / min_i σ₁(J_i)} (equal top values, RA4's analogue)
 * @param pairs               the per-layer singular pairs (not serialised)
 */
public record JacobianStructure(double[] topSingularValues, double[] secondSingularValues, double[] rankOneRatios,
                                double maxRankOneRatio, double minLeftRightAlignment, double minCrossLayerAlignment,
                                double singularValueSpread,
                                @com.fasterxml.jackson.annotation.JsonIgnore List<LeadingSingularPair> pairs) {

    /** Measures every layer of {@code θ} (layers in parallel: each SVD is independent and deterministic). */
    public static JacobianStructure of(JacobianParametrisation jacobians, double[] theta) {
        List<LeadingSingularPair> pairs = IntStream.range(0, jacobians.depth()).parallel()
                .mapToObj(i -> jacobians.leadingPair(theta, i)).toList();
        int depth = pairs.size();
        double[] s1 = new double[depth];
        double[] s2 = new double[depth];
        double[] ratio = new double[depth];
        double maxRatio = 0;
        double minLr = 1;
        double minCross = 1;
        double maxS = 0;
        double minS = Double.POSITIVE_INFINITY;
        for (int i = 0; i < depth; i++) {
            LeadingSingularPair p = pairs.get(i);
            s1[i] = p.sigma1();
            s2[i] = p.sigma2();
            ratio[i] = p.sigma1() > 0 ? p.sigma2() / p.sigma1() : Double.NaN;
            maxRatio = Double.isNaN(ratio[i]) || Double.isNaN(maxRatio) ? Double.NaN : Math.max(maxRatio, ratio[i]);
            minLr = Math.min(minLr, cosine(p.left(), p.right()));
            for (int j = 0; j < i; j++) {
                minCross = Math.min(minCross, cosine(p.left(), pairs.get(j).left()));
            }
            maxS = Math.max(maxS, p.sigma1());
            minS = Math.min(minS, p.sigma1());
        }
        double spread = minS > 0 ? maxS / minS : Double.NaN;
        return new JacobianStructure(s1, s2, ratio, maxRatio, minLr, minCross, spread, pairs);
    }

    /** {@code min_i |⟨u₁(J_i), x/‖x‖⟩|}: alignment of every top left vector with a given direction. */
    public double minAlignmentWith(double[] x) {
        double norm = Math.sqrt(dot(x, x));
        double min = 1;
        for (LeadingSingularPair p : pairs) {
            min = Math.min(min, Math.min(1.0, Math.abs(dot(p.left(), x)) / norm));
        }
        return min;
    }

    /**
     * {@code |⟨a, b⟩|} of unit vectors, capped at 1: rounding can lift it to {@code 1 + 2e-16}, which would read as a
     * negative alignment deficit.
     */
    static double cosine(double[] a, double[] b) {
        return Math.min(1.0, Math.abs(dot(a, b)));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
