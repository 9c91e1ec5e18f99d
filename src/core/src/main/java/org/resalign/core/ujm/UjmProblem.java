package org.resalign.core.ujm;

import static org.resalign.core.input.InvalidInputException.require;

import java.util.random.RandomGenerator;

import org.resalign.core.seed.Seeds;

/**
 * One instance of the Unconstrained Jacobians Model (paper §3.3, Definition 3.2; docs/definitions.md §ujm):
 * <pre>
 *   minimise  (1/N) Σ_n ℓ_n(W (I+J_L)…(I+J_1) Δx_n) + λ/2 Σ_i ‖J_i‖_F² + λ/2 ‖W‖_F²
 * </pre>
 * over {@code J_1..J_L ∈ R^{D×D}} and {@code W} ({@code w ∈ R^D} for two classes, {@code W ∈ R^{C×D}} otherwise).
 * The inputs are drawn uniformly on the sphere of radius {@code inputNorm} from {@code seed}; for two classes the labels
 * alternate {@code +1, −1, …} (so one input has {@code y = +1}), otherwise input {@code n} has class {@code n mod C}.
 *
 * @param dim       {@code D ≥ 1}
 * @param depth     {@code L ≥ 1}
 * @param lambda    {@code λ ≥ 0}
 * @param loss      the loss
 * @param samples   {@code N ≥ 1}
 * @param classes   {@code C ≥ 2}
 * @param inputNorm {@code ‖Δx_n‖ > 0}
 * @param seed      the seed of the inputs
 */
public record UjmProblem(int dim, int depth, double lambda, Loss loss, int samples, int classes, double inputNorm,
                         long seed) implements java.io.Serializable {

    public UjmProblem {
        require(dim >= 1, "dim", "{dim} must be a positive integer, got " + dim);
        require(depth >= 1, "depth", "{depth} must be a positive integer, got " + depth);
        require(Double.isFinite(lambda) && lambda >= 0, "lambda", "{lambda} must be a finite number >= 0, got " + lambda);
        require(loss != null, "loss", "{loss} is required");
        require(samples >= 1, "samples", "{samples} must be a positive integer, got " + samples);
        require(classes >= 2, "classes", "{classes} must be an integer >= 2, got " + classes);
        require(Double.isFinite(inputNorm) && inputNorm > 0, "inputNorm",
                "{inputNorm} must be a finite number > 0, got " + inputNorm);
    }

    /** The paper's setting: one input, two classes. */
    public static UjmProblem binary(int dim, int depth, double lambda, Loss loss, double inputNorm, long seed) {
        return new UjmProblem(dim, depth, lambda, loss, 1, 2, inputNorm, seed);
    }

    /** True when Theorem 3.3 speaks of this instance: one input, two classes. */
    public boolean theorem33Applies() {
        return samples == 1 && classes == 2;
    }

    /** The inputs and labels this problem's seed determines. */
    public UjmData data() {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.DATA);
        double[][] x = new double[samples][];
        int[] y = new int[samples];
        for (int n = 0; n < samples; n++) {
            x[n] = Seeds.onSphere(rng, dim, inputNorm);
            y[n] = classes == 2 ? (n % 2 == 0 ? 1 : -1) : n % classes;
        }
        return new UjmData(x, y, classes);
    }
}
