package org.resalign.core.thm31;

import java.util.List;

import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.ra.Ra1Line;

/**
 * What Theorem 3.1 (paper §3.1, App. A) predicts for RA1 from measured RA2–RA4: the trajectory of the rank-one
 * chain the proof follows,
 * <pre>
 *   ĥ_1 = h_1,    ĥ_{i+1} = ĥ_i + σ₁(J_i) · u₁(J_i) · v₁(J_i)ᵀ ĥ_i,
 * </pre>
 * i.e. each Residual Jacobian replaced by its top singular triplet (RA3 with rank one) and the representation moved
 * along it. When RA2 holds exactly ({@code u₁ = v₁ = u} in every block) and RA4 does ({@code σ₁(J_i) = 1/(i+b)}),
 * the chain is the theorem's line {@code ĥ_k = h_1 + (k−1)/(1+b)·uuᵀh_1}, equispaced, and its RA1 is perfect;
 * with measured triplets, its {@link Ra1Line} is the prediction to set beside the measured trajectory's.
 *
 * @param predicted        {@code ĥ_1 … ĥ_{L+1}}
 * @param ra1              RA1 of the prediction ({@code null} when the chain does not move: every {@code v₁ ⟂ ĥ_i})
 * @param maxRelativeError {@code max_i ‖ĥ_i − h_i‖ / ‖h_i‖}: how far the chain is from the measured trajectory
 */
public record Theorem31Prediction(double[][] predicted, Ra1Line ra1, double maxRelativeError) {

    /**
     * @param svds     the top triplets of {@code J_1 … J_L} (at least one each)
     * @param measured the measured trajectory {@code h_1 … h_{L+1}}
     */
    public static Theorem31Prediction of(List<TruncatedSvd> svds, double[][] measured) {
        int depth = svds.size();
        if (measured.length != depth + 1) {
            throw new IllegalArgumentException(depth + " blocks need " + (depth + 1) + " points, got "
                    + measured.length);
        }
        int d = measured[0].length;
        double[][] h = new double[depth + 1][];
        h[0] = measured[0].clone();
        for (int i = 0; i < depth; i++) {
            TruncatedSvd s = svds.get(i);
            if (s.u().numRows != d || s.v().numRows != d) {
                throw new IllegalArgumentException("block " + (i + 1) + "'s singular vectors have dimension "
                        + s.u().numRows + ", the trajectory " + d);
            }
            double along = 0;
            for (int c = 0; c < d; c++) {
                along += s.v().get(c, 0) * h[i][c];
            }
            double step = s.value(0) * along;
            h[i + 1] = new double[d];
            for (int c = 0; c < d; c++) {
                h[i + 1][c] = h[i][c] + step * s.u().get(c, 0);
            }
        }
        double worst = 0;
        for (int i = 0; i <= depth; i++) {
            double diff = 0;
            double norm = 0;
            for (int c = 0; c < d; c++) {
                double e = h[i][c] - measured[i][c];
                diff += e * e;
                norm += measured[i][c] * measured[i][c];
            }
            worst = Math.max(worst, norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff));
        }
        return new Theorem31Prediction(h, Ra1Line.moves(h) ? Ra1Line.of(h) : null, worst);
    }
}
