package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fused two-loop recursion against the explicit BFGS update of the inverse Hessian (N&W eq. 7.19). */
class LbfgsTwoLoopTest {

    @Test
    void matchesDenseInverseHessianForEveryRingPosition() {
        final int n = 7;
        final int m = 4;
        final Random random = new Random(42);
        for (int count = 1; count <= m; count++) {
            for (int newest = 0; newest < m; newest++) {
                final double[][] s = new double[m][n];
                final double[][] y = new double[m][n];
                final double[] rho = new double[m];
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < n; k++) {
                        s[i][k] = random.nextGaussian();
                        y[i][k] = s[i][k] + 0.3 * random.nextGaussian();
                    }
                    rho[i] = 1 / Vectors.dot(s[i], y[i]);
                }
                final double[] g = new double[n];
                for (int k = 0; k < n; k++) {
                    g[k] = random.nextGaussian();
                }
                final double gamma = Vectors.dot(s[newest], y[newest]) / Vectors.dot(y[newest], y[newest]);
                final double[] d = new double[n];
                final double slope = LbfgsMinimizer.twoLoop(g, Vectors.dot(s[newest], g), d, s, y, rho,
                        new double[m], newest, count, gamma);

                // H ← Vᵀ H V + ρ s sᵀ with V = I − ρ y sᵀ, from H⁰ = γI, oldest pair first.
                double[][] h = new double[n][n];
                for (int k = 0; k < n; k++) {
                    h[k][k] = gamma;
                }
                for (int j = count - 1; j >= 0; j--) {
                    final int i = Math.floorMod(newest - j, m);
                    final double[][] v = new double[n][n];
                    for (int a = 0; a < n; a++) {
                        for (int b = 0; b < n; b++) {
                            v[a][b] = (a == b ? 1 : 0) - rho[i] * y[i][a] * s[i][b];
                        }
                    }
                    final double[][] next = new double[n][n];
                    for (int a = 0; a < n; a++) {
                        for (int b = 0; b < n; b++) {
                            double t = rho[i] * s[i][a] * s[i][b];
                            for (int c = 0; c < n; c++) {
                                for (int e = 0; e < n; e++) {
                                    t += v[c][a] * h[c][e] * v[e][b];
                                }
                            }
                            next[a][b] = t;
                        }
                    }
                    h = next;
                }
                double expectedSlope = 0;
                for (int a = 0; a < n; a++) {
                    double hg = 0;
                    for (int c = 0; c < n; c++) {
                        hg += h[a][c] * g[c];
                    }
                    assertEquals(-hg, d[a], 1e-12, "count " + count + ", newest " + newest);
                    expectedSlope -= g[a] * hg;
                }
                assertEquals(expectedSlope, slope, 1e-12);
            }
        }
    }
}
