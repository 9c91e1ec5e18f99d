package org.resalign.core.ujm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import org.resalign.core.input.InvalidInputException;

/**
 * Residual Jacobians of rank at most {@code r}, {@code J_i = A_i B_iᵀ} with {@code A_i, B_i ∈ R^{D×r}} (row-major,
 * {@code A_i} then {@code B_i}, {@code 2Dr} parameters per layer). The regulariser is the model's own
 * {@code ½‖J_i‖_F² = ½ tr((A_iᵀA_i)(B_iᵀB_i))}, so for any {@code J_i} of rank ≤ r the objective equals that of
 * {@link DenseJacobians}: the factored solver optimises the same function of {@code J} (paper Definition 3.2) on the
 * rank-{@code r} set, which contains the rank-one optimum of Theorem 3.3. Every operation costs {@code O(D·r)} per
 * input, so {@code D = 16384} is cheap.
 *
 * <p>Gradients: with {@code G = Σ_n c_n g_n h_nᵀ} (the derivative of the data term with respect to {@code J_i}),
 * {@code ∂/∂A = G B + λ A BᵀB} and {@code ∂/∂B = Gᵀ A + λ B AᵀA}.
 */
public final class FactoredJacobians implements JacobianParametrisation {

    private final int dim;
    private final int depth;
    private final int rank;

    public FactoredJacobians(int dim, int depth, int rank) {
        if (rank < 1 || rank > dim) {
            throw new InvalidInputException("rank", "{rank} must be between 1 and {dim} (" + dim + "), got " + rank);
        }
        this.dim = dim;
        this.depth = depth;
        this.rank = rank;
    }

    public int rank() {
        return rank;
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
        return 2 * dim * rank;
    }

    private int aOffset(int i) {
        return layerOffset(i);
    }

    private int bOffset(int i) {
        return layerOffset(i) + dim * rank;
    }

    /** {@code out[p] = Σ_k M[k][p]·v[k]}: the product {@code Mᵀv} of a D×r block. */
    private void transposeTimes(double[] theta, int off, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int k = 0; k < dim; k++) {
            double vk = v[k];
            int row = off + k * rank;
            for (int p = 0; p < rank; p++) {
                out[p] += theta[row + p] * vk;
            }
        }
    }

    /** {@code out[k] (+)= Σ_p M[k][p]·t[p]}: the product {@code M t} of a D×r block. */
    private void times(double[] theta, int off, double[] t, double[] out, boolean accumulate) {
        for (int k = 0; k < dim; k++) {
            double s = JacobianParametrisation.dot(theta, off + k * rank, t, rank);
            out[k] = accumulate ? out[k] + s : s;
        }
    }

    /** The r×r Gram matrix {@code MᵀM} of a D×r block, row-major. */
    private double[] gram(double[] theta, int off) {
        double[] g = new double[rank * rank];
        for (int k = 0; k < dim; k++) {
            int row = off + k * rank;
            for (int p = 0; p < rank; p++) {
                double mp = theta[row + p];
                for (int q = 0; q < rank; q++) {
                    g[p * rank + q] += mp * theta[row + q];
                }
            }
        }
        return g;
    }

    @Override
    public double multiply(double[] theta, int i, double[][] in, double[][] out) {
        double[] t = new double[rank];
        for (int n = 0; n < in.length; n++) {
            transposeTimes(theta, bOffset(i), in[n], t);
            times(theta, aOffset(i), t, out[n], false);
        }
        double[] ga = gram(theta, aOffset(i));
        double[] gb = gram(theta, bOffset(i));
        double s = 0;
        for (int k = 0; k < ga.length; k++) {
            s += ga[k] * gb[k];
        }
        return 0.5 * s;
    }

    @Override
    public void backward(double[] theta, int i, double[][] g, double[][] h, double[] coef, double lambda,
                         double[][] out, double[] gradient) {
        int a = aOffset(i);
        int b = bOffset(i);
        double[] ga = gram(theta, a);
        double[] gb = gram(theta, b);
        // regulariser part: λ A (BᵀB) and λ B (AᵀA)
        for (int k = 0; k < dim; k++) {
            for (int p = 0; p < rank; p++) {
                double sa = 0;
                double sb = 0;
                for (int q = 0; q < rank; q++) {
                    sa += theta[a + k * rank + q] * gb[q * rank + p];
                    sb += theta[b + k * rank + q] * ga[q * rank + p];
                }
                gradient[a + k * rank + p] = lambda * sa;
                gradient[b + k * rank + p] = lambda * sb;
            }
        }
        double[] atg = new double[rank];
        double[] bth = new double[rank];
        for (int n = 0; n < g.length; n++) {
            transposeTimes(theta, a, g[n], atg); // Aᵀg
            transposeTimes(theta, b, h[n], bth); // Bᵀh
            times(theta, b, atg, out[n], false); // Jᵀg = B(Aᵀg)
            double c = coef[n];
            for (int k = 0; k < dim; k++) {
                double cg = c * g[n][k];
                double ch = c * h[n][k];
                for (int p = 0; p < rank; p++) {
                    gradient[a + k * rank + p] += cg * bth[p];
                    gradient[b + k * rank + p] += ch * atg[p];
                }
            }
        }
    }

    @Override
    public DMatrixRMaj jacobian(double[] theta, int i) {
        DMatrixRMaj am = new DMatrixRMaj(dim, rank);
        DMatrixRMaj bm = new DMatrixRMaj(dim, rank);
        System.arraycopy(theta, aOffset(i), am.data, 0, dim * rank);
        System.arraycopy(theta, bOffset(i), bm.data, 0, dim * rank);
        DMatrixRMaj j = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.multTransB(am, bm, j);
        return j;
    }

    /**
     * Exactly, without forming the {@code D×D} matrix: thin QR {@code A = Q_a R_a}, {@code B = Q_b R_b}, so
     * {@code J = Q_a (R_a R_bᵀ) Q_bᵀ} and the singular triplets of {@code J} are those of the {@code r×r} core
     * mapped through {@code Q_a}, {@code Q_b}; {@code σ_k = 0} for {@code k > r}.
     */
    @Override
    public LeadingSingularPair leadingPair(double[] theta, int i) {
        DMatrixRMaj am = new DMatrixRMaj(dim, rank);
        DMatrixRMaj bm = new DMatrixRMaj(dim, rank);
        System.arraycopy(theta, aOffset(i), am.data, 0, dim * rank);
        System.arraycopy(theta, bOffset(i), bm.data, 0, dim * rank);
        var qrA = DecompositionFactory_DDRM.qr(dim, rank);
        var qrB = DecompositionFactory_DDRM.qr(dim, rank);
        if (!qrA.decompose(am) || !qrB.decompose(bm)) {
            throw new ArithmeticException("QR did not converge");
        }
        DMatrixRMaj qa = qrA.getQ(null, true);
        DMatrixRMaj ra = qrA.getR(null, true);
        DMatrixRMaj qb = qrB.getQ(null, true);
        DMatrixRMaj rb = qrB.getR(null, true);
        DMatrixRMaj core = new DMatrixRMaj(rank, rank);
        CommonOps_DDRM.multTransB(ra, rb, core);
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(rank, rank, true, true, false);
        if (!svd.decompose(core)) {
            throw new ArithmeticException("SVD did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        double sigma1 = w.get(0, 0);
        double sigma2 = rank > 1 ? w.get(1, 1) : 0;
        double[] left = new double[dim];
        double[] right = new double[dim];
        for (int k = 0; k < dim; k++) {
            for (int p = 0; p < rank; p++) {
                left[k] += qa.get(k, p) * u.get(p, 0);
                right[k] += qb.get(k, p) * v.get(p, 0);
            }
        }
        return new LeadingSingularPair(sigma1, sigma2, left, right);
    }

    /** Stores the best rank-{@code r} approximation of {@code j}: {@code A = U_r S_r^{1/2}}, {@code B = V_r S_r^{1/2}}. */
    @Override
    public void setJacobian(double[] theta, int i, DMatrixRMaj j) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(dim, dim, true, true, false);
        if (!svd.decompose(j.copy())) {
            throw new ArithmeticException("SVD did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        for (int k = 0; k < dim; k++) {
            for (int p = 0; p < rank; p++) {
                double root = Math.sqrt(w.get(p, p));
                theta[aOffset(i) + k * rank + p] = u.get(k, p) * root;
                theta[bOffset(i) + k * rank + p] = v.get(k, p) * root;
            }
        }
    }
}
