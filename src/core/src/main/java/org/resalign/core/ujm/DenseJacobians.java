package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.opt.Parallel;

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
        if ((long) dim * dim * depth > Integer.MAX_VALUE - 16L * dim) {
            throw new InvalidInputException("dim", "{dim} " + dim + " and {depth} " + depth + " give "
                    + ((long) dim * dim * depth) + " dense Jacobian entries, more than one Java array holds; "
                    + "use {kind} factored");
        }
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

    /**
     * Rows of one part of {@link #multiply}, columns of one part of {@link #backward}: about 256 KB of the layer per
     * part, so that the parts can be shared out by {@link Parallel}. Every output entry is computed by the same
     * operations in the same order however the parts are shared, so the results are the same bits on any number of
     * cores.
     */
    private int rowsPerPart() {
        return Math.max(1, 32768 / dim);
    }

    @Override
    public double multiply(double[] theta, int i, double[][] in, double[][] out) {
        int d = dim;
        int base = layerOffset(i);
        double[] rowSquares = new double[d];
        int rows = rowsPerPart();
        int parts = (d + rows - 1) / rows;
        if (parts < 2) {
            multiplyRows(theta, base, in, out, rowSquares, 0, d);
        } else {
            Parallel.forEach(parts, p -> multiplyRows(theta, base, in, out, rowSquares, p * rows,
                    Math.min(d, (p + 1) * rows)));
        }
        // ‖J‖_F² added row by row in row order, as one sequential sweep would.
        double sq = 0;
        for (int r = 0; r < d; r++) {
            sq += rowSquares[r];
        }
        return 0.5 * sq;
    }

    private void multiplyRows(double[] theta, int base, double[][] in, double[][] out, double[] rowSquares, int r0,
                              int r1) {
        int d = dim;
        for (int r = r0; r < r1; r++) {
            int row = base + r * d;
            // first input fused with ‖J[r,:]‖²: one sweep of the row, eight independent accumulators
            double[] h = in[0];
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            int c = 0;
            for (; c + 3 < d; c += 4) {
                double a0 = theta[row + c];
                double a1 = theta[row + c + 1];
                double a2 = theta[row + c + 2];
                double a3 = theta[row + c + 3];
                s0 += a0 * h[c];
                s1 += a1 * h[c + 1];
                s2 += a2 * h[c + 2];
                s3 += a3 * h[c + 3];
                q0 += a0 * a0;
                q1 += a1 * a1;
                q2 += a2 * a2;
                q3 += a3 * a3;
            }
            for (; c < d; c++) {
                double a = theta[row + c];
                s0 += a * h[c];
                q0 += a * a;
            }
            out[0][r] = (s0 + s1) + (s2 + s3);
            rowSquares[r] = (q0 + q1) + (q2 + q3);
            for (int n = 1; n < in.length; n++) {
                out[n][r] = JacobianParametrisation.dot(theta, row, in[n], d);
            }
        }
    }

    @Override
    public void backward(double[] theta, int i, double[][] g, double[][] h, double[] coef, double lambda,
                         double[][] out, double[] gradient) {
        int d = dim;
        int base = layerOffset(i);
        // columns in as many wide slices as there are workers (long contiguous runs of each row per part)
        int parts = d * d >= 65536 ? Parallel.workers() : 1;
        int cols = (d + parts - 1) / parts;
        if (parts < 2) {
            backwardColumns(theta, base, g, h, coef, lambda, out, gradient, 0, d);
        } else {
            Parallel.forEach(parts, p -> backwardColumns(theta, base, g, h, coef, lambda, out, gradient, p * cols,
                    Math.min(d, (p + 1) * cols)));
        }
    }

    /** {@link #backward} on the columns {@code [c0, c1)}: those entries of {@code out} and of the gradient rows. */
    private void backwardColumns(double[] theta, int base, double[][] g, double[][] h, double[] coef, double lambda,
                                 double[][] out, double[] gradient, int c0, int c1) {
        int d = dim;
        int samples = g.length;
        for (int n = 0; n < samples; n++) {
            java.util.Arrays.fill(out[n], c0, c1, 0.0);
        }
        for (int r = 0; r < d; r++) {
            int row = base + r * d;
            // gradient row r = λ·J[r,:] + Σ_n coef_n g_n[r] h_n, and out_n += g_n[r]·J[r,:]. The first input is fused
            // with the regulariser in one sweep of the row (measured faster than two single-store loops); further
            // inputs re-read the row from L1.
            double g0 = g[0][r];
            double k0 = coef[0] * g0;
            double[] h0 = h[0];
            double[] o0 = out[0];
            for (int c = c0; c < c1; c++) {
                double a = theta[row + c];
                gradient[row + c] = lambda * a + k0 * h0[c];
                o0[c] += g0 * a;
            }
            for (int n = 1; n < samples; n++) {
                double gr = g[n][r];
                double k = coef[n] * gr;
                double[] hn = h[n];
                double[] on = out[n];
                for (int c = c0; c < c1; c++) {
                    double a = theta[row + c];
                    gradient[row + c] += k * hn[c];
                    on[c] += gr * a;
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
