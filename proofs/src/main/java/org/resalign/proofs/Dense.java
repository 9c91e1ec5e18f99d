package org.resalign.proofs;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Double-precision linear algebra for the numeric steps (EJML). */
final class Dense {

    private Dense() {
    }

    static DMatrixRMaj gaussian(RandomGenerator rng, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * rng.nextGaussian();
        }
        return m;
    }

    static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    /** The SVD {@code A = U S Vᵀ} with singular values in descending order. */
    record Svd(DMatrixRMaj u, double[] s, DMatrixRMaj v) {
    }

    static Svd svd(DMatrixRMaj a) {
        SingularValueDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.svd(a.numRows, a.numCols, true,
                true, false);
        if (!d.decompose(a.copy())) {
            throw new ArithmeticException("the SVD did not converge");
        }
        DMatrixRMaj u = d.getU(null, false);
        DMatrixRMaj w = d.getW(null);
        DMatrixRMaj v = d.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        double[] s = new double[Math.min(a.numRows, a.numCols)];
        for (int i = 0; i < s.length; i++) {
            s[i] = w.get(i, i);
        }
        return new Svd(u, s, v);
    }

    static double[] singularValues(DMatrixRMaj a) {
        return svd(a).s();
    }

    /** A uniformly random rotation (Haar on SO(n)): Q of a Gaussian matrix, signs fixed, last column flipped if needed. */
    static DMatrixRMaj rotation(RandomGenerator rng, int n) {
        DMatrixRMaj q = orthonormalColumns(gaussian(rng, n, n, 1));
        if (CommonOps_DDRM.det(q) < 0) {
            for (int i = 0; i < n; i++) {
                q.set(i, n - 1, -q.get(i, n - 1));
            }
        }
        return q;
    }

    /** Gram–Schmidt (twice) on the columns of {@code a}, which must have full column rank. */
    static DMatrixRMaj orthonormalColumns(DMatrixRMaj a) {
        DMatrixRMaj q = a.copy();
        for (int j = 0; j < q.numCols; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < q.numRows; i++) {
                        dot += q.get(i, k) * q.get(i, j);
                    }
                    for (int i = 0; i < q.numRows; i++) {
                        q.set(i, j, q.get(i, j) - dot * q.get(i, k));
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < q.numRows; i++) {
                norm += q.get(i, j) * q.get(i, j);
            }
            norm = Math.sqrt(norm);
            if (!(norm > 1e-12)) {
                throw new ArithmeticException("columns are (nearly) dependent");
            }
            for (int i = 0; i < q.numRows; i++) {
                q.set(i, j, q.get(i, j) / norm);
            }
        }
        return q;
    }

    /** An orthonormal basis whose first column is {@code x/‖x‖}, completed from random directions. */
    static DMatrixRMaj frameWithFirst(double[] x, RandomGenerator rng) {
        int n = x.length;
        DMatrixRMaj a = gaussian(rng, n, n, 1);
        for (int i = 0; i < n; i++) {
            a.set(i, 0, x[i]);
        }
        return orthonormalColumns(a);
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double frobeniusSquared(DMatrixRMaj a) {
        double s = 0;
        for (double v : a.data) {
            s += v * v;
        }
        return s;
    }

    static double[] apply(DMatrixRMaj a, double[] x) {
        double[] y = new double[a.numRows];
        for (int i = 0; i < a.numRows; i++) {
            double s = 0;
            for (int j = 0; j < a.numCols; j++) {
                s += a.get(i, j) * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The logit {@code wᵀ(I+J_L)…(I+J_1)Δx} (paper App. B, Definition 3.2), applied right to left. */
    static double logit(DMatrixRMaj[] jacobians, double[] w, double[] dx) {
        double[] h = dx.clone();
        for (DMatrixRMaj j : jacobians) {
            double[] jh = apply(j, h);
            for (int i = 0; i < h.length; i++) {
                h[i] += jh[i];
            }
        }
        return dot(w, h);
    }

    /** {@code Q diag(s) Qᵀ}. */
    static DMatrixRMaj symmetric(DMatrixRMaj q, double[] s) {
        DMatrixRMaj d = new DMatrixRMaj(q.numCols, q.numCols);
        for (int i = 0; i < s.length; i++) {
            d.set(i, i, s[i]);
        }
        DMatrixRMaj qt = new DMatrixRMaj(q.numCols, q.numRows);
        CommonOps_DDRM.transpose(q, qt);
        return times(times(q, d), qt);
    }
}
