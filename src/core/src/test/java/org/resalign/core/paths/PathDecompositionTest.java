package org.resalign.core.paths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class PathDecompositionTest {

    static DMatrixRMaj[] randomJacobians(int dim, int depth, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DMatrixRMaj[] j = new DMatrixRMaj[depth];
        for (int i = 0; i < depth; i++) {
            j[i] = new DMatrixRMaj(dim, dim);
            for (int e = 0; e < dim * dim; e++) {
                j[i].data[e] = scale * (r.nextDouble() - 0.5);
            }
        }
        return j;
    }

    /** The blocks of dense matrices, applied row by row (the product under test is the decomposition, not this). */
    static PathDecomposition.Blocks blocks(DMatrixRMaj[] j) {
        return (i, in, out) -> {
            for (int n = 0; n < in.length; n++) {
                DMatrixRMaj x = new DMatrixRMaj(in[n].length, 1, true, in[n]);
                DMatrixRMaj y = new DMatrixRMaj(in[n].length, 1);
                CommonOps_DDRM.mult(j[i], x, y);
                System.arraycopy(y.data, 0, out[n], 0, in[n].length);
            }
        };
    }

    static double[][] randomInputs(int samples, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[samples][dim];
        for (double[] v : x) {
            for (int d = 0; d < dim; d++) {
                v[d] = r.nextGaussian();
            }
        }
        return x;
    }

    /**
     * Against the definition: every one of the 2^L paths (a subset of blocks, multiplied in order) summed by its
     * length, with EJML's dense products.
     */
    @Test
    void theDynamicProgrammeEqualsTheSumOverAllPaths() {
        int dim = 5;
        int depth = 7;
        DMatrixRMaj[] j = randomJacobians(dim, depth, 1.2, 3);
        double[][] x = randomInputs(3, dim, 4);
        PathDecomposition.Parts parts = PathDecomposition.of(depth, blocks(j), x);
        for (int n = 0; n < x.length; n++) {
            double[][] expected = new double[depth + 1][dim];
            for (int mask = 0; mask < 1 << depth; mask++) {
                DMatrixRMaj v = new DMatrixRMaj(dim, 1, true, x[n]);
                for (int i = 0; i < depth; i++) {
                    if ((mask & 1 << i) != 0) {
                        DMatrixRMaj next = new DMatrixRMaj(dim, 1);
                        CommonOps_DDRM.mult(j[i], v, next);
                        v = next;
                    }
                }
                for (int d = 0; d < dim; d++) {
                    expected[Integer.bitCount(mask)][d] += v.data[d];
                }
            }
            double scale = Math.scalb(1.0, -parts.exponent()[n]);
            for (int k = 0; k <= depth; k++) {
                for (int d = 0; d < dim; d++) {
                    assertEquals(expected[k][d] * scale, parts.parts()[k][n][d],
                            1e-12 * (1 + Math.abs(expected[k][d] * scale)), "k=" + k);
                }
            }
        }
    }

    /**
     * With skip branches S_i that are not the identity (ReLU masks, or zero for a network without skips), against the
     * sum over all paths, each choosing S_i or J_i at every block.
     */
    @Test
    void withMaskedSkipsTheProgrammeEqualsTheSumOverAllPaths() {
        int dim = 4;
        int depth = 6;
        DMatrixRMaj[] j = randomJacobians(dim, depth, 1.0, 8);
        SplittableRandom r = new SplittableRandom(9);
        double[][] mask = new double[depth][dim];
        for (int i = 0; i < depth; i++) {
            for (int d = 0; d < dim; d++) {
                mask[i][d] = i == 3 ? 0 : r.nextInt(2); // block 4 has no skip at all
            }
        }
        PathDecomposition.Blocks dense = blocks(j);
        PathDecomposition.Blocks masked = new PathDecomposition.Blocks() {
            @Override
            public void apply(int i, double[][] in, double[][] out) {
                dense.apply(i, in, out);
            }

            @Override
            public boolean skipIsIdentity() {
                return false;
            }

            @Override
            public void skip(int i, double[][] in, double[][] out) {
                for (int n = 0; n < in.length; n++) {
                    for (int d = 0; d < dim; d++) {
                        out[n][d] = mask[i][d] * in[n][d];
                    }
                }
            }
        };
        double[][] x = randomInputs(2, dim, 10);
        PathDecomposition.Parts parts = PathDecomposition.of(depth, masked, x);
        for (int n = 0; n < x.length; n++) {
            double[][] expected = new double[depth + 1][dim];
            for (int bits = 0; bits < 1 << depth; bits++) {
                double[] v = x[n].clone();
                for (int i = 0; i < depth; i++) {
                    if ((bits & 1 << i) != 0) {
                        DMatrixRMaj next = new DMatrixRMaj(dim, 1);
                        CommonOps_DDRM.mult(j[i], new DMatrixRMaj(dim, 1, true, v), next);
                        v = next.data;
                    } else {
                        for (int d = 0; d < dim; d++) {
                            v[d] *= mask[i][d];
                        }
                    }
                }
                for (int d = 0; d < dim; d++) {
                    expected[Integer.bitCount(bits)][d] += v[d];
                }
            }
            for (int k = 0; k <= depth; k++) {
                for (int d = 0; d < dim; d++) {
                    assertEquals(Math.scalb(expected[k][d], -parts.exponent()[n]), parts.parts()[k][n][d],
                            1e-12 * (1 + Math.abs(expected[k][d])), "k=" + k);
                }
            }
            for (int d = 0; d < dim; d++) {
                assertEquals(0.0, parts.parts()[0][n][d], 0.0, "no path skips a block that has no skip");
            }
        }
    }

    /** The parts sum to (I+J_L)…(I+J_1)x, formed here as a dense product. */
    @Test
    void thePartsSumToTheNetworksOutput() {
        int dim = 6;
        int depth = 10;
        DMatrixRMaj[] j = randomJacobians(dim, depth, 0.8, 5);
        double[][] x = randomInputs(2, dim, 6);
        DMatrixRMaj product = CommonOps_DDRM.identity(dim);
        for (int i = 0; i < depth; i++) {
            DMatrixRMaj step = CommonOps_DDRM.identity(dim);
            CommonOps_DDRM.addEquals(step, j[i]);
            DMatrixRMaj next = new DMatrixRMaj(dim, dim);
            CommonOps_DDRM.mult(step, product, next);
            product = next;
        }
        PathDecomposition.Parts parts = PathDecomposition.of(depth, blocks(j), x);
        for (int n = 0; n < x.length; n++) {
            DMatrixRMaj h = new DMatrixRMaj(dim, 1);
            CommonOps_DDRM.mult(product, new DMatrixRMaj(dim, 1, true, x[n]), h);
            double[] got = parts.output(n);
            for (int d = 0; d < dim; d++) {
                assertEquals(h.data[d], Math.scalb(got[d], parts.exponent()[n]), 1e-11 * (1 + Math.abs(h.data[d])));
            }
        }
    }

    /** C(L, k) exactly, as a double. */
    static double choose(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return Math.rint(c);
    }

    /** J_i = s·uuᵀ, w = ω·u, x along u: the shares are C(L,k)s^k/(1+s)^L, by the closed form. */
    @Test
    void atTheAlignedPointTheSharesAreBinomial() {
        int dim = 4;
        int depth = 12;
        double s = 0.37;
        double[] u = {0.5, -0.5, 0.5, 0.5};
        DMatrixRMaj[] j = new DMatrixRMaj[depth];
        for (int i = 0; i < depth; i++) {
            j[i] = new DMatrixRMaj(dim, dim);
            CommonOps_DDRM.multTransB(s, new DMatrixRMaj(dim, 1, true, u), new DMatrixRMaj(dim, 1, true, u), j[i]);
        }
        double[][] x = {{1.5, -1.5, 1.5, 1.5}};
        double[][] readout = {{-0.8, 0.8, -0.8, -0.8}}; // y = -1, w = 1.6·u
        PathShares shares = PathShares.of(PathDecomposition.of(depth, blocks(j), x), readout);
        double sum = 0;
        double length = 0;
        for (int k = 0; k <= depth; k++) {
            double expected = choose(depth, k) * Math.pow(s, k) / Math.pow(1 + s, depth);
            assertEquals(expected, shares.pathShare()[k], 1e-14, "k=" + k);
            sum += shares.pathShare()[k];
            length += k * expected;
        }
        assertEquals(1, sum, 1e-14);
        assertEquals(depth * s / (1 + s), shares.effectiveLength(), 1e-13);
        assertEquals(length, shares.effectiveLength(), 1e-13);
        assertTrue(AlignedPathCheck.judge(shares.pathShare(), s, 1e-12).holds());
    }

    /** (1+s)^L = 1001^150 ≈ 1e450 overflows a double; the rescaled parts do not, and the shares stay exact. */
    @Test
    void sharesSurviveAnOutputBeyondTheDoubleRange() {
        int depth = 150;
        double s = 1000;
        PathDecomposition.Blocks aligned = (i, in, out) -> {
            for (int n = 0; n < in.length; n++) {
                out[n][0] = s * in[n][0];
                out[n][1] = 0;
            }
        };
        PathDecomposition.Parts parts = PathDecomposition.of(depth, aligned, new double[][] {{1, 3}});
        assertTrue(parts.exponent()[0] > 1024, "rescaled by 2^" + parts.exponent()[0]);
        PathShares shares = PathShares.of(parts, new double[][] {{1, 0}});
        double p = s / (1 + s);
        for (int k = 0; k <= depth; k++) {
            double log = org.hipparchus.special.Gamma.logGamma(depth + 1) - org.hipparchus.special.Gamma.logGamma(k + 1)
                    - org.hipparchus.special.Gamma.logGamma(depth - k + 1) + k * Math.log(p)
                    + (depth - k) * Math.log1p(-p);
            assertEquals(Math.exp(log), shares.pathShare()[k], 1e-12 * (1 + Math.exp(log)), "k=" + k);
        }
        assertEquals(depth * p, shares.effectiveLength(), 1e-9);
    }

    @Test
    void aNonFiniteBlockIsAnErrorNotAResult() {
        PathDecomposition.Blocks bad = (i, in, out) -> {
            for (int n = 0; n < in.length; n++) {
                out[n][0] = i == 2 ? Double.NaN : in[n][0];
            }
        };
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> PathDecomposition.of(4, bad, new double[][] {{1}}));
        assertTrue(e.getMessage().contains("block 3"), e.getMessage());
        PathDecomposition.Parts parts = PathDecomposition.of(0, bad, new double[][] {{1}});
        assertThrows(ArithmeticException.class, () -> PathShares.of(parts, new double[][] {{0}}));
    }

    /** Negative controls: another s, a perturbed share or a NaN share does not hold. */
    @Test
    void theAlignedCheckRejectsPlantedFalseShares() {
        double s = 0.25;
        double[] exact = PathShares.binomial(12, s / (1 + s));
        assertTrue(AlignedPathCheck.judge(exact, s, 1e-6).holds());
        assertFalse(AlignedPathCheck.judge(exact, s * 1.001, 1e-6).holds());
        double[] nudged = exact.clone();
        nudged[3] += 2e-6;
        assertFalse(AlignedPathCheck.judge(nudged, s, 1e-6).holds());
        double[] nan = exact.clone();
        nan[5] = Double.NaN;
        AlignedPathCheck c = AlignedPathCheck.judge(nan, s, 1e-6);
        assertFalse(c.holds());
        assertTrue(Double.isNaN(c.maxDeviation()));
        assertEquals(12 * s / (1 + s), c.effectivePathLength(), 1e-15);
        double[] lesions = new double[12];
        java.util.Arrays.fill(lesions, 1 / (1 + s));
        assertTrue(AlignedPathCheck.judge(exact, lesions, s, 1e-6).holds());
        lesions[7] *= 1.0001; // one block's lesion planted off the prediction
        AlignedPathCheck off = AlignedPathCheck.judge(exact, lesions, s, 1e-6);
        assertFalse(off.holds());
        assertTrue(off.maxDeviation() < 1e-12 && off.maxLesionDeviation() > 1e-6, off.toString());
    }

    /** Two inputs, margins 1 and 3, parts (0.5, 0.5) and (3, 0): pooled (0.5 + 3, 0.5 + 0)/4. */
    @Test
    void pooledSharesAreSharesOfTheTotalMargin() {
        double[] pooled = PathShares.pooled(new double[][] {{0.5, 0.5}, {1, 0}}, new double[] {1, 3});
        assertArrayEquals(new double[] {3.5 / 4, 0.5 / 4}, pooled, 1e-15);
        assertThrows(ArithmeticException.class, () -> PathShares.pooled(new double[][] {{1}, {1}},
                new double[] {1, -1}));
        // through PathShares.of: the same inputs as parts of x under the identity, readouts giving those margins
        PathDecomposition.Parts parts = new PathDecomposition.Parts(new double[][][] {{{0.5}, {3}}, {{0.5}, {0}}},
                new int[] {0, 0});
        assertArrayEquals(pooled, PathShares.of(parts, new double[][] {{1}, {1}}).pathShare(), 1e-15);
    }

    @Test
    void theEffectiveLengthWeighsLengthsByTheSizeOfTheirShares() {
        assertEquals(2.0, PathShares.effectiveLength(new double[] {0, 0, 1}), 0.0);
        // shares 0.5, 1.5, -1 (summing to 1): (0·0.5 + 1·1.5 + 2·1) / 3
        assertEquals(3.5 / 3, PathShares.effectiveLength(new double[] {0.5, 1.5, -1}), 1e-15);
        assertTrue(Double.isNaN(PathShares.effectiveLength(new double[] {0, 0})));
    }

    @Test
    void theCountOfPathsIsBinomialOfOneHalf() {
        double[] c = PathShares.pathCountShare(12);
        for (int k = 0; k <= 12; k++) {
            assertEquals(choose(12, k) / 4096, c[k], 1e-14 * c[k]); // Hipparchus: a saddle-point formula
        }
        assertArrayEquals(new double[] {1}, PathShares.pathCountShare(0));
    }
}
