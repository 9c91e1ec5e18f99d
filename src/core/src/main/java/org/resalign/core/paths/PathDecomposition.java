package org.resalign.core.paths;

/**
 * The parts of {@code ∏_{i=1..L}(I + J_i)·x} made of paths of each length (Veit et al. 2016, §3, eq. (3)-(4), the
 * unravelled view): {@code (I + J_L)…(I + J_1) = Σ_{k=0..L} e_k(J_L, …, J_1)}, where the ordered elementary sum
 * {@code e_k} adds, over every choice of {@code k} blocks {@code i_1 < … < i_k}, the product
 * {@code J_{i_k}…J_{i_1}}: the {@code C(L, k)} paths that pass through exactly {@code k} residual branches and skip
 * the rest.
 *
 * <p>Computed by dynamic programming on vectors, never on matrices: with {@code P_k^{(i)}} the length-{@code k} part
 * after {@code i} blocks, {@code P_k^{(i)} = S_i·P_k^{(i-1)} + J_i·P_{k-1}^{(i-1)}}, {@code P_0^{(0)} = x}, where the
 * skip branch {@code S_i} is the identity of the unravelled view, or for a trained network the ReLU's mask after the
 * sum ({@link Blocks}). Block
 * {@code i} multiplies the {@code i} parts it extends in one batch, so the whole costs {@code L(L+1)/2}
 * Jacobian-vector products per input, matrix-free, and the parts sum to the network's output {@code h_{L+1}}.
 *
 * <p>The parts of one input may grow like {@code (1+s)^L}: after each block they are rescaled together by a power of
 * two (exact in binary floating point) whenever their largest entry leaves {@code [2^-400, 2^400]}, and the exponent
 * is returned with them. A non-finite entry is an error, never a result.
 */
public final class PathDecomposition {

    private static final int LIMIT = 400;

    private PathDecomposition() {
    }

    /**
     * The blocks as linear maps: the residual branch {@code out[n] = J_i·in[n]} for every vector {@code n} of the
     * batch, and the skip branch {@code S_i}, the identity unless {@link #skipIsIdentity} says otherwise (a trained
     * network's ReLU after the sum masks it, {@code S_i = diag(σ'(h_i + F(h_i)))}; a network without skips has
     * {@code S_i = 0}). Block {@code i} is then {@code S_i + J_i}, and a path through it takes one branch or the other.
     */
    @FunctionalInterface
    public interface Blocks {

        /** Writes {@code J_i·in[n]} into {@code out[n]} (0-based {@code i}; {@code out} may hold stale values). */
        void apply(int i, double[][] in, double[][] out);

        /** Whether every {@code S_i} is the identity (then {@link #skip} is never called). */
        default boolean skipIsIdentity() {
            return true;
        }

        /** Writes {@code S_i·in[n]} into {@code out[n]}. */
        default void skip(int i, double[][] in, double[][] out) {
            for (int n = 0; n < in.length; n++) {
                System.arraycopy(in[n], 0, out[n], 0, in[n].length);
            }
        }
    }

    /**
     * The path parts of each input.
     *
     * @param parts    {@code parts[k][n] = 2^{-exponent[n]}·e_k(J_L, …, J_1)·x_n}, {@code k = 0..L}
     * @param exponent the power of two each input's parts were divided by
     */
    public record Parts(double[][][] parts, int[] exponent) {

        /** {@code L}. */
        public int depth() {
            return parts.length - 1;
        }

        /** The number of inputs. */
        public int inputs() {
            return exponent.length;
        }

        /** {@code 2^{-exponent[n]}·h_{L+1}(x_n)}, the sum of input {@code n}'s parts over all lengths. */
        public double[] output(int n) {
            double[] h = new double[parts[0][n].length];
            for (double[][] part : parts) {
                for (int d = 0; d < h.length; d++) {
                    h[d] += part[n][d];
                }
            }
            return h;
        }
    }

    /**
     * The parts of {@code x_n} ({@code x[n]}, all of dimension {@code D}) through {@code depth} blocks.
     *
     * @throws ArithmeticException if a block gives a non-finite entry (its product overflowed, or it holds NaN)
     */
    public static Parts of(int depth, Blocks blocks, double[][] x) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " < 0");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no inputs");
        }
        int samples = x.length;
        int dim = x[0].length;
        double[][][] p = new double[depth + 1][samples][dim];
        for (int n = 0; n < samples; n++) {
            if (x[n].length != dim) {
                throw new IllegalArgumentException("inputs of different dimensions");
            }
            System.arraycopy(x[n], 0, p[0][n], 0, dim);
        }
        int[] exponent = new int[samples];
        for (int n = 0; n < samples; n++) {
            rescale(p, 0, n, exponent);
        }
        for (int i = 0; i < depth; i++) {
            // the parts of lengths 0..i, all inputs, in one batch
            int batch = (i + 1) * samples;
            double[][] in = new double[batch][];
            double[][] out = new double[batch][dim];
            for (int k = 0; k <= i; k++) {
                for (int n = 0; n < samples; n++) {
                    in[k * samples + n] = p[k][n]; // read only; p changes after the batch
                }
            }
            blocks.apply(i, in, out);
            if (!blocks.skipIsIdentity()) {
                double[][] skipped = new double[batch][dim];
                blocks.skip(i, in, skipped);
                for (int k = 0; k <= i; k++) {
                    for (int n = 0; n < samples; n++) {
                        p[k][n] = skipped[k * samples + n];
                    }
                }
            }
            for (int k = i; k >= 0; k--) {
                for (int n = 0; n < samples; n++) {
                    double[] target = p[k + 1][n];
                    double[] add = out[k * samples + n];
                    for (int d = 0; d < dim; d++) {
                        target[d] += add[d];
                    }
                }
            }
            for (int n = 0; n < samples; n++) {
                requireFinite(p, i + 1, n, i);
                rescale(p, i + 1, n, exponent);
            }
        }
        return new Parts(p, exponent);
    }

    private static void requireFinite(double[][][] p, int lengths, int n, int block) {
        for (int k = 0; k <= lengths; k++) {
            for (double v : p[k][n]) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("block " + (block + 1) + " gave a non-finite path part of input "
                            + n + " (length " + k + ")");
                }
            }
        }
    }

    /** Divides the parts of lengths 0..{@code lengths} of input {@code n} by a power of two if they left the range. */
    private static void rescale(double[][][] p, int lengths, int n, int[] exponent) {
        double max = 0;
        for (int k = 0; k <= lengths; k++) {
            for (double v : p[k][n]) {
                max = Math.max(max, Math.abs(v));
            }
        }
        if (max == 0 || (max <= Math.scalb(1.0, LIMIT) && max >= Math.scalb(1.0, -LIMIT))) {
            return;
        }
        int e = Math.getExponent(max);
        for (int k = 0; k < p.length; k++) {
            double[] v = p[k][n];
            for (int d = 0; d < v.length; d++) {
                v[d] = Math.scalb(v[d], -e);
            }
        }
        exponent[n] += e;
    }
}
