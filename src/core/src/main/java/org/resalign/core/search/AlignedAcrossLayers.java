package org.resalign.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmSolution;

/**
 * {@code aligned-multisample}: Theorem 3.3's alignment (§3.3; RA2 in §1.4) asked with {@code N ≥ 2} inputs: at a
 * stationary point the top left singular vectors of all non-zero Jacobians coincide up to sign,
 * {@code 1 − min_{i,j} |⟨u₁(J_i), u₁(J_j)⟩| ≤ 1e-6}.
 *
 * <p>Figures beside it: the same deficit for the right vectors and between {@code u₁} and {@code v₁} of one layer, and
 * the subspace version over the top {@code b = min(N, rank W)} left vectors ({@code 1 − } the smallest cosine of the
 * principal angles between the layers' subspaces), which is what RA2's alignment score measures when {@code b > 1};
 * and two stronger structures the alignment would follow from: {@code layerSpread}
 * {@code = max_{i,j} ‖J_i − J_j‖_F / max_i ‖J_i‖_F} (all layers equal) and {@code asymmetry}
 * {@code = max_i ‖J_i − J_iᵀ‖_F / ‖J_i‖_F} (each layer symmetric).
 */
final class AlignedAcrossLayers implements Conjecture {

    static final double TOLERANCE = 1e-6;

    private static final About ABOUT = new About("aligned-multisample",
            "For N ≥ 2 inputs of C classes (every loss), the top left singular vectors of all non-zero J_i at a "
                    + "stationary point coincide: 1 − min |⟨u₁(J_i), u₁(J_j)⟩| ≤ 1e-6",
            "Theorem 3.3's alignment (§3.3) and RA2 (§1.4, Fig. 2) beyond one input", Expectation.OPEN,
            new ParameterSpace(new ParameterSpace.Range(2, 16),
                    new ParameterSpace.Range(2, 8), 1e-3, 1, List.of(Loss.values()), new ParameterSpace.Range(2, 12),
                    new ParameterSpace.Range(2, 6), 0.25, 4, false));

    @Override
    public About about() {
        return ABOUT;
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        String measure = "1 − min_{i,j} |⟨u₁(J_i), u₁(J_j)⟩|";
        if (!Conjecture.stationary(solution)) {
            return Judgement.inconclusive(measure, TOLERANCE, Conjecture.notStationary(solution), Map.of());
        }
        DMatrixRMaj[] js = LayerSpectra.matrices(solution);
        List<TruncatedSvd> layers = new ArrayList<>();
        for (TruncatedSvd s : LayerSpectra.of(js)) {
            if (s.value(0) > LayerSpectra.ZERO) {
                layers.add(s);
            }
        }
        int b = RankAtMostClasses.sharperBound(solution.problem());
        double left = 0;
        double right = 0;
        double own = 0;
        double subspace = 0;
        double tie = 0;
        for (int i = 0; i < layers.size(); i++) {
            TruncatedSvd a = layers.get(i);
            own = Math.max(own, 1 - Math.abs(column(a.u(), 0, a.v(), 0)));
            tie = Math.max(tie, LayerSpectra.ratio(a, 1));
            for (int j = 0; j < i; j++) {
                TruncatedSvd c = layers.get(j);
                left = Math.max(left, 1 - Math.abs(column(a.u(), 0, c.u(), 0)));
                right = Math.max(right, 1 - Math.abs(column(a.v(), 0, c.v(), 0)));
                subspace = Math.max(subspace, 1 - smallestPrincipalCosine(a.u(), c.u(), b));
            }
        }
        double[] spread = layerSpreadAndAsymmetry(js);
        Map<String, Double> figures = Map.of(
                "layerSpread", spread[0],
                "asymmetry", spread[1],
                "nonZeroLayers", (double) layers.size(),
                "rightDeficit", right,
                "leftRightDeficit", own,
                "subspaceDeficit", subspace,
                "subspaceRank", (double) b,
                "maxSigma2OverSigma1", tie,
                "iterations", (double) solution.result().iterations());
        if (layers.size() < 2) {
            return Judgement.inconclusive(measure, TOLERANCE, layers.size() + " non-zero Jacobian(s): nothing to "
                    + "align", figures);
        }
        if (tie > 1 - 1e-6) {
            return Judgement.inconclusive(measure, TOLERANCE, String.format(Locale.ROOT, "σ₂/σ₁ = %.8f in some "
                    + "layer: its top singular vector is not defined", tie), figures);
        }
        double slack = Math.log10(TOLERANCE) - Math.log10(Math.max(left, Double.MIN_NORMAL));
        boolean violated = left > TOLERANCE;
        return new Judgement(violated ? Outcome.VIOLATED : Outcome.HOLDS, measure, left, TOLERANCE, slack,
                String.format(Locale.ROOT, "u₁ deficit %.1e, v₁ deficit %.1e, u₁ vs v₁ %.1e, top-%d subspaces %.1e; "
                        + "layers equal to %.1e, symmetric to %.1e", left, right, own, b, subspace, spread[0],
                        spread[1]), figures);
    }

    /** {@code {max_{i,j} ‖J_i − J_j‖_F / max_i ‖J_i‖_F, max_i ‖J_i − J_iᵀ‖_F / ‖J_i‖_F}} over non-zero layers. */
    private static double[] layerSpreadAndAsymmetry(DMatrixRMaj[] js) {
        double largest = 0;
        double asymmetry = 0;
        for (DMatrixRMaj j : js) {
            double norm = NormOps_DDRM.normF(j);
            largest = Math.max(largest, norm);
            if (norm > LayerSpectra.ZERO) {
                DMatrixRMaj t = new DMatrixRMaj(j.numCols, j.numRows);
                CommonOps_DDRM.transpose(j, t);
                CommonOps_DDRM.subtractEquals(t, j);
                asymmetry = Math.max(asymmetry, NormOps_DDRM.normF(t) / norm);
            }
        }
        double spread = 0;
        for (int i = 0; i < js.length; i++) {
            for (int k = 0; k < i; k++) {
                DMatrixRMaj d = js[i].copy();
                CommonOps_DDRM.subtractEquals(d, js[k]);
                spread = Math.max(spread, NormOps_DDRM.normF(d));
            }
        }
        return new double[] {largest > 0 ? spread / largest : 0, asymmetry};
    }

    private static double column(DMatrixRMaj a, int ca, DMatrixRMaj b, int cb) {
        double s = 0;
        for (int r = 0; r < a.numRows; r++) {
            s += a.get(r, ca) * b.get(r, cb);
        }
        return s;
    }

    /** The smallest singular value of {@code A_kᵀB_k} (first {@code k} columns): the cosine of the largest angle. */
    private static double smallestPrincipalCosine(DMatrixRMaj a, DMatrixRMaj b, int k) {
        int kk = Math.min(k, Math.min(a.numCols, b.numCols));
        DMatrixRMaj ak = CommonOps_DDRM.extract(a, 0, a.numRows, 0, kk);
        DMatrixRMaj bk = CommonOps_DDRM.extract(b, 0, b.numRows, 0, kk);
        DMatrixRMaj m = new DMatrixRMaj(kk, kk);
        CommonOps_DDRM.multTransA(ak, bk, m);
        TruncatedSvd s = DenseSvd.top(m, kk);
        return Math.min(1.0, s.value(kk - 1));
    }
}
