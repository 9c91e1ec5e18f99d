package org.resalign.core.opt;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Objectives with known minimisers, for the optimiser tests. */
final class TestFunctions {

    private TestFunctions() {
    }

    /** The chained Rosenbrock function {@code Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²}; global minimum 0 at all ones. */
    static DifferentiableFunction rosenbrock(int n) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = 0;
                java.util.Arrays.fill(g, 0);
                for (int i = 0; i + 1 < n; i++) {
                    final double t = x[i + 1] - x[i] * x[i];
                    final double u = 1 - x[i];
                    f += 100 * t * t + u * u;
                    g[i] += -400 * t * x[i] - 2 * u;
                    g[i + 1] += 200 * t;
                }
                return f;
            }
        };
    }

    /** The classical start {@code (−1.2, 1, −1.2, 1, …)}. */
    static double[] rosenbrockStart(int n) {
        final double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        return x;
    }

    /** {@code f(x) = ½xᵀAx − bᵀx}, gradient {@code Ax − b}. */
    static DifferentiableFunction quadratic(double[][] a, double[] b) {
        final int n = b.length;
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = 0;
                for (int i = 0; i < n; i++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += a[i][j] * x[j];
                    }
                    g[i] = ax - b[i];
                    f += x[i] * (0.5 * ax - b[i]);
                }
                return f;
            }
        };
    }

    /** A random symmetric positive definite matrix {@code Q diag(λ) Qᵀ} with λ log-spaced in [1, condition]. */
    static double[][] randomSpd(int n, double condition, Random random) {
        final double[][] gauss = new double[n][n];
        for (double[] row : gauss) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        final RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(gauss)).getQ();
        final double[][] a = new double[n][n];
        for (int k = 0; k < n; k++) {
            final double lambda = Math.pow(condition, k / (double) (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += lambda * q.getEntry(i, k) * q.getEntry(j, k);
                }
            }
        }
        for (int i = 0; i < n; i++) { // exact symmetry
            for (int j = 0; j < i; j++) {
                final double m = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = m;
                a[j][i] = m;
            }
        }
        return a;
    }

    /** {@code A⁻¹b} by Cholesky (commons-math3), independent of the code under test. */
    static double[] solve(double[][] a, double[] b) {
        return new CholeskyDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                .solve(new ArrayRealVector(b)).toArray();
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    static double norm(double[] x) {
        return distance(x, new double[x.length]);
    }

    static double maxAbsDifference(double[] x, double value) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v - value));
        }
        return m;
    }

    /** A 1-D function of {@code α} as a {@link DifferentiableFunction} of dimension 1. */
    interface Scalar {
        double value(double a);
    }

    static DifferentiableFunction oneDimensional(Scalar phi, Scalar derivative) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                g[0] = derivative.value(x[0]);
                return phi.value(x[0]);
            }
        };
    }

    /** Returns NaN once {@code x[0]} exceeds {@code threshold}; otherwise delegates. */
    static DifferentiableFunction nanBeyond(DifferentiableFunction f, double threshold) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return f.dimension();
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                final double v = f.valueAndGradient(x, g);
                return x[0] > threshold ? Double.NaN : v;
            }
        };
    }
}
