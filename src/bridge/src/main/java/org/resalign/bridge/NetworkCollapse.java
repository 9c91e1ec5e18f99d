package org.resalign.bridge;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.nc.NeuralCollapse;
import org.resalign.core.seed.Seeds;

/**
 * Neural Collapse (Papyan, Han &amp; Donoho 2020; the paper's §5 and Figure 7 set it beside RA) of a network: NC1–NC4
 * ({@link NeuralCollapse}) of its last-layer features, the input of its linear classifier ({@code h_{L+1}}, averaged
 * over the positions for the convolutional types), at training images drawn from a seed, in double precision with
 * batch norm in inference mode.
 *
 * @param inputs   the training images measured at
 * @param accuracy the classifier's accuracy at them
 * @param measures NC1–NC4
 */
public record NetworkCollapse(int inputs, double accuracy, NeuralCollapse measures) {

    private static final int BATCH = 500;

    /**
     * The training images {@code n} of {@code train} drawn from {@code seed} (distinct, in the order drawn), or all of
     * them in order when {@code n} is their number.
     */
    public static int[] chooseInputs(Images train, int n, long seed) {
        if (n < train.classes() || n > train.size()) {
            throw new InvalidInputException("collapseInputs", "{collapseInputs} must lie between the " + train.classes()
                    + " classes and the " + train.size() + " training images, got " + n);
        }
        if (n == train.size()) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        return Seeds.distinct(Seeds.stream(seed, Seeds.Purpose.COLLAPSE_INPUTS), train.size(), n);
    }

    /**
     * NC1–NC4 of {@code network} (any precision; a double-precision copy is measured) at the training images
     * {@code indices} of {@code train}, which must hold every class.
     */
    public static NetworkCollapse of(ComputationGraph network, Images train, int[] indices) {
        ComputationGraph g = JacobianExtraction.inDouble(network);
        double[][] features = features(g, train, indices);
        int[] labels = new int[indices.length];
        int[] count = new int[train.classes()];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = train.labels()[indices[i]];
            count[labels[i]]++;
        }
        for (int c = 0; c < count.length; c++) {
            if (count[c] == 0) {
                throw new InvalidInputException("collapseInputs", "the %s training images of {collapseInputs} hold no "
                        + "image of class " + c + "; take more", indices.length);
            }
        }
        double[][] wt = NetworkPaths.Classifier.weights(g); // D × C
        double[] b = NetworkPaths.Classifier.bias(g);
        double[][] w = new double[wt[0].length][wt.length];
        for (int d = 0; d < wt.length; d++) {
            for (int c = 0; c < wt[0].length; c++) {
                w[c][d] = wt[d][c];
            }
        }
        int correct = 0;
        for (int i = 0; i < features.length; i++) {
            if (NeuralCollapse.classify(w, b, features[i]) == labels[i]) {
                correct++;
            }
        }
        return new NetworkCollapse(indices.length, (double) correct / indices.length,
                NeuralCollapse.of(features, labels, w, b));
    }

    /** The classifier's inputs (pooled {@code h_{L+1}}) at the images {@code indices}, from DL4J's forward pass. */
    static double[][] features(ComputationGraph g, Images images, int[] indices) {
        List<String> feeding = g.getConfiguration().getVertexInputs().get(ResNetBuilder.OUTPUT);
        String last = feeding.get(0);
        int side = ResNetSpec.INPUT_SIZE;
        double[][] features = new double[indices.length][];
        for (int from = 0; from < indices.length; from += BATCH) {
            int m = Math.min(BATCH, indices.length - from);
            double[] x = new double[m * side];
            for (int r = 0; r < m; r++) {
                System.arraycopy(images.image(indices[from + r]), 0, x, r * side, side);
            }
            Map<String, INDArray> act = g.feedForward(Nd4j.create(x, new long[] {m, side}), false);
            double[][] h = act.get(last).reshape(m, -1).toDoubleMatrix();
            System.arraycopy(h, 0, features, from, m); // NeuralCollapse.of refuses a feature that is not finite
        }
        return features;
    }
}
