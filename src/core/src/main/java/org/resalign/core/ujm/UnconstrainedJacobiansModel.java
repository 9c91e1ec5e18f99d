package org.resalign.core.ujm;

import java.util.Arrays;

import org.resalign.core.opt.DifferentiableFunction;

/**
 * The objective of the Unconstrained Jacobians Model (paper §3.3, Definition 3.2, and its N-input, C-class
 * generalisation in docs/definitions.md §ujm) with its exact analytic gradient:
 * <pre>
 *   f(J_1..J_L, W) = (1/N) Σ_n ℓ(W h_{L+1,n}, y_n) + λ/2 Σ_i ‖J_i‖_F² + λ/2 ‖W‖_F²,
 *   h_{1,n} = Δx_n,   h_{i+1,n} = (I + J_i) h_{i,n}                        (paper Appendix A, pre-activation)
 * </pre>
 * Backward pass: {@code g_{L+1,n} = Wᵀ ∂ℓ_n/∂z / N}, {@code g_{i,n} = (I + J_i)ᵀ g_{i+1,n}}, and
 * {@code ∂f/∂J_i = Σ_n g_{i+1,n} h_{i,n}ᵀ + λJ_i}, {@code ∂f/∂W = Σ_n (∂ℓ_n/∂z / N) h_{L+1,n}ᵀ + λW}.
 *
 * <p><b>Overflow safety.</b> Every representation and every back-propagated vector is carried as a unit vector and a
 * logarithm of its norm, {@code h = e^a ĥ}, {@code g = e^b ĝ}, renormalised after each layer; the products that reach
 * the gradient, {@code e^{a+b}}, are formed from the sum of logarithms, and the loss derivative enters as
 * {@code log|ℓ'(m)|} (e.g. {@code −softplus(m)} for the logistic loss). A depth at which {@code ∏(1+s)} exceeds the
 * double range, or a margin at which {@code ℓ'(m)} underflows, therefore neither overflows nor loses the gradient.
 * Where the objective itself exceeds the double range the value is {@code +Infinity} (a line search backs off from it);
 * it is never NaN for finite parameters.
 *
 * <p>The parameter vector holds the Jacobians as laid out by the {@link JacobianParametrisation}, then {@code W}
 * (row-major, {@code K×D} with {@code K = 1} for two classes and {@code K = C} otherwise). Instances keep work
 * buffers and are not thread-safe.
 */
public final class UnconstrainedJacobiansModel implements DifferentiableFunction {

    private final UjmData data;
    private final Loss loss;
    private final double lambda;
    private final JacobianParametrisation jacobians;
    private final int dim;
    private final int depth;
    private final int samples;
    private final int outputs;

    // h_i = exp(logH[i][n]) · hHat[i][n], i = 0..L (paper h_1..h_{L+1})
    private final double[][][] hHat;
    private final double[][] logH;
    private final double[][] g;
    private final double[][] work;
    private final double[] logG;
    private final double[] coef;
    private final double[] beta;
    private final double[] logits;
    private final double[] dz;

    public UnconstrainedJacobiansModel(UjmData data, Loss loss, double lambda, JacobianParametrisation jacobians) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (jacobians.dim() != data.dimension()) {
            throw new IllegalArgumentException("Jacobian dimension " + jacobians.dim() + " differs from the input "
                    + "dimension " + data.dimension());
        }
        this.data = data;
        this.loss = loss;
        this.lambda = lambda;
        this.jacobians = jacobians;
        this.dim = data.dimension();
        this.depth = jacobians.depth();
        this.samples = data.size();
        this.outputs = data.binary() ? 1 : data.classes();
        this.hHat = new double[depth + 1][samples][dim];
        this.logH = new double[depth + 1][samples];
        this.g = new double[samples][dim];
        this.work = new double[samples][dim];
        this.logG = new double[samples];
        this.coef = new double[samples];
        this.beta = new double[samples];
        this.logits = new double[outputs];
        this.dz = new double[outputs];
    }

    /** The dense model of paper Definition 3.2 for a problem. */
    public static UnconstrainedJacobiansModel dense(UjmProblem p) {
        return new UnconstrainedJacobiansModel(p.data(), p.loss(), p.lambda(), new DenseJacobians(p.dim(), p.depth()));
    }

    public UjmData data() {
        return data;
    }

    public Loss loss() {
        return loss;
    }

    public double lambda() {
        return lambda;
    }

    public JacobianParametrisation jacobians() {
        return jacobians;
    }

    @Override
    public int dimension() {
        return jacobians.classifierOffset() + outputs * dim;
    }

    /** The classifier {@code W} (a copy), row-major {@code K×D}. */
    public double[] classifier(double[] theta) {
        int off = jacobians.classifierOffset();
        return Arrays.copyOfRange(theta, off, off + outputs * dim);
    }

    @Override
    public double value(double[] theta) {
        return forward(theta, null);
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        return forward(theta, gradient);
    }

    /**
     * The representations {@code h_1..h_{L+1}} of input {@code n} (paper Appendix A), rows {@code 0..L}; entries that
     * exceed the double range are infinite.
     */
    public double[][] trajectory(double[] theta, int n) {
        forward(theta, null);
        double[][] h = new double[depth + 1][dim];
        for (int i = 0; i <= depth; i++) {
            double scale = Math.exp(logH[i][n]);
            for (int k = 0; k < dim; k++) {
                h[i][k] = hHat[i][n][k] == 0 ? 0 : hHat[i][n][k] * scale;
            }
        }
        return h;
    }

    private double forward(double[] theta, double[] gradient) {
        if (theta.length != dimension()) {
            throw new IllegalArgumentException("parameter vector has length " + theta.length + ", expected "
                    + dimension());
        }
        for (int n = 0; n < samples; n++) {
            double[] x = data.inputs()[n];
            double norm = norm(x, dim);
            logH[0][n] = Math.log(norm);
            for (int k = 0; k < dim; k++) {
                hHat[0][n][k] = x[k] / norm;
            }
        }
        double regulariser = 0;
        for (int i = 0; i < depth; i++) {
            double[][] next = hHat[i + 1];
            regulariser += jacobians.multiply(theta, i, hHat[i], next);
            for (int n = 0; n < samples; n++) {
                double[] v = next[n];
                double[] h = hHat[i][n];
                for (int k = 0; k < dim; k++) {
                    v[k] += h[k];
                }
                double logNorm = normalise(v);
                if (Double.isNaN(logNorm)) {
                    return overflow(gradient);
                }
                logH[i + 1][n] = logH[i][n] + logNorm;
            }
        }
        int wOff = jacobians.classifierOffset();
        double wSquared = 0;
        for (int k = 0; k < outputs * dim; k++) {
            wSquared += theta[wOff + k] * theta[wOff + k];
        }
        double lossSum = 0;
        for (int n = 0; n < samples; n++) {
            lossSum += sampleLoss(theta, n, gradient == null ? null : g[n]);
        }
        double value = lossSum / samples + lambda * (regulariser + 0.5 * wSquared);
        if (Double.isNaN(value)) {
            throw new ArithmeticException("the UJM objective is NaN: the parameters contain NaN");
        }
        if (gradient == null || value == Double.POSITIVE_INFINITY) {
            if (gradient != null) {
                Arrays.fill(gradient, 0.0);
            }
            return value;
        }
        // θ is finite here (else the value would be NaN or infinite), so the gradient is finite exactly when every
        // coefficient e^{a+b} is: backward() checks those instead of scanning all L·D² entries again.
        if (!backward(theta, gradient)) {
            return overflow(gradient);
        }
        return value;
    }

    /**
     * Loss of input {@code n}. When {@code seed != null}, also sets the back-propagation seed: {@code seed = Wᵀδ}
     * normalised, {@code logG[n]} its log-scale, and the classifier gradient's data part, where
     * {@code ∂ℓ_n/∂z / N = e^β δ} with {@code max|δ_k| = 1}.
     */
    private double sampleLoss(double[] theta, int n, double[] seed) {
        computeLogits(theta, n, logits);
        double value;
        double logScale;
        int y = data.labels()[n];
        if (outputs == 1) {
            double m = y * logits[0];
            value = loss.value(m);
            logScale = loss.logAbsDerivative(m) - Math.log(samples);
            dz[0] = y * loss.derivativeSign(m);
        } else {
            value = loss.multiclass(logits, y, dz);
            double max = 0;
            for (double v : dz) {
                max = Math.max(max, Math.abs(v));
            }
            logScale = Math.log(max / samples);
            for (int c = 0; c < outputs; c++) {
                dz[c] = max == 0 ? 0 : dz[c] / max;
            }
        }
        if (seed != null) {
            int wOff = jacobians.classifierOffset();
            Arrays.fill(seed, 0.0);
            for (int c = 0; c < outputs; c++) {
                double d = dz[c];
                if (d != 0) {
                    int row = wOff + c * dim;
                    for (int k = 0; k < dim; k++) {
                        seed[k] += d * theta[row + k];
                    }
                }
            }
            logG[n] = logScale + normalise(seed);
            beta[n] = logScale;
        }
        return value;
    }

    private void computeLogits(double[] theta, int n, double[] z) {
        int wOff = jacobians.classifierOffset();
        double a = logH[depth][n];
        for (int c = 0; c < outputs; c++) {
            double p = JacobianParametrisation.dot(theta, wOff + c * dim, hHat[depth][n], dim);
            z[c] = p == 0 ? 0 : Math.copySign(Math.exp(a + Math.log(Math.abs(p))), p);
        }
    }

    /** Fills the gradient; false if a coefficient overflows the double range. */
    private boolean backward(double[] theta, double[] gradient) {
        int wOff = jacobians.classifierOffset();
        // classifier: ∂f/∂W = Σ_n e^{a_n+β_n} δ_n ĥ_{L+1,n}ᵀ + λW. δ_n is recomputed from the loss (cheap: K numbers).
        for (int k = 0; k < outputs * dim; k++) {
            gradient[wOff + k] = lambda * theta[wOff + k];
        }
        for (int n = 0; n < samples; n++) {
            computeLogits(theta, n, logits);
            sampleDelta(n);
            double scale = Math.exp(logH[depth][n] + beta[n]);
            if (!Double.isFinite(scale)) {
                return false;
            }
            for (int c = 0; c < outputs; c++) {
                double f = scale * dz[c];
                if (f != 0) {
                    int row = wOff + c * dim;
                    double[] h = hHat[depth][n];
                    for (int k = 0; k < dim; k++) {
                        gradient[row + k] += f * h[k];
                    }
                }
            }
        }
        for (int i = depth - 1; i >= 0; i--) {
            for (int n = 0; n < samples; n++) {
                coef[n] = Math.exp(logH[i][n] + logG[n]);
                if (!Double.isFinite(coef[n])) {
                    return false;
                }
            }
            jacobians.backward(theta, i, g, hHat[i], coef, lambda, work, gradient);
            if (i > 0) {
                for (int n = 0; n < samples; n++) {
                    double[] v = g[n];
                    double[] t = work[n];
                    for (int k = 0; k < dim; k++) {
                        v[k] += t[k];
                    }
                    logG[n] += normalise(v);
                }
            }
        }
        return true;
    }

    /** Recomputes the normalised loss derivative δ of input {@code n} into {@code dz} (logits already computed). */
    private void sampleDelta(int n) {
        int y = data.labels()[n];
        if (outputs == 1) {
            dz[0] = y * loss.derivativeSign(y * logits[0]);
        } else {
            loss.multiclass(logits, y, dz);
            double max = 0;
            for (double v : dz) {
                max = Math.max(max, Math.abs(v));
            }
            for (int c = 0; c < outputs; c++) {
                dz[c] = max == 0 ? 0 : dz[c] / max;
            }
        }
    }

    private static double overflow(double[] gradient) {
        if (gradient != null) {
            Arrays.fill(gradient, 0.0);
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double norm(double[] v, int len) {
        double max = 0;
        for (int k = 0; k < len; k++) {
            max = Math.max(max, Math.abs(v[k]));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (int k = 0; k < len; k++) {
            double t = v[k] / max;
            s += t * t;
        }
        return max * Math.sqrt(s);
    }

    /**
     * Scales {@code v} to unit norm and returns the logarithm of its former norm: {@code −Infinity} for the zero
     * vector (left as it is), NaN if an entry is not finite.
     */
    static double normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm;
        if (s > 1e-280 && s < 1e280) {
            norm = Math.sqrt(s);
        } else {
            norm = norm(v, v.length);
        }
        if (!Double.isFinite(norm)) {
            return Double.NaN;
        }
        if (norm == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= norm;
        }
        return Math.log(norm);
    }
}
