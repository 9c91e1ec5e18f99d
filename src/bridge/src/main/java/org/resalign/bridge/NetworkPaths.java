package org.resalign.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.paths.PathDecomposition;
import org.resalign.core.paths.PathShares;
import org.resalign.core.seed.Seeds;

/**
 * The unravelled view of Veit, Wilber &amp; Belongie (NeurIPS 2016, §3 and §5) on a trained network at its training
 * inputs, through its linearisation. With ReLUs and batch norm in inference mode every block is piecewise affine, so
 * at an input the blocks act on {@code h_1} as {@code h_{L+1} = (S_L + J_L)…(S_1 + J_1)h_1 + c}: {@code J_i} the
 * Residual Jacobian (paper §1.3), {@code S_i = diag(σ'(h_i + F(h_i)))} the skip branch after its ReLU ({@code 0}
 * without skips), and {@code c} what the linearisation leaves out: the batch norms' shifts ({@code β − γμ/σ}) carried
 * through the blocks. The margin {@code m = z_y − z_c} (the input's label against its strongest other class, logits
 * {@code z = Wᵀh_{L+1} + b}) is then {@code Σ_k r·e_k h_1 + (r·c + b_y − b_c)} with {@code r = W_y − W_c} (through the
 * average pooling for convolutional types): {@code pathShare_k} is the length-{@code k} part over {@code m}, and
 * {@code affineShare} the rest, {@code 1 − Σ_k pathShare_k}.
 *
 * <p>The gradient by path length, Veit's Figure 6: each path (a choice of {@code S_i} or {@code J_i} at every block)
 * carries the gradient {@code ∂m/∂h_1} along it, {@code F_1ᵀ…F_Lᵀ r}; {@code pathGradientNorm_k} is its norm averaged
 * over the paths of length {@code k} (Figure 6b), and {@code gradientShare_k} the share of {@code C(L,k)} times that
 * (Figure 6c, the total gradient magnitude the paths of each length carry). All {@code 2^L} paths are taken when
 * there are at most {@link #ALL_PATHS}, else {@code pathSamples} per length drawn uniformly
 * ({@link Seeds.Purpose#PATHS}).
 */
public final class NetworkPaths {

    /** Up to this many paths, all are taken. */
    public static final int ALL_PATHS = 4096;

    private NetworkPaths() {
    }

    /**
     * One input's decomposition.
     *
     * @param index           its place in the training images
     * @param label           its label {@code y}
     * @param rival           the strongest other class {@code c}
     * @param margin          {@code z_y − z_c}
     * @param pathShare       {@code k = 0..L}
     * @param affineShare     {@code 1 − Σ_k pathShare_k}
     * @param pathGradientNorm {@code k = 0..L}: the mean over paths of length {@code k} of the norm of their gradient
     * @param gradientShare   {@code k = 0..L}: {@code C(L,k)·pathGradientNorm_k}, normalised to sum to 1
     */
    public record InputPaths(int index, int label, int rival, double margin, double[] pathShare, double affineShare,
                             double[] pathGradientNorm, double[] gradientShare) {
    }

    /**
     * The JSON of {@code bridge paths}: the inputs pooled, and each input. {@code pathShare} and {@code affineShare}
     * are shares of the inputs' total margin ({@link PathShares#pooled}); the gradient's figures are means over the
     * inputs of each input's.
     *
     * @param pathsPerLength       "all", or the paths sampled per length
     * @param effectivePathLength  {@code Σ_k k·|pathShare_k| / Σ_k |pathShare_k|} ({@link PathShares#effectiveLength})
     * @param effectiveGradientLength {@code Σ_k k·gradientShare_k}, the same for the gradient's shares
     */
    public record Report(String command, String model, String type, int width, int depth, boolean skips, long seed,
                         String pathsPerLength, Map<String, String> versions, double seconds, double[] pathShare,
                         double affineShare, double effectivePathLength, double[] pathCountShare,
                         double[] pathGradientNorm, double[] gradientShare, double effectiveGradientLength,
                         List<InputPaths> byInput) {
    }

    /**
     * The decomposition of {@code loaded} at {@code inputs} training images of {@code train} chosen by {@code seed}
     * (as {@code bridge analyze} chooses them, {@link NetworkAnalysis#chooseInputs}).
     *
     * @param pathSamples paths per length when there are more than {@link #ALL_PATHS}
     * @param progress    told the number of inputs done
     */
    public static Report run(String command, String model, ModelFile.Loaded loaded, Images train, int inputs,
            long seed, int pathSamples, IntConsumer progress) {
        if (pathSamples < 1) {
            throw new InvalidInputException("pathSamples", "{pathSamples} must be ≥ 1, got " + pathSamples);
        }
        long t0 = System.nanoTime();
        ResNetSpec spec = loaded.info().spec();
        spec.requireOneStage("paths");
        ComputationGraph g = JacobianExtraction.inDouble(loaded.graph());
        JacobianExtraction.Network measured = JacobianExtraction.of(g, spec);
        Classifier classifier = Classifier.of(g, spec);
        int depth = spec.depth();
        boolean all = depth < 31 && 1 << depth <= ALL_PATHS;
        int[] chosen = NetworkAnalysis.chooseInputs(train.size(), inputs, seed);
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.PATHS);
        List<InputPaths> byInput = new ArrayList<>();
        for (int c : chosen) {
            JacobianExtraction.AtInput at = measured.at(train.image(c));
            byInput.add(at(classifier, spec, at, c, train.labels()[c], all ? null
                    : samples(rng, depth, pathSamples)));
            progress.accept(byInput.size());
        }
        double[] norm = new double[depth + 1];
        double[] gradient = new double[depth + 1];
        double[][] shares = new double[byInput.size()][];
        double[] margins = new double[byInput.size()];
        for (int n = 0; n < byInput.size(); n++) {
            InputPaths p = byInput.get(n);
            for (int k = 0; k <= depth; k++) {
                norm[k] += p.pathGradientNorm()[k] / byInput.size();
                gradient[k] += p.gradientShare()[k] / byInput.size();
            }
            shares[n] = p.pathShare();
            margins[n] = p.margin();
        }
        double[] share = PathShares.pooled(shares, margins);
        double affine = 1;
        for (double v : share) {
            affine -= v;
        }
        return new Report(command, model, spec.type().optionName(), spec.width(), depth, spec.type().skips(), seed,
                all ? "all" : Integer.toString(pathSamples), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9,
                share, affine, PathShares.effectiveLength(share), PathShares.pathCountShare(depth), norm, gradient,
                PathShares.effectiveLength(gradient), byInput);
    }

    /** {@code perLength} paths of each length {@code k = 0..L}, as block masks (bit {@code i}: block {@code i+1}'s branch). */
    static List<long[]> samples(RandomGenerator rng, int depth, int perLength) {
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k <= depth; k++) {
            long[] masks = new long[perLength];
            for (int s = 0; s < perLength; s++) {
                long m = 0;
                for (int block : Seeds.distinct(rng, depth, k)) {
                    m |= 1L << block;
                }
                masks[s] = m;
            }
            out.add(masks);
        }
        return out;
    }

    /** The classifier's readout: {@code W} as {@code [features][classes]} and {@code b}, in double precision. */
    record Classifier(double[][] w, double[] b, int pooledOver) {

        static Classifier of(ComputationGraph g, ResNetSpec spec) {
            int pooled = spec.type().convolutional() ? spec.sideAt(spec.depth() + 1) * spec.sideAt(spec.depth() + 1)
                    : 1;
            return new Classifier(weights(g), bias(g), pooled);
        }

        /** The output layer's {@code W} of {@code g}, {@code [features][classes]}, in double precision. */
        static double[][] weights(ComputationGraph g) {
            return g.getLayer(ResNetBuilder.OUTPUT).getParam(DefaultParamInitializer.WEIGHT_KEY).toDoubleMatrix();
        }

        /** The output layer's {@code b} of {@code g}, in double precision. */
        static double[] bias(ComputationGraph g) {
            return g.getLayer(ResNetBuilder.OUTPUT).getParam(DefaultParamInitializer.BIAS_KEY).toDoubleVector();
        }

        /** {@code z = Wᵀ·pool(h) + b}. */
        double[] logits(double[] h) {
            double[] z = b.clone();
            for (int f = 0; f < w.length; f++) {
                double v = 0;
                for (int s = 0; s < pooledOver; s++) {
                    v += h[f * pooledOver + s];
                }
                v /= pooledOver;
                for (int c = 0; c < z.length; c++) {
                    z[c] += w[f][c] * v;
                }
            }
            return z;
        }

        /** {@code r} with {@code r·h = (W_y − W_c)·pool(h)}. */
        double[] readout(int y, int c, int dim) {
            double[] r = new double[dim];
            for (int f = 0; f < w.length; f++) {
                for (int s = 0; s < pooledOver; s++) {
                    r[f * pooledOver + s] = (w[f][y] - w[f][c]) / pooledOver;
                }
            }
            return r;
        }
    }

    /** The blocks of {@code at} as linear maps: {@code J_i} and the skip {@code S_i = diag(1[h_{i+1} > 0])} (0 without skips). */
    static PathDecomposition.Blocks blocks(JacobianExtraction.AtInput at, boolean skips) {
        List<ResidualJacobian> js = at.jacobians();
        double[][] t = at.trajectory();
        return new PathDecomposition.Blocks() {
            @Override
            public void apply(int i, double[][] in, double[][] out) {
                DMatrixRMaj y = js.get(i).times(columns(in));
                for (int n = 0; n < in.length; n++) {
                    for (int d = 0; d < y.numRows; d++) {
                        out[n][d] = y.get(d, n);
                    }
                }
            }

            @Override
            public boolean skipIsIdentity() {
                return false;
            }

            @Override
            public void skip(int i, double[][] in, double[][] out) {
                double[] h = t[i + 1];
                for (int n = 0; n < in.length; n++) {
                    for (int d = 0; d < h.length; d++) {
                        out[n][d] = skips && h[d] > 0 ? in[n][d] : 0;
                    }
                }
            }
        };
    }

    static DMatrixRMaj columns(double[][] v) {
        DMatrixRMaj m = new DMatrixRMaj(v[0].length, v.length);
        for (int n = 0; n < v.length; n++) {
            for (int d = 0; d < v[n].length; d++) {
                m.set(d, n, v[n][d]);
            }
        }
        return m;
    }

    /** One input: its margin by path length, and its gradient by path (all paths when {@code sampled} is null). */
    static InputPaths at(Classifier classifier, ResNetSpec spec, JacobianExtraction.AtInput at, int index,
            int label, List<long[]> sampled) {
        int depth = spec.depth();
        double[][] t = at.trajectory();
        double[] h1 = t[0];
        double[] hOut = t[depth];
        double[] z = classifier.logits(hOut);
        int rival = -1;
        for (int c = 0; c < z.length; c++) {
            if (c != label && (rival < 0 || z[c] > z[rival])) {
                rival = c;
            }
        }
        double margin = z[label] - z[rival];
        double[] r = classifier.readout(label, rival, hOut.length);
        PathDecomposition.Blocks blocks = blocks(at, spec.type().skips());
        PathDecomposition.Parts parts = PathDecomposition.of(depth, blocks, new double[][] {h1});
        double[] share = new double[depth + 1];
        double sum = 0;
        for (int k = 0; k <= depth; k++) {
            double v = 0;
            for (int d = 0; d < r.length; d++) {
                v += r[d] * parts.parts()[k][0][d];
            }
            share[k] = Math.scalb(v, parts.exponent()[0]) / margin;
            sum += share[k];
        }
        double[] norm = new double[depth + 1];
        List<long[]> paths = sampled;
        if (paths == null) {
            paths = new ArrayList<>();
            List<List<Long>> byLength = new ArrayList<>();
            for (int k = 0; k <= depth; k++) {
                byLength.add(new ArrayList<>());
            }
            for (long m = 0; m < 1L << depth; m++) {
                byLength.get(Long.bitCount(m)).add(m);
            }
            for (List<Long> l : byLength) {
                paths.add(l.stream().mapToLong(Long::longValue).toArray());
            }
        }
        for (int k = 0; k <= depth; k++) {
            double[] norms = pathGradientNorms(at, spec.type().skips(), r, paths.get(k));
            for (double v : norms) {
                norm[k] += v / norms.length;
            }
        }
        double[] gradient = new double[depth + 1];
        double total = 0;
        double[] count = PathShares.pathCountShare(depth); // C(L,k)/2^L: the same weights up to one factor
        for (int k = 0; k <= depth; k++) {
            gradient[k] = count[k] * norm[k];
            total += gradient[k];
        }
        for (int k = 0; k <= depth; k++) {
            gradient[k] = total > 0 ? gradient[k] / total : Double.NaN;
        }
        return new InputPaths(index, label, rival, margin, share, 1 - sum, norm, gradient);
    }

    /** {@code ‖F_1ᵀ…F_Lᵀ r‖} for each path of {@code masks}: the column norms of {@link #pathGradients}. */
    static double[] pathGradientNorms(JacobianExtraction.AtInput at, boolean skips, double[] r, long[] masks) {
        DMatrixRMaj g = pathGradients(at, skips, r, masks);
        double[] out = new double[masks.length];
        for (int p = 0; p < masks.length; p++) {
            double s = 0;
            for (int d = 0; d < g.numRows; d++) {
                s += g.get(d, p) * g.get(d, p);
            }
            out[p] = Math.sqrt(s);
        }
        return out;
    }

    /**
     * The gradient {@code F_1ᵀ…F_Lᵀ r} of each path of {@code masks} as the columns of one block
     * ({@code F_i = J_i} where bit {@code i−1} is set, else {@code S_i}).
     */
    static DMatrixRMaj pathGradients(JacobianExtraction.AtInput at, boolean skips, double[] r, long[] masks) {
        int depth = at.jacobians().size();
        int dim = r.length;
        DMatrixRMaj g = new DMatrixRMaj(dim, masks.length);
        for (int p = 0; p < masks.length; p++) {
            for (int d = 0; d < dim; d++) {
                g.set(d, p, r[d]);
            }
        }
        for (int i = depth - 1; i >= 0; i--) {
            DMatrixRMaj through = at.jacobians().get(i).transposeTimes(g);
            double[] h = at.trajectory()[i + 1];
            for (int p = 0; p < masks.length; p++) {
                boolean branch = (masks[p] >>> i & 1) != 0;
                for (int d = 0; d < dim; d++) {
                    g.set(d, p, branch ? through.get(d, p) : skips && h[d] > 0 ? g.get(d, p) : 0);
                }
            }
        }
        return g;
    }
}
