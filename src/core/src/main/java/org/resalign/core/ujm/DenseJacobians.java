package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;

/**
 * Full {@code D×D} Residual Jacobians, row-major, {@code D²} parameters per layer: the Unconstrained Jacobians Model
 * exactly as paper Definition 3.2 states it.
 *
 * <p>Each pass reads every {@code J_i} once: the forward product reads it for {@code J_i h} and {@code ½‖J_i‖_F²}; the
 * backward pass reads it once for {@code J_iᵀ g} and writes the gradient {@code Σ_n c_n g_n h_nᵀ + λJ_i} in the
 * same sweep. One gradient evaluation therefore streams {@code 3·L·D²} doubles, the floor that
 * {@code GradientBench} compares it with.
 */
public final class DenseJacobians implements JacobianParametrisation {

    private final int dim;
    private final int depth;

    public DenseJacobians(int dim, int depth) {
        this.dim = dim;
        this.depth = depth;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public int parametersPerLayer() {
        return dim * dim;
    }

    @Override
    public double multiply(double[] theta, int i, double[][] in, double[][] out) {
        int d = dim;
        int base = layerOffset(i);
        double sq = 0;
        for (int r = 0; r < d; r++) {
            int row = base + r * d;
            for (int n = 0; n < in.length; n++) {
                out[n][r] = JacobianParametrisation.dot(theta, row, in[n], d);
            }
            double q0 = 0, q1 = 0;
            int c = 0;
            for (; c + 1 < d; c += 2) {
                double a = theta[row + c];
                double b = theta[row + c + 1];
                q0 += a * a;
                q1 += b * b;
            }
            if (c < d) {
                q0 += theta[row + c] * theta[row + c];
            }
            sq += q0 + q1;
        }
        return 0.5 * sq;
    }

    @Override
    public void backward(double[] theta, int i, double[][] g, double[][] h, double[] coef, double lambda,
                         double[][] out, double[] gradient) {
        int d = dim;
        int base = layerOffset(i);
        int samples = g.length;
        for (int n = 0; n < samples; n++) {
            java.util.Arrays.fill(out[n], 0.0);
        }
        for (int r = 0; r < d; r++) {
            int row = base + r * d;
            // gradient row r = λ·J[r,:] + Σ_n coef_n g_n[r] h_n ; out_n += g_n[r]·J[r,:]
            for (int c = 0; c < d; c++) {
                gradient[row + c] = lambda * theta[row + c];
            }
            for (int n = 0; n < samples; n++) {
                double gr = g[n][r];
                double k = coef[n] * gr;
                double[] hn = h[n];
                double[] on = out[n];
                for (int c = 0; c < d; c++) {
                    gradient[row + c] += k * hn[c];
                    on[c] += gr * theta[row + c];
                }
            }
        }
    }

    @Override
    public DMatrixRMaj jacobian(double[] theta, int i) {
        DMatrixRMaj j = new DMatrixRMaj(dim, dim);
        System.arraycopy(theta, layerOffset(i), j.data, 0, dim * dim);
        return j;
    }

    @Override
    public void setJacobian(double[] theta, int i, DMatrixRMaj j) {
        System.arraycopy(j.data, 0, theta, layerOffset(i), dim * dim);
    }
}
