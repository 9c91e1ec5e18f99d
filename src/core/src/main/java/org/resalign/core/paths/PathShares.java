package org.resalign.core.paths;

import java.util.Arrays;

import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * The share of a margin carried by the paths of each length (Veit et al. 2016, §3 and §5, whose Figure 6 weighs path
 * lengths by what they carry). For input {@code n} with readout {@code r_n} (the margin is {@code m_n = r_nᵀh_{L+1}},
 * e.g. {@code r_n = y_n·w} for the binary UJM), the length-{@code k} part of the margin is
 * {@code m_{n,k} = r_nᵀ e_k(J_L, …, J_1) x_n}, and its share {@code m_{n,k} / m_n}; the shares of one input sum to 1
 * (they may be negative when paths cancel). {@code pathShare} pools the inputs: the share of their total margin,
 * {@code Σ_n m_{n,k} / Σ_n m_n} ({@link #pooled}), so that an input whose margin is near zero, whose own shares are
 * then huge, weighs by its margin; the effective path length is the mean length weighted by the shares' sizes,
 * {@link #effectiveLength(double[])}.
 *
 * @param pathShare       {@code k = 0..L}: the share of the inputs' total margin ({@link #pooled})
 * @param byInput         {@code byInput[n][k]}: input {@code n}'s shares
 * @param effectiveLength {@code Σ_k k·|pathShare_k| / Σ_k |pathShare_k|}
 * @param margins         each input's margin {@code m_n}, as {@code 2^{-exponent[n]}·m_n} (its sign is the margin's)
 */
public record PathShares(double[] pathShare, double[][] byInput, double effectiveLength, double[] margins) {

    /**
     * The shares of {@code parts} under the readouts {@code readout[n]}.
     *
     * @throws ArithmeticException when an input's margin is zero (its shares are undefined)
     */
    public static PathShares of(PathDecomposition.Parts parts, double[][] readout) {
        int samples = parts.inputs();
        int depth = parts.depth();
        if (readout.length != samples) {
            throw new IllegalArgumentException(readout.length + " readouts for " + samples + " inputs");
        }
        double[][] byInput = new double[samples][depth + 1];
        double[] margins = new double[samples];
        for (int n = 0; n < samples; n++) {
            double[] m = new double[depth + 1];
            for (int k = 0; k <= depth; k++) {
                m[k] = dot(readout[n], parts.parts()[k][n]);
            }
            double margin = dot(readout[n], parts.output(n));
            if (margin == 0 || !Double.isFinite(margin)) {
                throw new ArithmeticException("input " + n + " has margin " + margin + ": its path shares are "
                        + "undefined");
            }
            margins[n] = margin;
            for (int k = 0; k <= depth; k++) {
                byInput[n][k] = m[k] / margin;
            }
        }
        // the margins in one scale: 2^{exponent_n − max exponent}·(scaled margin), which cannot overflow
        int top = java.util.Arrays.stream(parts.exponent()).max().orElse(0);
        double[] common = new double[samples];
        for (int n = 0; n < samples; n++) {
            common[n] = Math.scalb(margins[n], parts.exponent()[n] - top);
        }
        double[] pooled = pooled(byInput, common);
        return new PathShares(pooled, byInput, effectiveLength(pooled), margins);
    }

    /**
     * The inputs' shares pooled: {@code Σ_n share_{n,k}·m_n / Σ_n m_n}, the share of their total margin (margins in
     * one common scale). For one input, its shares.
     *
     * @throws ArithmeticException when the margins sum to zero
     */
    public static double[] pooled(double[][] byInput, double[] margins) {
        double total = 0;
        for (double m : margins) {
            total += m;
        }
        if (total == 0 || !Double.isFinite(total)) {
            throw new ArithmeticException("the margins sum to " + total + ": pooled path shares are undefined");
        }
        double[] out = new double[byInput[0].length];
        for (int n = 0; n < byInput.length; n++) {
            for (int k = 0; k < out.length; k++) {
                out[k] += byInput[n][k] * margins[n] / total;
            }
        }
        return out;
    }

    /**
     * The mean path length weighted by the shares' sizes, {@code Σ_k k·|share_k| / Σ_k |share_k|}: with shares that
     * are all positive (the UJM's aligned optimum, gradient magnitudes) the mean length under them, and still a length
     * in {@code [0, L]} when paths of some lengths cancel others. NaN when every share is zero.
     */
    public static double effectiveLength(double[] share) {
        double length = 0;
        double total = 0;
        for (int k = 0; k < share.length; k++) {
            length += k * Math.abs(share[k]);
            total += Math.abs(share[k]);
        }
        return total > 0 ? length / total : Double.NaN;
    }

    /** The count of paths of each length as a share of all {@code 2^L}: {@code C(L, k)/2^L}, Binomial(L, 1/2). */
    public static double[] pathCountShare(int depth) {
        return binomial(depth, 0.5);
    }

    /** The probabilities of Binomial({@code depth}, {@code p}) at {@code k = 0..depth} (Hipparchus). */
    public static double[] binomial(int depth, double p) {
        BinomialDistribution b = new BinomialDistribution(depth, p);
        double[] out = new double[depth + 1];
        for (int k = 0; k <= depth; k++) {
            out[k] = b.probability(k);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("readout of dimension " + a.length + " for parts of dimension "
                    + b.length);
        }
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathShares p && Arrays.equals(pathShare, p.pathShare)
                && Arrays.deepEquals(byInput, p.byInput) && Double.compare(effectiveLength, p.effectiveLength) == 0
                && Arrays.equals(margins, p.margins);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pathShare);
    }

    @Override
    public String toString() {
        return "PathShares" + Arrays.toString(pathShare) + ", effective length " + effectiveLength;
    }
}
