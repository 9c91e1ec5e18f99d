package org.resalign.bridge;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully-connected ResNet of the paper's types 1, 4a and 4b (§2.1) trained by its own forward and backward passes in
 * single precision: the same network, loss and optimiser as the DL4J graph of {@link ResNetBuilder} trained by
 * {@link Trainer}, computed without DL4J's per-operation overhead. The matrix products go to OpenBLAS's
 * {@code sgemm} ({@link Blas}), the library DL4J's own products use; batch norm, ReLU, the softmax and the update run
 * as plain loops over preallocated arrays, so a step allocates nothing.
 *
 * <p>What it computes, for a mini-batch {@code X} of {@code m} images:
 * <pre>
 *   h₁ = σ(BN₀(X·W₀)),   h_{i+1} = σ(h_i + BN₂(σ(BN₁(h_i·W₁))·W₂))   (σ(BN₂(…)) without skips),
 *   p = softmax(h_{L+1}·W_out + b_out),   loss = −(1/m) Σ log p[r, y_r] + λ/2 Σ ‖θ‖²
 * </pre>
 * (the score's {@code p} clipped to {@code [1e-10, 1 − 1e-10]} as DL4J's {@code LossMCXENT} clips it; the gradient
 * {@code (p − y)/m} is not)
 * with DL4J's {@code [nIn, nOut]} weights and no biases but the classifier's; batch norm in training mode normalises
 * by the mini-batch's mean and (biased) variance with {@code ε} and moves its running averages by
 * {@code μ ← d·μ + (1−d)·mean}; the L2 term {@code λ/2‖θ‖²} reaches the parameters the run's {@link DecayScope}
 * names (all of them, eq. (1), or the weight matrices only), its gradient {@code λθ} added to the data's before the
 * update (coupled, as DL4J's {@code l2} and PyTorch's {@code weight_decay}); the update is plain SGD
 * {@code θ ← θ − η·g} or DL4J's Nesterov momentum {@code v ← μ·v − η·g}, {@code θ ← θ − (μ·v_prev − (1+μ)·v)},
 * with the learning rate {@code η} of the step. Tests hold its gradients against the DL4J graph's in double precision
 * and its steps, running statistics and momentum against DL4J's own training.
 *
 * <p>{@link #of} copies a DL4J graph's parameters, running statistics and Nesterov momentum; {@link #copyInto} writes
 * them back, so models and checkpoints stay DL4J's own files and either engine can resume the other's checkpoint.
 */
public final class LeanNetwork {

    /** One trainable array with its gradient and momentum, and where it lives in the DL4J graph. */
    private static final class Param {
        final String layer;
        final String key;
        final float[] value;
        final float[] grad;
        /** Nesterov's momentum; empty with plain SGD, which keeps no state. */
        float[] velocity;
        final boolean decayed;

        Param(String layer, String key, float[] value, boolean decayed) {
            this.layer = layer;
            this.key = key;
            this.value = value;
            this.grad = new float[value.length];
            this.velocity = new float[value.length];
            this.decayed = decayed;
        }
    }

    /** A dense layer without bias, {@code Y = X·W}. */
    private static final class Dense {
        final int in;
        final int out;
        final Param w;

        Dense(Layer layer, String name, int in, int out) {
            this.in = in;
            this.out = out;
            this.w = new Param(name, DefaultParamInitializer.WEIGHT_KEY, floats(layer.getParam(
                    DefaultParamInitializer.WEIGHT_KEY), in * out), true);
        }
    }

    /** Batch normalisation over the batch, per feature. */
    private static final class Norm {
        final int width;
        final Param gamma;
        final Param beta;
        final String name;
        final float[] runningMean;
        final float[] runningVar;
        final float eps;
        final float decay;
        /** The last forward pass's normalised input ({@code batch × width}) and {@code 1/√(var+ε)}. */
        final float[] xhat;
        final float[] inverseStd;
        final float[] mean;

        Norm(Layer layer, String name, int width, int batch, boolean decayed) {
            this.width = width;
            this.name = name;
            var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
            if (conf.isUseLogStd() || conf.isLockGammaBeta()) {
                throw new IllegalArgumentException("batch norm " + name + " has a log-std or locked parameter");
            }
            this.eps = (float) conf.getEps();
            this.decay = (float) conf.getDecay();
            this.gamma = new Param(name, BatchNormalizationParamInitializer.GAMMA,
                    floats(layer.getParam(BatchNormalizationParamInitializer.GAMMA), width), decayed);
            this.beta = new Param(name, BatchNormalizationParamInitializer.BETA,
                    floats(layer.getParam(BatchNormalizationParamInitializer.BETA), width), decayed);
            this.runningMean = floats(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), width);
            this.runningVar = floats(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), width);
            this.xhat = new float[batch * width];
            this.inverseStd = new float[width];
            this.mean = new float[width];
        }
    }

    /** LossMCXENT's softmax clipping of the score, in single precision as DL4J applies it. */
    private static final float CLIP = 1e-10f;

    private final ResNetSpec spec;
    private final int batch;
    private final int width;
    private final int classes;
    private final boolean skips;
    private final float weightDecay;
    private final float momentum;
    private final boolean nesterov;
    private final Dense stem;
    private final Norm stemNorm;
    private final Dense[] first;
    private final Norm[] firstNorm;
    private final Dense[] second;
    private final Norm[] secondNorm;
    private final Param outW;
    private final Param outB;
    private final List<Param> params = new ArrayList<>();
    // activations of the last forward pass, batch × width each
    private final float[][] h;
    private final float[][] inner;
    private final float[] x;
    private final float[] logits;
    // scratch for the backward pass
    private final float[] dh;
    private final float[] dNext;
    private final float[] dz;
    private final float[] da;

    private LeanNetwork(ComputationGraph g, ResNetSpec spec, int batch, double weightDecay, DecayScope scope,
            Optimizer optimizer, double momentum) {
        if (spec.type().convolutional()) {
            throw new IllegalArgumentException("the lean engine trains the fully-connected types 1, 4a and 4b, not "
                    + spec.type().optionName());
        }
        if (g.params().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the lean engine trains single-precision networks");
        }
        this.spec = spec;
        this.batch = batch;
        this.width = spec.width();
        this.classes = spec.classes();
        this.skips = spec.type().skips();
        this.weightDecay = (float) weightDecay;
        this.nesterov = optimizer == Optimizer.NESTEROV;
        this.momentum = nesterov ? (float) momentum : 0f;
        boolean all = scope == DecayScope.ALL;
        int l = spec.depth();
        this.stem = new Dense(g.getLayer("stem"), "stem", ResNetSpec.INPUT_SIZE, width);
        this.stemNorm = new Norm(g.getLayer("stem_bn"), "stem_bn", width, batch, all);
        add(stem.w);
        add(stemNorm);
        this.first = new Dense[l];
        this.firstNorm = new Norm[l];
        this.second = new Dense[l];
        this.secondNorm = new Norm[l];
        for (int i = 0; i < l; i++) {
            BlockNames n = new BlockNames(i + 1);
            first[i] = new Dense(g.getLayer(n.layer1()), n.layer1(), width, width);
            add(first[i].w);
            firstNorm[i] = new Norm(g.getLayer(n.norm1()), n.norm1(), width, batch, all);
            add(firstNorm[i]);
            second[i] = new Dense(g.getLayer(n.layer2()), n.layer2(), width, width);
            add(second[i].w);
            secondNorm[i] = new Norm(g.getLayer(n.norm2()), n.norm2(), width, batch, all);
            add(secondNorm[i]);
        }
        Layer out = g.getLayer(ResNetBuilder.OUTPUT);
        this.outW = new Param(ResNetBuilder.OUTPUT, DefaultParamInitializer.WEIGHT_KEY,
                floats(out.getParam(DefaultParamInitializer.WEIGHT_KEY), width * classes), true);
        this.outB = new Param(ResNetBuilder.OUTPUT, DefaultParamInitializer.BIAS_KEY,
                floats(out.getParam(DefaultParamInitializer.BIAS_KEY), classes), all);
        params.add(outW);
        params.add(outB);
        this.h = new float[l + 1][batch * width];
        this.inner = new float[l][batch * width];
        this.x = new float[batch * ResNetSpec.INPUT_SIZE];
        this.logits = new float[batch * classes];
        this.dh = new float[batch * width];
        this.dNext = new float[batch * width];
        this.dz = new float[batch * width];
        this.da = new float[batch * width];
        if (!nesterov) {
            for (Param p : params) {
                p.velocity = new float[0];
            }
        }
        readMomentum(g);
    }

    private void add(Param p) {
        params.add(p);
    }

    private void add(Norm n) {
        params.add(n.gamma);
        params.add(n.beta);
    }

    /**
     * The network of the single-precision graph {@code g} (built by {@link ResNetBuilder} for {@code spec}), with its
     * parameters, running statistics and Nesterov momentum, trained with the optimiser, weight decay and scope of
     * {@code settings} on mini-batches of at most {@code settings.batchSize()}.
     */
    public static LeanNetwork of(ComputationGraph g, ResNetSpec spec, TrainingSettings settings) {
        return new LeanNetwork(g, spec, settings.batchSize(), settings.weightDecay(), settings.decayScope(),
                settings.optimizer(), settings.momentum());
    }

    /** Whether the lean engine can train {@code spec} with stochastic depth {@code p}. */
    public static boolean covers(ResNetSpec spec, double stochasticDepth) {
        return !spec.type().convolutional() && stochasticDepth == 0;
    }

    /**
     * One step of the optimiser on a mini-batch: {@code m} images (row-major in {@code images}, 784 values each) with
     * their labels.
     *
     * @param learningRate η of this step
     * @return the score before the step: the mean cross-entropy plus λ/2 Σ ‖θ‖² over the decayed parameters
     *         (DL4J's {@code score()})
     */
    public double fit(float[] images, int[] labels, int m, double learningRate) {
        double score = gradient(images, labels, m);
        update(learningRate);
        return score;
    }

    /**
     * The update from the gradients of the last {@link #gradient}: adds the L2 term's {@code λθ} to the gradient of
     * every decayed parameter, then steps by plain SGD or Nesterov's method.
     */
    void update(double learningRate) {
        float lr = (float) learningRate;
        float mu = momentum;
        for (Param p : params) {
            float[] w = p.value;
            float[] g = p.grad;
            float[] v = p.velocity;
            if (p.decayed && weightDecay != 0) {
                for (int k = 0; k < w.length; k++) {
                    g[k] += weightDecay * w[k];
                }
            }
            if (nesterov) {
                for (int k = 0; k < w.length; k++) {
                    float previous = v[k];
                    float now = mu * previous - lr * g[k];
                    v[k] = now;
                    w[k] -= mu * previous + (-1 - mu) * now;
                }
            } else {
                for (int k = 0; k < w.length; k++) {
                    w[k] -= lr * g[k];
                }
            }
        }
    }

    /** Sets every parameter's gradient to 0, as if the data had none (for tests of the L2 term alone). */
    void zeroGradients() {
        for (Param p : params) {
            java.util.Arrays.fill(p.grad, 0);
        }
    }

    /** A copy of a parameter's values, by its DL4J name ({@code layer_key}). */
    float[] valueOf(String name) {
        return param(name).value.clone();
    }

    /** The DL4J names ({@code layer_key}) of the trainable parameters. */
    List<String> parameterNames() {
        return params.stream().map(p -> p.layer + "_" + p.key).toList();
    }

    /** Whether the L2 term reaches the parameter of this DL4J name. */
    boolean decays(String name) {
        return param(name).decayed;
    }

    /**
     * The gradient of the mean cross-entropy at a mini-batch, without the L2 term, into each parameter's gradient
     * (read by {@link #gradientOf}); it also moves batch norm's running statistics, as a training pass does.
     *
     * @return the score: the mean cross-entropy plus λ/2 Σ ‖W‖²
     */
    double gradient(float[] images, int[] labels, int m) {
        if (m < 1 || m > batch) {
            throw new IllegalArgumentException("a mini-batch of " + m + " images; this network takes 1 to " + batch);
        }
        int d = width;
        System.arraycopy(images, 0, x, 0, m * ResNetSpec.INPUT_SIZE);
        // forward
        Blas.multiply(false, false, m, d, ResNetSpec.INPUT_SIZE, x, stem.w.value, dz, false);
        normalise(stemNorm, dz, h[0], m);
        relu(h[0], m * d);
        for (int i = 0; i < first.length; i++) {
            Blas.multiply(false, false, m, d, d, h[i], first[i].w.value, dz, false);
            normalise(firstNorm[i], dz, inner[i], m);
            relu(inner[i], m * d);
            Blas.multiply(false, false, m, d, d, inner[i], second[i].w.value, dz, false);
            float[] next = h[i + 1];
            normalise(secondNorm[i], dz, next, m);
            if (skips) {
                float[] prev = h[i];
                for (int k = 0; k < m * d; k++) {
                    next[k] += prev[k];
                }
            }
            relu(next, m * d);
        }
        float[] last = h[first.length];
        Blas.multiply(false, false, m, classes, d, last, outW.value, logits, false);
        double loss = 0;
        for (int r = 0; r < m; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                logits[o + c] += outB.value[c];
                max = Math.max(max, logits[o + c]);
            }
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(logits[o + c] - max);
                logits[o + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                logits[o + c] /= sum;
            }
            // DL4J's score clips the probability to [1e-10, 1 − 1e-10] (its gradient does not)
            loss -= Math.log(Math.min(Math.max(logits[o + labels[r]], CLIP), 1 - CLIP));
            // dL/dlogits = (p − y)/m, in place
            for (int c = 0; c < classes; c++) {
                logits[o + c] = (logits[o + c] - (c == labels[r] ? 1 : 0)) / m;
            }
        }
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("the loss is not finite");
        }
        // backward: the classifier
        Blas.multiply(true, false, d, classes, m, last, logits, outW.grad, false);
        java.util.Arrays.fill(outB.grad, 0);
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < classes; c++) {
                outB.grad[c] += logits[r * classes + c];
            }
        }
        Blas.multiply(false, true, m, d, classes, logits, outW.value, dh, false);
        for (int i = first.length - 1; i >= 0; i--) {
            float[] out = h[i + 1];
            for (int k = 0; k < m * d; k++) {
                dh[k] = out[k] > 0 ? dh[k] : 0; // through the block's final ReLU
            }
            backNormalise(secondNorm[i], dh, dz, m);
            Blas.multiply(true, false, d, d, m, inner[i], dz, second[i].w.grad, false);
            Blas.multiply(false, true, m, d, d, dz, second[i].w.value, da, false);
            float[] a = inner[i];
            for (int k = 0; k < m * d; k++) {
                da[k] = a[k] > 0 ? da[k] : 0;
            }
            backNormalise(firstNorm[i], da, dz, m);
            Blas.multiply(true, false, d, d, m, h[i], dz, first[i].w.grad, false);
            if (skips) {
                System.arraycopy(dh, 0, dNext, 0, m * d);
                Blas.multiply(false, true, m, d, d, dz, first[i].w.value, dNext, true);
            } else {
                Blas.multiply(false, true, m, d, d, dz, first[i].w.value, dNext, false);
            }
            System.arraycopy(dNext, 0, dh, 0, m * d);
        }
        float[] h1 = h[0];
        for (int k = 0; k < m * d; k++) {
            dh[k] = h1[k] > 0 ? dh[k] : 0;
        }
        backNormalise(stemNorm, dh, dz, m);
        Blas.multiply(true, false, ResNetSpec.INPUT_SIZE, d, m, x, dz, stem.w.grad, false);
        double l2 = 0;
        for (Param p : params) {
            if (p.decayed) {
                double s = 0;
                for (float w : p.value) {
                    s += (double) w * w;
                }
                l2 += s;
            }
        }
        return loss / m + 0.5 * weightDecay * l2;
    }

    /**
     * Training-mode batch norm of {@code z} ({@code m × width}) into {@code y}, keeping {@code x̂} and
     * {@code 1/√(var+ε)} for the backward pass and moving the running statistics.
     */
    private static void normalise(Norm n, float[] z, float[] y, int m) {
        int d = n.width;
        float[] mean = n.mean;
        float[] inv = n.inverseStd;
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(inv, 0);
        for (int r = 0; r < m; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                mean[j] += z[o + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= m;
        }
        float[] var = inv; // the variance first, then its inverse square root
        for (int r = 0; r < m; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                float c = z[o + j] - mean[j];
                var[j] += c * c;
            }
        }
        float keep = n.decay;
        for (int j = 0; j < d; j++) {
            var[j] /= m;
            n.runningMean[j] = keep * n.runningMean[j] + (1 - keep) * mean[j];
            n.runningVar[j] = keep * n.runningVar[j] + (1 - keep) * var[j];
            inv[j] = (float) (1 / Math.sqrt(var[j] + n.eps));
        }
        float[] xhat = n.xhat;
        float[] gamma = n.gamma.value;
        float[] beta = n.beta.value;
        for (int r = 0; r < m; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                float t = (z[o + j] - mean[j]) * inv[j];
                xhat[o + j] = t;
                y[o + j] = gamma[j] * t + beta[j];
            }
        }
    }

    /**
     * The backward pass of {@link #normalise}: {@code dγ = Σ dy·x̂}, {@code dβ = Σ dy} into the parameters' gradients,
     * and {@code dz = γ/√(var+ε) · (dy − dβ/m − x̂·dγ/m)}.
     */
    private static void backNormalise(Norm n, float[] dy, float[] dz, int m) {
        int d = n.width;
        float[] dGamma = n.gamma.grad;
        float[] dBeta = n.beta.grad;
        float[] xhat = n.xhat;
        java.util.Arrays.fill(dGamma, 0);
        java.util.Arrays.fill(dBeta, 0);
        for (int r = 0; r < m; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                dBeta[j] += dy[o + j];
                dGamma[j] += dy[o + j] * xhat[o + j];
            }
        }
        float[] gamma = n.gamma.value;
        float[] inv = n.inverseStd;
        float im = 1f / m;
        for (int r = 0; r < m; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                dz[o + j] = gamma[j] * inv[j] * (dy[o + j] - dBeta[j] * im - xhat[o + j] * dGamma[j] * im);
            }
        }
    }

    private static void relu(float[] a, int n) {
        for (int k = 0; k < n; k++) {
            a[k] = Math.max(a[k], 0f);
        }
    }

    /** The last {@link #gradient} of a parameter, by its DL4J name ({@code layer_key}). */
    float[] gradientOf(String name) {
        return param(name).grad.clone();
    }

    private Param param(String name) {
        for (Param p : params) {
            if ((p.layer + "_" + p.key).equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** Writes the parameters, running statistics and momentum into {@code g}, a graph of the same network. */
    public void copyInto(ComputationGraph g) {
        for (Param p : params) {
            Layer layer = g.getLayer(p.layer);
            INDArray current = layer.getParam(p.key);
            layer.setParam(p.key, Nd4j.create(p.value, current.shape(), 'c'));
        }
        for (Norm n : norms()) {
            Layer layer = g.getLayer(n.name);
            INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, Nd4j.create(n.runningMean, mean.shape(),
                    'c'));
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, Nd4j.create(n.runningVar, mean.shape(),
                    'c'));
        }
        if (!nesterov) {
            return; // plain SGD keeps no state
        }
        INDArray state = momentumView(g);
        long offset = 0;
        for (Param p : ordered(g)) {
            segment(g, state, p, offset).assign(Nd4j.create(p.velocity, shapeOf(g, p), 'c'));
            offset += p.velocity.length;
        }
    }

    /**
     * A parameter's momentum inside DL4J's state vector, shaped like the parameter: the state follows the flattened
     * parameter view, in which the weight matrices are column-major.
     */
    private static INDArray segment(ComputationGraph g, INDArray state, Param p, long offset) {
        INDArray param = g.getLayer(p.layer).getParam(p.key);
        return state.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + p.velocity.length))
                .reshape(param.ordering(), param.shape());
    }

    private static long[] shapeOf(ComputationGraph g, Param p) {
        return g.getLayer(p.layer).getParam(p.key).shape();
    }

    private void readMomentum(ComputationGraph g) {
        if (!nesterov) {
            return;
        }
        INDArray state = momentumView(g);
        if (state == null) {
            return; // a fresh graph before its first step has no updater state yet: momentum 0
        }
        long offset = 0;
        for (Param p : ordered(g)) {
            float[] v = segment(g, state, p, offset).dup('c').data().asFloat();
            System.arraycopy(v, 0, p.velocity, 0, v.length);
            offset += p.velocity.length;
        }
    }

    /**
     * DL4J's Nesterov state: one flat vector holding each trainable parameter's momentum in the graph's parameter
     * order (batch norm's running statistics have no updater state).
     */
    private INDArray momentumView(ComputationGraph g) {
        INDArray state = g.getUpdater(true).getStateViewArray();
        if (state == null) {
            return null;
        }
        long expected = params.stream().mapToLong(p -> p.velocity.length).sum();
        if (state.length() != expected) {
            throw new IllegalStateException("DL4J's updater state has " + state.length() + " values, the network's "
                    + "momentum " + expected);
        }
        return state.reshape(state.length());
    }

    /** The parameters in the order of DL4J's flattened parameter vector (the graph's topological order). */
    private List<Param> ordered(ComputationGraph g) {
        List<Param> out = new ArrayList<>();
        for (int index : g.topologicalSortOrder()) {
            var vertex = g.getVertices()[index];
            if (!vertex.hasLayer()) {
                continue;
            }
            String name = vertex.getVertexName();
            for (String key : vertex.getLayer().paramTable().keySet()) {
                for (Param p : params) {
                    if (p.layer.equals(name) && p.key.equals(key)) {
                        out.add(p);
                    }
                }
            }
        }
        if (out.size() != params.size()) {
            throw new IllegalStateException("the graph's parameters do not match the network's");
        }
        return out;
    }

    private List<Norm> norms() {
        List<Norm> out = new ArrayList<>();
        out.add(stemNorm);
        for (int i = 0; i < firstNorm.length; i++) {
            out.add(firstNorm[i]);
            out.add(secondNorm[i]);
        }
        return out;
    }

    /** The architecture. */
    public ResNetSpec spec() {
        return spec;
    }

    private static float[] floats(INDArray a, int expected) {
        if (a == null || a.length() != expected) {
            throw new IllegalArgumentException("a parameter of " + (a == null ? 0 : a.length()) + " values where "
                    + expected + " were expected");
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
