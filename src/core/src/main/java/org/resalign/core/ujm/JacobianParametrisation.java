package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;

/**
 * How the Residual Jacobians {@code J_1..J_L} of the Unconstrained Jacobians Model are stored in the flat parameter
 * vector {@code θ}: densely ({@link DenseJacobians}, the model of paper Definition 3.2 over full {@code D×D} matrices) or
 * factored as {@code J_i = A_i B_iᵀ} ({@link FactoredJacobians}). {@link UnconstrainedJacobiansModel} runs one
 * forward/backward mechanism over either.
 *
 * <p>Layer {@code i} (0-based here, {@code i+1} in the paper) occupies {@code θ[i·p, (i+1)·p)} with
 * {@code p = parametersPerLayer()}; the classifier follows the last layer.
 */
public interface JacobianParametrisation {

    /** {@code D}. */
    int dim();

    /** {@code L}. */
    int depth();

    /** Parameters of one layer. */
    int parametersPerLayer();

    /** Offset of layer {@code i} in {@code θ}. */
    default int layerOffset(int i) {
        return i * parametersPerLayer();
    }

    /** Offset of the classifier in {@code θ}. */
    default int classifierOffset() {
        return depth() * parametersPerLayer();
    }

    /**
     * Forward product: {@code out[n] = J_i·in[n]} for every input {@code n}.
     *
     * @return {@code ½‖J_i‖_F²}, the layer's regulariser (computed in the same pass over the parameters)
     */
    double multiply(double[] theta, int i, double[][] in, double[][] out);

    /**
     * Backward product and gradient, in one pass over the layer's parameters:
     * {@code out[n] = J_iᵀ·g[n]}, and the layer's slice of {@code gradient} is set to the derivative, with respect to
     * the layer's parameters, of {@code Σ_n coef[n]·g[n]ᵀ J_i h[n] + λ·½‖J_i‖_F²}.
     */
    void backward(double[] theta, int i, double[][] g, double[][] h, double[] coef, double lambda, double[][] out,
                  double[] gradient);

    /** {@code J_i} as a dense matrix (formed explicitly: {@code D²} doubles). */
    DMatrixRMaj jacobian(double[] theta, int i);

    /** Writes the dense matrix {@code J} into layer {@code i} of {@code θ} (for parametrisations that can hold it). */
    void setJacobian(double[] theta, int i, DMatrixRMaj j);

    /**
     * {@code σ₁, σ₂, u₁, v₁} of {@code J_i}. The default forms the dense matrix; parametrisations with structure
     * override it.
     */
    default LeadingSingularPair leadingPair(double[] theta, int i) {
        return LeadingSingularPair.ofDense(jacobian(theta, i));
    }

    /** Unrolled dot product {@code Σ_k a[aOff+k]·b[k]}, {@code k < len}, with four accumulators for throughput. */
    static double dot(double[] a, int aOff, double[] b, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[aOff + k] * b[k];
            s1 += a[aOff + k + 1] * b[k + 1];
            s2 += a[aOff + k + 2] * b[k + 2];
            s3 += a[aOff + k + 3] * b[k + 3];
        }
        for (; k < len; k++) {
            s0 += a[aOff + k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
