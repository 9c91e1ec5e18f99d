package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.Seeds;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * Appendix B, closing step of the proof of Theorem 3.3: once the Jacobians' singular vectors are aligned with
 * {@code u = Δx/‖Δx‖}, every other singular value is zero and the top ones are equal, the UJM objective is the
 * two-parameter function {@code f(s, ω) = ℓ(y·ω‖Δx‖(1+s)^L) + λ/2 (L s² + ω²)} that the aligned family minimises.
 * Checked by evaluating the full model (D×D matrices, log-scaled forward pass) at {@code J_i = s·uuᵀ, w = ω·u} and
 * the reduced formula (closed form, {@code exp(L·log1p(s))}) independently, over random instances; the false twin
 * (the regulariser without the factor L) must disagree.
 */
class AlignedReductionTest {

    @Test
    void theFullObjectiveOnTheAlignedFamilyIsTheReducedObjective() {
        RandomGenerator rng = Seeds.stream(31, Seeds.Purpose.SEARCH);
        double worst = 0;
        int refuted = 0;
        for (int t = 0; t < 300; t++) {
            Loss loss = Loss.values()[t % 3];
            int dim = 1 + rng.nextInt(20);
            int depth = 1 + rng.nextInt(40);
            double lambda = Math.pow(10, -4 + 4 * rng.nextDouble());
            double r = Math.pow(10, -1 + 2 * rng.nextDouble());
            double s = -0.5 + 2 * rng.nextDouble();
            double omega = 2 * rng.nextDouble(); // y = +1, margin ≥ 0: every loss stays finite
            UjmProblem p = UjmProblem.binary(dim, depth, lambda, loss, r, t);
            UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(p);
            double[] theta = aligned(model, p.data().inputs()[0], r, s, omega);
            double full = model.value(theta);
            double reduced = AlignedFamily.objective(loss, depth, lambda, r, 1, s, omega);
            double twin = AlignedFamily.objective(loss, depth, lambda, r, 1, s, omega)
                    - lambda / 2 * (depth - 1) * s * s;
            assertTrue(Double.isFinite(full) && Double.isFinite(reduced), "finite instance");
            double rel = Math.abs(full - reduced) / Math.abs(reduced);
            worst = Math.max(worst, rel);
            assertEquals(reduced, full, 1e-11 * Math.abs(reduced), () -> "instance " + loss + " L=" + depth);
            // the twin differs by λ(L−1)s²/2: wherever that is resolvable, the full model must refute it
            if (lambda / 2 * (depth - 1) * s * s > 1e-9 * Math.abs(full)) {
                assertNotEquals(twin, full, 1e-11 * Math.abs(full), "the false twin must be refuted");
                refuted++;
            }
        }
        assertTrue(refuted >= 200, "the false twin was refuted in only " + refuted + " of 300 instances");
        System.out.printf("aligned reduction: worst relative difference %.2e over 300 instances; false twin refuted "
                + "in %d%n", worst, refuted);
    }

    private static double[] aligned(UnconstrainedJacobiansModel model, double[] dx, double r, double s,
                                     double omega) {
        int dim = dx.length;
        int depth = model.jacobians().depth();
        double[] theta = new double[model.dimension()];
        for (int i = 0; i < depth; i++) {
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b < dim; b++) {
                    theta[model.jacobians().layerOffset(i) + a * dim + b] = s * dx[a] * dx[b] / (r * r);
                }
            }
        }
        for (int k = 0; k < dim; k++) {
            theta[model.jacobians().classifierOffset() + k] = omega * dx[k] / r;
        }
        return theta;
    }
}
