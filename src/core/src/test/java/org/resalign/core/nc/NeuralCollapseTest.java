package org.resalign.core.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class NeuralCollapseTest {

    /** C class means forming a simplex equiangular tight frame in R^D (D ≥ C), scaled by {@code r}. */
    static double[][] simplex(int classes, int dim, double r) {
        double[][] m = new double[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < classes; k++) {
                m[c][k] = r * ((c == k ? 1 : 0) - 1.0 / classes);
            }
        }
        return m;
    }

    @Test
    void completeCollapseGivesZeroEverywhere() {
        int classes = 4;
        double[][] mu = simplex(classes, 6, 2.0);
        double[][] features = new double[8][];
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            labels[i] = i % classes;
            features[i] = mu[labels[i]].clone();
        }
        double[][] w = new double[classes][6];
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < 6; d++) {
                w[c][d] = 3 * mu[c][d];
            }
        }
        NeuralCollapse nc = NeuralCollapse.of(features, labels, w, new double[classes]);
        assertEquals(0, nc.nc1(), 1e-12);
        assertEquals(0, nc.equinorm(), 1e-12);
        assertEquals(0, nc.equiangular(), 1e-12);
        assertEquals(0, nc.maximalAngle(), 1e-12);
        assertEquals(0, nc.selfDuality(), 1e-12);
        assertEquals(0, nc.nearestCentreMismatch(), 0.0);
    }

    /** Two classes on a line, means ±1, spread ±a: Σ_W = a², Σ_B = 1, NC1 = a²/2. */
    @Test
    void nc1ByHand() {
        double a = 0.3;
        double[][] f = {{-1 - a}, {-1 + a}, {1 - a}, {1 + a}};
        NeuralCollapse nc = NeuralCollapse.of(f, new int[] {0, 0, 1, 1}, new double[][] {{-1}, {1}},
                new double[2]);
        assertEquals(a * a / 2, nc.nc1(), 1e-15);
        assertEquals(0, nc.equinorm(), 1e-15);
        assertEquals(0, nc.nearestCentreMismatch(), 0.0);
    }

    /** NC1 against Commons Math's pseudo-inverse (an SVD of its own) on random features. */
    @Test
    void nc1AgreesWithASecondLibrary() {
        SplittableRandom r = new SplittableRandom(4);
        int classes = 3;
        int dim = 5;
        int n = 30;
        double[][] f = new double[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int d = 0; d < dim; d++) {
                f[i][d] = r.nextGaussian() + (d == y[i] ? 2 : 0);
            }
        }
        double[][] w = new double[classes][dim];
        for (double[] row : w) {
            for (int d = 0; d < dim; d++) {
                row[d] = r.nextGaussian();
            }
        }
        NeuralCollapse nc = NeuralCollapse.of(f, y, w, new double[classes]);
        double[][] mu = new double[classes][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                mu[y[i]][d] += f[i][d] / (n / classes);
            }
        }
        double[] g = new double[dim];
        for (double[] m : mu) {
            for (int d = 0; d < dim; d++) {
                g[d] += m[d] / classes;
            }
        }
        RealMatrix sw = new Array2DRowRealMatrix(dim, dim);
        for (int i = 0; i < n; i++) {
            double[] e = new double[dim];
            for (int d = 0; d < dim; d++) {
                e[d] = f[i][d] - mu[y[i]][d];
            }
            RealMatrix v = new Array2DRowRealMatrix(e);
            sw = sw.add(v.multiply(v.transpose()).scalarMultiply(1.0 / n));
        }
        RealMatrix sb = new Array2DRowRealMatrix(dim, dim);
        for (double[] m : mu) {
            double[] e = new double[dim];
            for (int d = 0; d < dim; d++) {
                e[d] = m[d] - g[d];
            }
            RealMatrix v = new Array2DRowRealMatrix(e);
            sb = sb.add(v.multiply(v.transpose()).scalarMultiply(1.0 / classes));
        }
        RealMatrix pinv = new SingularValueDecomposition(sb).getSolver().getInverse();
        double expected = sw.multiply(pinv).getTrace() / classes;
        assertEquals(expected, nc.nc1(), 1e-10 * expected);
        assertTrue(nc.nc1() > 0.1, "random features are far from collapse");
    }

    /** Negative controls: a classifier pointing away from the means fails NC3 and NC4 completely. */
    @Test
    void anAntiDualClassifierIsFarFromCollapse() {
        double[][] mu = simplex(3, 3, 1.0);
        double[][] f = {mu[0], mu[1], mu[2]};
        double[][] w = new double[3][3];
        for (int c = 0; c < 3; c++) {
            for (int d = 0; d < 3; d++) {
                w[c][d] = -mu[c][d];
            }
        }
        NeuralCollapse nc = NeuralCollapse.of(f, new int[] {0, 1, 2}, w, new double[3]);
        assertEquals(4, nc.selfDuality(), 1e-12, "‖−a − a‖² for unit a");
        assertEquals(1, nc.nearestCentreMismatch(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> NeuralCollapse.of(f, new int[] {0, 0, 0}, w,
                new double[3]));
    }

    @Test
    void theClassifierPicksTheLargestScoreAndTheFirstOfEqualOnes() {
        double[][] w = {{1, 0}, {0, 1}, {-1, -1}};
        assertEquals(0, NeuralCollapse.classify(w, new double[] {0, 0, 0}, new double[] {2, 1}));
        assertEquals(1, NeuralCollapse.classify(w, new double[] {0, 1.5, 0}, new double[] {2, 1}));
        assertEquals(2, NeuralCollapse.classify(w, new double[] {0, 0, 0}, new double[] {-2, -1}));
        assertEquals(0, NeuralCollapse.classify(w, new double[] {0, 1, 0}, new double[] {2, 1}), "a tie: the first");
    }
}
