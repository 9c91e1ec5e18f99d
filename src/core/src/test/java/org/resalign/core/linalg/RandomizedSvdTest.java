package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resalign.core.linalg.RandomizedSvd.Parameters;
import org.resalign.core.linalg.RandomizedSvd.Renormalization;

class RandomizedSvdTest {

    static final double TOL = 1e-10;

    /** σ_1..σ_k from 1 down to 0.64 in steps of 0.04, then a drop by 10³ and a slow decay. */
    static double[] gapSpectrum(int n, int k) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i < k ? 1 - 0.04 * i : (1 - 0.04 * (k - 1)) * 1e-3 * Math.pow(0.99, i - k);
        }
        return s;
    }

    /** min over the sign of ‖est_j ∓ ref_j‖₂. */
    static double vectorError(DMatrixRMaj est, DMatrixRMaj ref, int j) {
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < est.numRows; i++) {
            double e = est.get(i, j);
            double r = ref.get(i, j);
            plus += (e - r) * (e - r);
            minus += (e + r) * (e + r);
        }
        return Math.sqrt(Math.min(plus, minus));
    }

    /** The 1e-10 check: top-k values (absolute, σ₁ = 1 here) and both vector sets. */
    static boolean agrees(TruncatedSvd est, double[] values, DMatrixRMaj u, DMatrixRMaj v, double tol) {
        for (int j = 0; j < est.rank(); j++) {
            if (!(Math.abs(est.value(j) - values[j]) <= tol) || !(vectorError(est.u(), u, j) <= tol)
                    || !(vectorError(est.v(), v, j) <= tol)) {
                return false;
            }
        }
        return true;
    }

    static double maxRelativeError(TruncatedSvd est, double[] sigma) {
        double max = 0;
        for (int j = 0; j < est.rank(); j++) {
            max = Math.max(max, Math.abs(est.value(j) - sigma[j]) / sigma[j]);
        }
        return max;
    }

    @ParameterizedTest(name = "{0}×{1}, k={2}, {3}")
    @CsvSource({"300, 300, 10, LU", "300, 200, 10, LU", "200, 300, 10, LU", "300, 300, 10, QR", "250, 180, 1, LU"})
    void topValuesAndVectorsMatchEjmlAndCommonsMathFullSvds(int rows, int cols, int k, Renormalization ren) {
        int min = Math.min(rows, cols);
        double[] sigma = gapSpectrum(min, k);
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(rows, cols, sigma, 11, KnownSpectrumMatrix.DEFAULT_REFLECTORS);
        DMatrixRMaj a = m.matrix();
        TruncatedSvd est = RandomizedSvd.decompose(new DenseOperator(a, 2),
                Parameters.of(k, 4).withRenormalization(ren));
        assertEquals(k, est.rank());
        assertEquals(rows, est.u().numRows);
        assertEquals(cols, est.v().numRows);

        TruncatedSvd ejml = DenseSvd.top(a, k);
        assertTrue(agrees(est, ejml.singularValues(), ejml.u(), ejml.v(), TOL), "against EJML's full SVD");

        double[][] rowsArray = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                rowsArray[i][j] = a.get(i, j);
            }
        }
        SingularValueDecomposition cm = new SingularValueDecomposition(new Array2DRowRealMatrix(rowsArray, false));
        assertTrue(agrees(est, cm.getSingularValues(), toEjml(cm.getU()), toEjml(cm.getV()), TOL),
                "against Commons Math's SVD");

        assertTrue(agrees(est, sigma, m.leftVectors(k), m.rightVectors(k), TOL), "against the known triplets");
        assertOriented(est);
    }

    private static DMatrixRMaj toEjml(RealMatrix r) {
        DMatrixRMaj m = new DMatrixRMaj(r.getRowDimension(), r.getColumnDimension());
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                m.set(i, j, r.getEntry(i, j));
            }
        }
        return m;
    }

    private static void assertOriented(TruncatedSvd t) {
        for (int j = 0; j < t.rank(); j++) {
            int arg = 0;
            for (int i = 1; i < t.u().numRows; i++) {
                if (Math.abs(t.u().get(i, j)) > Math.abs(t.u().get(arg, j))) {
                    arg = i;
                }
            }
            assertTrue(t.u().get(arg, j) > 0, "largest entry of u_" + (j + 1) + " is positive");
        }
    }

    /**
     * σ_i = 1/i, where the randomized SVD is not exact, against the theory: Gu (SIAM J. Sci. Comput. 37(3), 2015,
     * Thm. 4.3) bounds, for j ≤ k̃ ≤ l, σ_j ≥ σ̂_j ≥ σ_j / √(1 + ‖Ω₂‖²‖Ω₁⁺‖²(σ_{k̃+1}/σ_j)^{4T+2}) with Ω₁ = V_{k̃}ᵀΩ and
     * Ω₂ the rest of VᵀΩ, computed here from the actual test block. The measured error must lie under the bound, and
     * where the bound is large enough to see, within a few orders of magnitude of it.
     */
    @Test
    void slowSpectrumErrorIsWhatTheTheoryPredicts() {
        int n = 300;
        int k = 10;
        double[] sigma = KnownSpectrumMatrixTest.harmonic(n);
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(n, sigma, 21);
        DenseOperator op = new DenseOperator(m.matrix(), 2);
        DMatrixRMaj v = m.rightVectors(n);
        System.out.println("σ_i = 1/i, D = 300, k = 10: relative error of σ̂_j, measured and Gu's bound");
        System.out.println("   p   T  j   measured    bound       measured/bound");
        for (int[] pt : new int[][] {{2, 2}, {10, 2}, {2, 20}, {10, 20}}) {
            Parameters p = Parameters.of(k, 5).withOversampling(pt[0]).withIterations(pt[1]);
            TruncatedSvd est = RandomizedSvd.decompose(op, p);
            int l = k + pt[0];
            DMatrixRMaj omega = RandomizedSvd.gaussian(n, l, p.seed());
            DMatrixRMaj vto = new DMatrixRMaj(n, l);
            CommonOps_DDRM.multTransA(v, omega, vto);
            double worstRatio = 0;
            for (int j = 0; j < k; j++) {
                double measured = (sigma[j] - est.value(j)) / sigma[j];
                assertTrue(est.value(j) <= sigma[j] * (1 + 1e-13), "Rayleigh–Ritz: σ̂_" + (j + 1) + " ≤ σ_" + (j + 1));
                double bound = 1;
                for (int kt = j + 1; kt <= l; kt++) {
                    double c = norm2(CommonOps_DDRM.extract(vto, kt, n, 0, l))
                            / minSingular(CommonOps_DDRM.extract(vto, 0, kt, 0, l));
                    double ratio = Math.pow(sigma[kt] / sigma[j], 4.0 * pt[1] + 2);
                    bound = Math.min(bound, 1 - 1 / Math.sqrt(1 + c * c * ratio));
                }
                assertTrue(measured <= bound + 1e-13, "p=" + pt[0] + " T=" + pt[1] + " j=" + (j + 1) + ": measured "
                        + measured + " above the bound " + bound);
                if (bound > 1e-8) {
                    worstRatio = Math.max(worstRatio, measured / bound);
                }
                if (j == 0 || j == k - 1) {
                    System.out.printf(Locale.ROOT, "  %2d  %2d %2d  %10.3e  %10.3e   %s%n", pt[0], pt[1], j + 1,
                            measured, bound, bound > 0 ? String.format(Locale.ROOT, "%.2e", measured / bound) : "-");
                }
            }
            if (pt[1] == 2) {
                // where the bound is visible, the measured error is not vanishingly smaller: it follows the law
                // (σ_{k̃+1}/σ_j)^{4T+2} up to the constant, which the bound overestimates by about 10³ here
                assertTrue(worstRatio > 1e-4, "p=" + pt[0] + " T=2: measured/bound at most " + worstRatio);
                System.out.printf(Locale.ROOT, "  p=%d T=2: largest measured/bound over j %.2e%n", pt[0], worstRatio);
            }
        }
    }

    private static double norm2(DMatrixRMaj m) {
        return Arrays.stream(SingularOps_DDRM.singularValues(m)).max().orElse(0);
    }

    private static double minSingular(DMatrixRMaj m) {
        return Arrays.stream(SingularOps_DDRM.singularValues(m)).min().orElse(0);
    }

    /** Negative control: without power iterations and without oversampling the 1e-10 check must fail on 1/i. */
    @Test
    void withoutIterationsOrOversamplingTheCheckFails() {
        int n = 300;
        int k = 10;
        double[] sigma = KnownSpectrumMatrixTest.harmonic(n);
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(n, sigma, 21);
        DenseOperator op = new DenseOperator(m.matrix(), 2);
        TruncatedSvd crude = RandomizedSvd.decompose(op, Parameters.of(k, 5).withOversampling(0).withIterations(0));
        assertFalse(agrees(crude, sigma, m.leftVectors(k), m.rightVectors(k), TOL));
        assertTrue(maxRelativeError(crude, sigma) > 1e-3, "error " + maxRelativeError(crude, sigma));
        // and the paper's settings pass the same check on the same matrix
        TruncatedSvd full = RandomizedSvd.decompose(op, Parameters.of(k, 5));
        assertTrue(agrees(full, sigma, m.leftVectors(k), m.rightVectors(k), TOL),
                "error " + maxRelativeError(full, sigma));
    }

    @Test
    void sameSeedIsBitIdenticalWhateverTheThreadCount() {
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(260, 200, gapSpectrum(200, 8), 2, 64);
        Parameters p = Parameters.of(8, 99);
        TruncatedSvd a = RandomizedSvd.decompose(new DenseOperator(m.matrix(), 2), p);
        TruncatedSvd b = RandomizedSvd.decompose(new DenseOperator(m.matrix(), 2), p);
        TruncatedSvd c = RandomizedSvd.decompose(new DenseOperator(m.matrix(), 1), p);
        for (TruncatedSvd other : new TruncatedSvd[] {b, c}) {
            assertArrayEquals(a.singularValues(), other.singularValues());
            assertArrayEquals(a.u().data, other.u().data);
            assertArrayEquals(a.v().data, other.v().data);
        }
        TruncatedSvd d = RandomizedSvd.decompose(new DenseOperator(m.matrix(), 2), p.withSeed(100));
        assertFalse(Arrays.equals(a.u().data, d.u().data), "another seed, another test block");
        assertTrue(agrees(d, a.singularValues(), a.u(), a.v(), TOL));
    }

    @Test
    void makesTwoTPlusTwoProducts() {
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(40, gapSpectrum(40, 3), 1);
        int[] calls = new int[2];
        LinearOperator base = new DenseOperator(m.matrix(), 1);
        LinearOperator counting = new Forwarding(base) {
            @Override
            public void apply(DMatrixRMaj x, DMatrixRMaj y) {
                calls[0]++;
                super.apply(x, y);
            }

            @Override
            public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
                calls[1]++;
                super.applyTranspose(x, y);
            }
        };
        RandomizedSvd.decompose(counting, Parameters.of(3, 0));
        assertArrayEquals(new int[] {21, 21}, calls);
        Arrays.fill(calls, 0);
        RandomizedSvd.decompose(counting, Parameters.of(3, 0).withIterations(0));
        assertArrayEquals(new int[] {1, 1}, calls);
        assertEquals(42, Parameters.of(3, 0).products());
    }

    @Test
    void clampsTheBlockToTheSmallerSideAndIsThenExact() {
        double[] sigma = new double[40];
        for (int i = 0; i < 40; i++) {
            sigma[i] = 1 - 0.02 * i;
        }
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(60, 40, sigma, 4, 64);
        Parameters p = Parameters.of(40, 1);
        assertEquals(40, p.blockWidth(60, 40));
        TruncatedSvd t = RandomizedSvd.decompose(new DenseOperator(m.matrix()), p);
        TruncatedSvd ref = DenseSvd.top(m.matrix(), 40);
        for (int j = 0; j < 40; j++) {
            assertEquals(ref.value(j), t.value(j), 1e-13);
        }
    }

    @Test
    void handlesRankDeficientAndZeroOperators() {
        DMatrixRMaj x = new DMatrixRMaj(30, 1);
        DMatrixRMaj y = new DMatrixRMaj(20, 1);
        for (int i = 0; i < 30; i++) {
            x.set(i, 0, Math.sin(i + 1.0));
        }
        for (int i = 0; i < 20; i++) {
            y.set(i, 0, Math.cos(i + 0.5));
        }
        DMatrixRMaj rankOne = new DMatrixRMaj(30, 20);
        CommonOps_DDRM.multTransB(x, y, rankOne);
        TruncatedSvd t = RandomizedSvd.decompose(new DenseOperator(rankOne), Parameters.of(3, 0));
        double expected = NormOps_DDRM.normF(x) * NormOps_DDRM.normF(y);
        assertEquals(expected, t.value(0), 1e-13 * expected);
        assertEquals(0, t.value(1), 1e-13 * expected);
        TruncatedSvd zero = RandomizedSvd.decompose(new DenseOperator(new DMatrixRMaj(12, 9)), Parameters.of(2, 0));
        assertArrayEquals(new double[] {0, 0}, zero.singularValues());
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(3, 0).withOversampling(-1));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(3, 0).withIterations(-1));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(3, 0).withRenormalization(null));
        DenseOperator op = new DenseOperator(new DMatrixRMaj(5, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomizedSvd.decompose(op, Parameters.of(5, 0)));
        assertTrue(e.getMessage().contains("exceeds min(rows, cols) = 4"), e.getMessage());
    }

    @Test
    void aNanOrInfinityInAProductIsNamed() {
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(30, gapSpectrum(30, 3), 1);
        LinearOperator base = new DenseOperator(m.matrix());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            int[] count = {0};
            LinearOperator poisoned = new Forwarding(base) {
                @Override
                public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
                    super.applyTranspose(x, y);
                    if (++count[0] == 2) {
                        y.set(7, 1, bad);
                    }
                }
            };
            ArithmeticException e = assertThrows(ArithmeticException.class,
                    () -> RandomizedSvd.decompose(poisoned, Parameters.of(3, 0)));
            assertTrue(e.getMessage().contains(Double.toString(bad)), e.getMessage());
            assertTrue(e.getMessage().contains("Aᵀ·x at entry (7, 1), product 4 of 42"), e.getMessage());
        }
        DMatrixRMaj withNan = m.matrix().copy();
        withNan.set(3, 4, Double.NaN);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> RandomizedSvd.decompose(new DenseOperator(withNan), Parameters.of(3, 0)));
        assertTrue(e.getMessage().contains("NaN in A·x"), e.getMessage());
    }

    @Test
    void luBasisIsThePermutedUnitLowerFactorWithTheSameColumnSpace() {
        DMatrixRMaj x = DenseOperatorTest.gaussian(org.resalign.core.seed.Seeds.stream(3,
                org.resalign.core.seed.Seeds.Purpose.DATA), 50, 8);
        DMatrixRMaj l = x.copy();
        RandomizedSvd.luBasis(l);
        int ones = 0;
        for (int i = 0; i < 50; i++) {
            for (int c = 0; c < 8; c++) {
                assertTrue(Math.abs(l.get(i, c)) <= 1, "multipliers are bounded by 1");
                if (l.get(i, c) == 1) {
                    ones++;
                }
            }
        }
        assertTrue(ones >= 8, "a unit pivot per column");
        // x = L·U: the columns of x lie in the span of L
        assertEquals(0, projectionResidual(l, x), 1e-12);
        // rank-one input: L keeps full column rank
        DMatrixRMaj r1 = new DMatrixRMaj(50, 4);
        for (int i = 0; i < 50; i++) {
            for (int c = 0; c < 4; c++) {
                r1.set(i, c, (c + 1) * Math.sin(i + 1.0));
            }
        }
        RandomizedSvd.luBasis(r1);
        assertTrue(minSingular(r1) > 0.5, "full column rank");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}×{1}")
    @org.junit.jupiter.params.provider.CsvSource({"50, 5", "61, 13", "130, 15", "7, 7", "1, 1"})
    void luBasisSpansTheBlockForWidthsThatAreNotAPanelMultiple(int rows, int width) {
        DMatrixRMaj x = DenseOperatorTest.gaussian(org.resalign.core.seed.Seeds.stream(rows * 100L + width,
                org.resalign.core.seed.Seeds.Purpose.DATA), rows, width);
        DMatrixRMaj l = x.copy();
        RandomizedSvd.luBasis(l);
        for (double v : l.data) {
            assertTrue(Math.abs(v) <= 1, "multipliers are bounded by 1");
        }
        assertEquals(0, projectionResidual(l, x), 1e-12);
        assertTrue(minSingular(l) > 1e-3, "full column rank");
    }

    private static double projectionResidual(DMatrixRMaj basis, DMatrixRMaj x) {
        DMatrixRMaj q = RandomizedSvd.orthonormalBasis(basis);
        DMatrixRMaj qtx = new DMatrixRMaj(q.numCols, x.numCols);
        CommonOps_DDRM.multTransA(q, x, qtx);
        DMatrixRMaj proj = new DMatrixRMaj(x.numRows, x.numCols);
        CommonOps_DDRM.mult(q, qtx, proj);
        CommonOps_DDRM.subtractEquals(proj, x);
        return NormOps_DDRM.normF(proj) / NormOps_DDRM.normF(x);
    }

    /** An operator that forwards to another, for overriding one method in a test. */
    private static class Forwarding implements LinearOperator {
        private final LinearOperator base;

        Forwarding(LinearOperator base) {
            this.base = base;
        }

        @Override
        public int rows() {
            return base.rows();
        }

        @Override
        public int cols() {
            return base.cols();
        }

        @Override
        public void apply(DMatrixRMaj x, DMatrixRMaj y) {
            base.apply(x, y);
        }

        @Override
        public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
            base.applyTranspose(x, y);
        }
    }
}
