package org.resalign.core.thm31;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.linalg.LowRankOperator;
import org.resalign.core.seed.Seeds;

/**
 * The setting of Theorem 3.1 (paper §3.2, App. A): exact Jacobian linearisations {@code h_{i+1} = (I + J_i) h_i} with
 * Jacobians that satisfy RA2+3+4, {@code J_i = (1/i)·uuᵀ} (so {@code U₀ = u}, {@code S_{i,1} = 1/i}), or that break
 * one assumption by {@code ε} (see {@link Violation}). The theorem's conclusion (App. A, last display) is
 * {@code h_k = ∏_{i<k}(1 + 1/i)·uuᵀh_1 + (I − uuᵀ)h_1 = (k−1)·uuᵀh_1 + h_1}, since the product telescopes to {@code k}.
 *
 * <p>{@code u} and {@code h_1} are uniform on the unit sphere and {@code w} is a unit vector orthogonal to {@code u},
 * all from the seed. The Jacobians are held as rank-1 or rank-2 factors, so any {@code D} fits in memory.
 *
 * @param dim       {@code D ≥ 2} (the violations need a second direction)
 * @param depth     {@code L ≥ 1}
 * @param violation which assumption is broken
 * @param epsilon   by how much, {@code ε ≥ 0}
 * @param seed      seed of {@code u}, {@code w} and {@code h_1}
 */
public record Theorem31Construction(int dim, int depth, Violation violation, double epsilon, long seed) {

    public Theorem31Construction {
        if (dim < 2) {
            throw new InvalidInputException("dim", "{dim} must be ≥ 2, got " + dim);
        }
        if (depth < 1) {
            throw new InvalidInputException("depth", "{depth} must be ≥ 1, got " + depth);
        }
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new InvalidInputException("epsilon", "{epsilon} must be finite and ≥ 0, got " + epsilon);
        }
    }

    /** The aligned direction {@code u = U_{0,1}}. */
    public double[] u() {
        return Seeds.onSphere(Seeds.stream(seed, Seeds.Purpose.INITIALISATION), dim, 1);
    }

    /** A unit vector orthogonal to {@code u}: a seeded Gaussian with its {@code u} component removed, normalised. */
    public double[] w() {
        double[] u = u();
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.PERTURBATION);
        while (true) {
            double[] g = Seeds.onSphere(rng, dim, 1);
            double along = dot(g, u);
            double norm2 = 0;
            for (int c = 0; c < dim; c++) {
                g[c] -= along * u[c];
                norm2 += g[c] * g[c];
            }
            if (norm2 > 1e-4) {
                double norm = Math.sqrt(norm2);
                for (int c = 0; c < dim; c++) {
                    g[c] /= norm;
                }
                return g;
            }
        }
    }

    /** The input representation {@code h_1}, uniform on the unit sphere. */
    public double[] h1() {
        return Seeds.onSphere(Seeds.stream(seed, Seeds.Purpose.DATA), dim, 1);
    }

    /** {@code J_1 … J_L}. */
    public List<LowRankOperator> jacobians() {
        double[] u = u();
        double[] w = violation == Violation.NONE ? null : w();
        List<LowRankOperator> js = new ArrayList<>(depth);
        for (int i = 1; i <= depth; i++) {
            js.add(jacobian(i, u, w));
        }
        return js;
    }

    private LowRankOperator jacobian(int i, double[] u, double[] w) {
        switch (violation) {
            case RA2: {
                double angle = (i - 1) * epsilon;
                double[] ui = new double[dim];
                for (int c = 0; c < dim; c++) {
                    ui[c] = Math.cos(angle) * u[c] + Math.sin(angle) * w[c];
                }
                return LowRankOperator.rankOne(1.0 / i, ui, ui);
            }
            case RA3: {
                DMatrixRMaj factors = new DMatrixRMaj(dim, 2);
                for (int c = 0; c < dim; c++) {
                    factors.set(c, 0, u[c]);
                    factors.set(c, 1, w[c]);
                }
                return new LowRankOperator(factors, new double[] {1.0 / i, epsilon / i}, factors);
            }
            case RA4:
                return LowRankOperator.rankOne(Math.pow(i, -(1 + epsilon)), u, u);
            default:
                return LowRankOperator.rankOne(1.0 / i, u, u);
        }
    }

    /** The trajectory {@code h_1 … h_{L+1}} under {@code h_{i+1} = h_i + J_i h_i}. */
    public double[][] trajectory() {
        List<LowRankOperator> js = jacobians();
        double[][] h = new double[depth + 1][];
        h[0] = h1();
        DMatrixRMaj x = new DMatrixRMaj(dim, 1);
        DMatrixRMaj y = new DMatrixRMaj(dim, 1);
        for (int i = 0; i < depth; i++) {
            System.arraycopy(h[i], 0, x.data, 0, dim);
            js.get(i).apply(x, y);
            h[i + 1] = new double[dim];
            for (int c = 0; c < dim; c++) {
                h[i + 1][c] = h[i][c] + y.data[c];
            }
        }
        return h;
    }

    /** The theorem's prediction {@code ĥ_k = (k−1)·uuᵀh_1 + h_1}, {@code k = 1 … L+1}. */
    public double[][] predicted() {
        double[] u = u();
        double[] h1 = h1();
        double along = dot(u, h1);
        double[][] h = new double[depth + 1][dim];
        for (int k = 1; k <= depth + 1; k++) {
            for (int c = 0; c < dim; c++) {
                h[k - 1][c] = (k - 1) * along * u[c] + h1[c];
            }
        }
        return h;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += a[c] * b[c];
        }
        return s;
    }
}
