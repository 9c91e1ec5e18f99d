package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scaled UJM f_α against its own definition, evaluated by hand, and its gradient by central differences. */
class ResidualScalingTest {

    /** f_α(J, w) = log(1 + e^{−y·wᵀ∏(I+αJ_i)x}) + λ/2 (Σ‖J_i‖² + ‖w‖²), θ = (J_1..J_L row-major, w). */
    static double scaledObjective(double[] theta, int dim, int depth, double alpha, double lambda, double[] x,
            int y) {
        double[] h = x.clone();
        double penalty = 0;
        for (int i = 0; i < depth; i++) {
            double[] next = h.clone();
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    double j = theta[i * dim * dim + r * dim + c];
                    next[r] += alpha * j * h[c];
                }
            }
            h = next;
        }
        for (int k = 0; k < theta.length; k++) {
            penalty += theta[k] * theta[k];
        }
        double z = 0;
        for (int d = 0; d < dim; d++) {
            z += theta[depth * dim * dim + d] * h[d];
        }
        return Math.log1p(Math.exp(-y * z)) + lambda / 2 * penalty;
    }

    static double[] alignedPoint(UjmProblem p, double s, double omega) {
        int dim = p.dim();
        double[] x = p.data().inputs()[0];
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] theta = new double[p.depth() * dim * dim + dim];
        for (int i = 0; i < p.depth(); i++) {
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    theta[i * dim * dim + r * dim + c] = s * x[r] * x[c] / (norm * norm);
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            theta[p.depth() * dim * dim + d] = omega * x[d] / norm;
        }
        return theta;
    }

    static double maxGradient(UjmProblem p, double[] theta, double alpha) {
        double max = 0;
        double step = 1e-6;
        for (int k = 0; k < theta.length; k++) {
            double[] a = theta.clone();
            double[] b = theta.clone();
            a[k] += step;
            b[k] -= step;
            double g = (scaledObjective(a, p.dim(), p.depth(), alpha, p.lambda(), p.data().inputs()[0],
                    p.data().labels()[0]) - scaledObjective(b, p.dim(), p.depth(), alpha, p.lambda(),
                    p.data().inputs()[0], p.data().labels()[0])) / (2 * step);
            max = Math.max(max, Math.abs(g));
        }
        return max;
    }

    @Test
    void theMappedAlignedOptimumIsAStationaryPointOfTheScaledModel() {
        UjmProblem p = UjmProblem.binary(5, 4, 0.02, Loss.LOGISTIC, 1.0, 3);
        double alpha = 0.3;
        AlignedOptimum o = ResidualScaling.aligned(p, alpha);
        double[] theta = alignedPoint(p, o.s(), o.omega());
        double f = scaledObjective(theta, 5, 4, alpha, 0.02, p.data().inputs()[0], p.data().labels()[0]);
        assertEquals(o.objective(), f, 1e-12 * f);
        assertTrue(maxGradient(p, theta, alpha) < 1e-8, "‖∇f_α‖∞ = " + maxGradient(p, theta, alpha));
        // negative control: the unscaled model's aligned optimum is not stationary for f_α
        AlignedOptimum plain = AlignedFamily.solve(Loss.LOGISTIC, 4, 0.02, 1.0, p.data().labels()[0]);
        assertTrue(maxGradient(p, alignedPoint(p, plain.s(), plain.omega()), alpha) > 1e-3);
    }

    /** α = 1 is the UJM itself, and smaller α gives larger J_i but smaller effective branches αJ_i. */
    @Test
    void alphaOneIsTheUjmAndSmallerAlphaShrinksTheEffectiveBranches() {
        UjmProblem p = UjmProblem.binary(5, 8, 0.01, Loss.LOGISTIC, 1.0, 0);
        AlignedOptimum one = ResidualScaling.aligned(p, 1);
        assertEquals(AlignedFamily.solve(Loss.LOGISTIC, 8, 0.01, 1.0, p.data().labels()[0]).s(), one.s(), 0.0);
        double previous = one.s();
        for (double alpha : new double[] {1 / Math.sqrt(8), 0.125}) {
            AlignedOptimum o = ResidualScaling.aligned(p, alpha);
            assertTrue(o.s() > previous, "σ₁(J) grows as α falls");
            assertTrue(alpha * o.s() < one.s(), "the effective branch αJ shrinks");
            previous = o.s();
        }
    }
}
