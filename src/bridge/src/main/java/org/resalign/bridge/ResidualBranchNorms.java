package org.resalign.bridge;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hipparchus.stat.descriptive.DescriptiveStatistics;
import org.hipparchus.stat.regression.SimpleRegression;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How far each residual branch is from the identity: {@code ‖F(h_i)‖/‖h_i‖} by depth, at initialisation and after
 * training (De &amp; Smith, "Batch Normalization Biases Residual Blocks Towards the Identity Function in Deep
 * Networks", NeurIPS 2020). Their argument: with batch norm ending the branch, {@code F(h_i)} has unit variance per
 * unit at initialisation while {@code h_i}'s grows with the blocks summed into it, so the ratio falls with depth, like
 * {@code 1/√i} when the variance grows linearly, and the block is close to the identity. {@code F} is the branch
 * {@code BN₂(W₂σ(BN₁(W₁h)))} before the sum, {@code h_i} the block's input, both from the network's own forward pass
 * in inference mode, in double precision; the initial network is the run's own initialisation with its batch-norm
 * statistics estimated ({@link InitialNetwork}). The exponent is the least-squares slope of {@code log ratio} on
 * {@code log i} over the blocks.
 */
public final class ResidualBranchNorms {

    private ResidualBranchNorms() {
    }

    /**
     * The branch ratios of one network.
     *
     * @param mean     block {@code i = 1..L}: the mean over inputs of {@code ‖F(h_i)‖/‖h_i‖}
     * @param sd       its standard deviation over the inputs
     * @param exponent the slope of {@code log mean_i} on {@code log i} (−1/2 is {@code 1/√i})
     * @param rSquared that fit's R²
     */
    public record Ratios(double[] mean, double[] sd, double exponent, double rSquared) {
    }

    /**
     * The JSON of {@code bridge branches}.
     *
     * @param initial the run's network at initialisation (null for an imported network, whose start is unknown)
     * @param trained the saved network
     */
    public record Report(String command, String model, String type, int width, int depth, boolean skips, int inputs,
                         long seed, Map<String, String> versions, double seconds, Ratios initial, Ratios trained) {
    }

    /** Measures {@code loaded} and its initialisation at {@code inputs} training images chosen by {@code seed}. */
    public static Report run(String command, String model, ModelFile.Loaded loaded, Split data, int inputs, long seed) {
        long t0 = System.nanoTime();
        ResNetSpec spec = loaded.info().spec();
        spec.requireOneStage("the branch ratios");
        int[] chosen = NetworkAnalysis.chooseInputs(data.train().size(), inputs, seed);
        double[][] x = new double[chosen.length][];
        for (int n = 0; n < chosen.length; n++) {
            x[n] = data.train().image(chosen[n]);
        }
        Ratios trained = of(loaded.graph(), spec, x);
        Ratios initial = loaded.info().imported() ? null
                : of(InitialNetwork.of(loaded.info(), data).graph(), spec, x);
        return new Report(command, model, spec.type().optionName(), spec.width(), spec.depth(), spec.type().skips(),
                chosen.length, seed, BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, initial, trained);
    }

    /** The ratios of {@code network} (any precision; measured in double) at the inputs {@code x}. */
    public static Ratios of(ComputationGraph network, ResNetSpec spec, double[][] x) {
        ComputationGraph g = JacobianExtraction.inDouble(network);
        Map<String, INDArray> act = g.feedForward(Nd4j.create(x), false);
        int depth = spec.depth();
        double[] mean = new double[depth];
        double[] sd = new double[depth];
        SimpleRegression fit = new SimpleRegression();
        for (int i = 1; i <= depth; i++) {
            BlockNames n = new BlockNames(i);
            double[][] h = flat(act.get(n.input()), x.length);
            // the branch as it enters the sum: α·F(h_i) when the network scales its branches
            double[][] f = flat(act.get(act.containsKey(n.scale()) ? n.scale() : n.norm2()), x.length);
            DescriptiveStatistics st = new DescriptiveStatistics();
            for (int r = 0; r < x.length; r++) {
                double hn = norm(h[r]);
                st.addValue(hn > 0 ? norm(f[r]) / hn : Double.NaN);
            }
            mean[i - 1] = st.getMean();
            sd[i - 1] = x.length > 1 ? st.getStandardDeviation() : 0;
            if (mean[i - 1] > 0 && Double.isFinite(mean[i - 1])) {
                fit.addData(Math.log(i), Math.log(mean[i - 1]));
            }
        }
        return new Ratios(mean, sd, fit.getN() >= 2 ? fit.getSlope() : Double.NaN,
                fit.getN() >= 3 ? fit.getRSquare() : Double.NaN);
    }

    private static double[][] flat(INDArray a, int rows) {
        return a.reshape(rows, a.length() / rows).toDoubleMatrix();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
