package org.resalign.core.seed;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Deterministic random streams. Every random draw in resalign comes from {@link #stream(long, Purpose, long...)}, so
 * the same seed gives bit-identical results on every JVM (the algorithm is fixed, not the platform default).
 *
 * <p>A stream is a function of the user's seed, a {@link Purpose} and the purpose's path of sub-seeds (e.g. the epoch
 * of a training shuffle). The path is folded into the seed as {@code s ← s · PATH_MULTIPLIERS[k] + path[k]} for
 * {@code k = 0, 1, …}; then purpose and seed are combined by a SplitMix64 finaliser into the seed of an
 * {@value #ALGORITHM} generator:
 * <pre>
 *   s = seed;  s = s·1000003 + path[0];  s = s·1000000007 + path[1]
 *   stream = L64X128MixRandom(mix(s + 0x9E3779B97F4A7C15 · (purpose.ordinal() + 1)))
 * </pre>
 * Results that are committed depend on these values, so neither the fold, the mix, the algorithm nor the order of
 * {@link Purpose} may change.
 */
public final class Seeds {

    /** The fixed generator algorithm (JDK 17 {@code java.util.random}). */
    public static final String ALGORITHM = "L64X128MixRandom";

    /** The multiplier of path element {@code k} when it is folded into the seed. */
    private static final long[] PATH_MULTIPLIERS = {1_000_003L, 1_000_000_007L};

    /**
     * Independent uses of one user seed, so that e.g. the data do not change when the initialisation does. This enum
     * is the single registry of purposes for all modules (the bridge's and the proof audit's included): a stream's
     * value depends on its purpose's ordinal, so new purposes are appended at the end and none is ever removed or
     * reordered, and two modules can never draw the same stream for different things. Each purpose fixes the length
     * of its path.
     */
    public enum Purpose {
        /** Problem data: the UJM's inputs, the bridge's images, matrices of known spectrum. */
        DATA(0),
        /** Starting points: a solver's initial point, a network's weights, Theorem 3.1's aligned direction. */
        INITIALISATION(0),
        /** Perturbations and auxiliary directions (Theorem 3.1's direction orthogonal to the aligned one). */
        PERTURBATION(0),
        /** The counterexample search's instances. */
        SEARCH(0),
        /** The Gaussian test block of the randomized SVD. */
        SKETCH(0),
        /** The random orthonormal frames of RA2's chance level. */
        FRAMES(0),
        /** The random instances of a proof audit's step; path: the step name's {@link String#hashCode()}. */
        PROOF_AUDIT(1),
        /** The mini-batch order of network training; path: the epoch. */
        SHUFFLE(1),
        /** The training inputs at which a trained network's Residual Jacobians are measured. */
        ANALYSED_INPUTS(0),
        /** Which residual branches stochastic depth drops; path: the block, then the training step. */
        STOCHASTIC_DEPTH(2),
        /** Which blocks a lesion study deletes together, and which adjacent pairs it swaps. */
        LESIONS(0),
        /** The paths whose gradients a path study samples, when there are too many to take them all. */
        PATHS(0),
        /** The training images at which a network's Neural Collapse is measured. */
        COLLAPSE_INPUTS(0);

        private final int pathLength;

        Purpose(int pathLength) {
            this.pathLength = pathLength;
        }

        /** The number of sub-seeds a stream of this purpose takes. */
        public int pathLength() {
            return pathLength;
        }
    }

    private Seeds() {
    }

    /**
     * The generator for {@code purpose} and {@code path} derived from {@code seed} (see the class comment).
     *
     * @throws IllegalArgumentException if {@code path} does not have {@link Purpose#pathLength()} elements
     */
    public static RandomGenerator stream(long seed, Purpose purpose, long... path) {
        if (path.length != purpose.pathLength()) {
            throw new IllegalArgumentException(purpose + " streams take " + purpose.pathLength()
                    + " path elements, got " + path.length);
        }
        long s = seed;
        for (int k = 0; k < path.length; k++) {
            s = s * PATH_MULTIPLIERS[k] + path[k];
        }
        long mixed = mix(s + 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
        return RandomGeneratorFactory.<RandomGenerator>of(ALGORITHM).create(mixed);
    }

    /**
     * {@code k} distinct integers of {@code 0..n−1}, uniformly, in the order drawn: the first {@code k} places of a
     * partial Fisher-Yates shuffle ({@code k} calls {@code rng.nextInt(n − j)}).
     */
    public static int[] distinct(RandomGenerator rng, int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException(k + " distinct values of 0.." + (n - 1) + " do not exist");
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int j = 0; j < k; j++) {
            int r = j + rng.nextInt(n - j);
            int t = all[j];
            all[j] = all[r];
            all[r] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }

    /** The SplitMix64 finaliser. */
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
