package org.resalign.core.ujm;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Deterministic random streams. Every random draw in resalign comes from {@link #stream(long, Purpose)}, so the same
 * seed gives bit-identical results on every JVM (the algorithm is fixed, not the platform default).
 */
public final class Seeds {

    /** The fixed generator algorithm (JDK 17 {@code java.util.random}). */
    public static final String ALGORITHM = "L64X128MixRandom";

    /**
     * Independent uses of one user seed, so that e.g. the data do not change when the initialisation does. New
     * purposes are appended, so existing streams keep their values.
     */
    public enum Purpose {
        DATA, INITIALISATION, PERTURBATION, SEARCH,
        /** The Gaussian test block of the randomized SVD. */
        SKETCH,
        /** The random orthonormal frames of RA2's chance level. */
        FRAMES,
        /** The random instances of the proof audit's steps (mixed with each step's name). */
        PROOF_AUDIT,
        /** The mini-batch order of network training, one stream per epoch (mixed with the epoch). */
        SHUFFLE,
        /** The training inputs at which a trained network's Residual Jacobians are measured. */
        ANALYSED_INPUTS,
        /** Which residual branches stochastic depth drops at a training step (mixed with the block and step). */
        STOCHASTIC_DEPTH
    }

    private Seeds() {
    }

    /** A generator for {@code purpose} derived from {@code seed} by a SplitMix64 mix. */
    public static RandomGenerator stream(long seed, Purpose purpose) {
        long mixed = mix(seed + 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
        return RandomGeneratorFactory.<RandomGenerator>of(ALGORITHM).create(mixed);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A vector drawn uniformly on the sphere of the given radius in {@code R^dim}. */
    public static double[] onSphere(RandomGenerator rng, int dim, double radius) {
        double[] v = new double[dim];
        double norm;
        do {
            double sum = 0;
            for (int k = 0; k < dim; k++) {
                v[k] = rng.nextGaussian();
                sum += v[k] * v[k];
            }
            norm = Math.sqrt(sum);
        } while (norm == 0);
        for (int k = 0; k < dim; k++) {
            v[k] *= radius / norm;
        }
        return v;
    }
}
