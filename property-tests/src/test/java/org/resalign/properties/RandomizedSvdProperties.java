package org.resalign.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.EjmlOperator;
import org.resalign.core.linalg.KnownSpectrumMatrix;
import org.resalign.core.linalg.RandomizedSvd;
import org.resalign.core.linalg.TruncatedSvd;

/**
 * The randomized SVD (Algorithm 971, the method of paper §2.4) returns the top singular triplets of matrices whose
 * spectrum has a clear gap, as the full SVD does.
 *
 * <h2>Tolerances</h2>
 * The test matrix has {@code σ_j = c·ρ^{j−1}} for {@code j ≤ k} ({@code ρ ∈ [0.5, 0.9]}, so neighbouring top values
 * differ by at least 10%) and a flat tail {@code σ_j = g·σ_k} for {@code j > k} ({@code g ∈ [0.01, 0.5]}). A flat
 * tail is the hardest case for subspace iteration: the oversampled columns do not see any further decay, so
 * {@code σ_{l+1}/σ_k = g}. With {@code T = 20} power iterations (the paper's choice) the largest canonical angle
 * between the computed basis and the top-{@code k} left singular subspace obeys {@code tan θ ≤ g^{2T+1}·‖Ω₂Ω₁⁺‖},
 * the standard bound of randomized subspace iteration ({@code Ω₁, Ω₂} the components of the Gaussian test block
 * along the top {@code k} and the remaining right singular vectors). With oversampling {@code p = 10}, {@code l ≤ 18}
 * and {@code n ≤ 160}: {@code ‖Ω₂‖ ≤ √n + √l + 6 < 23} except with probability {@code e^{−18}}, and
 * {@code ‖Ω₁⁺‖ ≤ 100·e·√l/(p+1) < 105} except with probability {@code 100^{−(p+1)}} (Halko, Martinsson and Tropp,
 * SIAM Review 53(2), 2011, Prop. 10.4), so {@code ‖Ω₂Ω₁⁺‖ ≤ 2500} and {@code θ ≤ 2500·g^{41}}
 * ({@code ≤ 1.2e-9} at the largest gap ratio 0.5).
 * The Rayleigh–Ritz step turns this into an error of each singular vector of at most about {@code θ} (the top
 * values are separated, so the Ritz vectors are individually determined) and of each singular value of order
 * {@code σ_j·θ²}. On top of that comes rounding: the stored matrix differs from {@code UΣVᵀ} by about
 * {@code 1e-16·σ₁} per entry ({@code ‖E‖ ≲ √(mn)·1e-16·σ₁ ≤ 2e-14·σ₁}), which moves singular values by at most
 * {@code ‖E‖} (Weyl) and singular vectors by at most {@code ‖E‖/gap_j}, with
 * {@code gap_j ≥ σ₁·ρ^{k−1}(1−ρ) ≥ 0.0039·σ₁} for {@code k ≤ 8}, i.e. {@code ≤ 5e-12}. Hence the bounds:
 * <ul>
 *   <li>singular values: {@code |σ̃_j − σ_j| ≤ 1e-12·σ₁} (fifty times the rounding estimate);</li>
 *   <li>singular vectors: {@code min_± ‖ũ_j ∓ u_j‖ ≤ 2500·g^{41} + 1e-10} (the subspace bound plus twenty times the
 *       rounding estimate), and the same for {@code v_j}; consequently {@code 1 − |⟨u_j, ũ_j⟩| ≤ 1e-13}.</li>
 * </ul>
 */
class RandomizedSvdProperties {

    /** Bound on the ‖Ω₂Ω₁⁺‖ factor of the subspace-iteration error (see the class comment). */
    static final double SKETCH_FACTOR = 2500;

    /** One gapped test case. */
    record Gapped(int rows, int cols, int k, double scale, double ratio, double gap, long seed) {

        double[] spectrum() {
            double[] s = new double[Math.min(rows, cols)];
            for (int j = 0; j < s.length; j++) {
                s[j] = j < k ? scale * Math.pow(ratio, j) : gap * scale * Math.pow(ratio, k - 1);
            }
            return s;
        }

        /** The angle bound {@code 2500·g^{2T+1}} of the randomized basis. */
        double subspaceBound(int iterations) {
            return SKETCH_FACTOR * Math.pow(gap, 2 * iterations + 1);
        }
    }

    @Provide
    Arbitrary<Gapped> gapped() {
        return Arbitraries.integers().between(1, 8).flatMap(k -> Combinators.combine(
                Arbitraries.integers().between(k + 1, 160).withDistribution(Spaces.UNIFORM),
                Arbitraries.integers().between(k + 1, 160).withDistribution(Spaces.UNIFORM),
                Spaces.logUniform(1e-3, 1e3),
                Arbitraries.doubles().between(0.5, 0.9).ofScale(2).withDistribution(Spaces.UNIFORM),
                Spaces.logUniform(0.01, 0.5),
                Arbitraries.longs().between(0, Integer.MAX_VALUE).withDistribution(Spaces.UNIFORM))
                .as((rows, cols, scale, ratio, gap, seed) -> new Gapped(rows, cols, k, scale, ratio, gap, seed)));
    }

    /**
     * Paper §2.4 (Algorithm 971 with {@code T = 20} iterations gives accurate top singular values and vectors): on a
     * matrix of known spectrum with a gap after {@code k}, the randomized top-{@code k} singular values equal the
     * prescribed ones and those of the dense SVD to {@code 1e-12·σ₁}, and each singular vector (left and right)
     * equals the prescribed one and the dense SVD's within the subspace-iteration bound of the class comment.
     */
    @Property(seed = "2404")
    void randomizedSvdMatchesTheKnownAndTheDenseSvdOnGappedSpectra(@ForAll("gapped") Gapped c) {
        double[] sigma = c.spectrum();
        KnownSpectrumMatrix a = KnownSpectrumMatrix.of(c.rows(), c.cols(), sigma, c.seed(),
                KnownSpectrumMatrix.DEFAULT_REFLECTORS);
        RandomizedSvd.Parameters params = RandomizedSvd.Parameters.of(c.k(), c.seed() + 1);
        TruncatedSvd rsvd = RandomizedSvd.decompose(new EjmlOperator(a.matrix(), false), params);
        TruncatedSvd dense = DenseSvd.top(a.matrix(), c.k());
        DMatrixRMaj knownU = a.leftVectors(c.k());
        DMatrixRMaj knownV = a.rightVectors(c.k());

        double valueTol = 1e-12 * sigma[0];
        double vectorTol = c.subspaceBound(params.iterations()) + 1e-10;
        for (int j = 0; j < c.k(); j++) {
            int jj = j;
            double got = rsvd.value(j);
            Spaces.check(Math.abs(got - sigma[j]) <= valueTol, () -> "σ_" + (jj + 1) + ": randomized " + got
                    + ", prescribed " + sigma[jj]);
            Spaces.check(Math.abs(got - dense.value(j)) <= valueTol, () -> "σ_" + (jj + 1) + ": randomized " + got
                    + ", dense " + dense.value(jj));
            Spaces.check(Math.abs(dense.value(j) - sigma[j]) <= valueTol, () -> "σ_" + (jj + 1) + ": dense "
                    + dense.value(jj) + ", prescribed " + sigma[jj]);
            compareVectors("u", j, rsvd.u(), knownU, "prescribed", vectorTol);
            compareVectors("v", j, rsvd.v(), knownV, "prescribed", vectorTol);
            compareVectors("u", j, rsvd.u(), dense.u(), "dense", vectorTol);
            compareVectors("v", j, rsvd.v(), dense.v(), "dense", vectorTol);
        }
    }

    private static void compareVectors(String side, int j, DMatrixRMaj got, DMatrixRMaj ref, String refName,
                                       double tol) {
        double dot = 0;
        double plus = 0;
        double minus = 0;
        double refNorm = 0;
        for (int r = 0; r < got.numRows; r++) {
            double a = got.get(r, j);
            double b = ref.get(r, j);
            dot += a * b;
            plus += (a - b) * (a - b);
            minus += (a + b) * (a + b);
            refNorm += b * b;
        }
        double cosine = Math.abs(dot) / Math.sqrt(refNorm);
        double distance = Math.sqrt(Math.min(plus, minus));
        Spaces.check(distance <= tol && 1 - cosine <= 1e-13, () -> side + "_" + (j + 1) + ": randomized vs "
                + refName + " differ by " + distance + " (bound " + tol + "), 1 − |cos| = " + (1 - cosine));
    }
}
