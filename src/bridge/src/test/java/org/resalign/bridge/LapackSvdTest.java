package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resalign.core.linalg.DenseSvd;
import org.resalign.core.linalg.KnownSpectrumMatrix;
import org.resalign.core.linalg.TruncatedSvd;

/**
 * LAPACK's top-k SVD against EJML's full SVD, Commons Math's, and a matrix of known spectrum; its certificate against
 * planted wrong triplets; and which route (bidiagonal or the full dgesdd) a matrix takes.
 */
class LapackSvdTest {

    @ParameterizedTest
    @CsvSource({"60, 60, 10", "40, 70, 12", "70, 40, 1", "33, 33, 33"})
    void agreesWithEjmlsFullSvdAndCommonsMath(int m, int n, int k) {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(m, n, -1, 1, new Random(m * 31L + n));
        DMatrixRMaj before = a.copy();
        TruncatedSvd lapack = LapackSvd.top(a, k);
        TruncatedSvd ejml = DenseSvd.top(a, k);
        assertArrayEquals(before.data, a.data, "the input must not be modified");
        double[] commons = new SingularValueDecomposition(new Array2DRowRealMatrix(rows(a))).getSingularValues();
        for (int j = 0; j < k; j++) {
            double s = ejml.value(j);
            assertEquals(s, lapack.value(j), 1e-13 * ejml.value(0), "σ" + (j + 1) + " against EJML");
            assertEquals(commons[j], lapack.value(j), 1e-13 * commons[0], "σ" + (j + 1) + " against Commons Math");
            // vectors are determined up to sign by the gap to the neighbouring values; the sign convention fixes it
            double gap = Math.min(j == 0 ? Double.MAX_VALUE : ejml.value(j - 1) - s,
                    j + 1 < Math.min(m, n) ? s - commons[j + 1] : Double.MAX_VALUE);
            double tol = 1e-14 * ejml.value(0) / gap;
            assertEquals(1, dot(lapack.u(), ejml.u(), j), Math.max(tol, 1e-13), "u" + (j + 1));
            assertEquals(1, dot(lapack.v(), ejml.v(), j), Math.max(tol, 1e-13), "v" + (j + 1));
        }
    }

    @Test
    void recoversAKnownSpectrumWithItsVectors() {
        double[] sigma = new double[80];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = 1.0 / (i + 1);
        }
        KnownSpectrumMatrix a = KnownSpectrumMatrix.of(80, sigma, 7);
        int k = 12;
        TruncatedSvd r = LapackSvd.top(a.matrix(), k);
        DMatrixRMaj u = a.leftVectors(k);
        DMatrixRMaj v = a.rightVectors(k);
        for (int j = 0; j < k; j++) {
            assertEquals(sigma[j], r.value(j), 1e-14, "σ" + (j + 1));
            assertEquals(1, Math.abs(dot(r.u(), u, j)), 1e-12, "u" + (j + 1));
            assertEquals(1, Math.abs(dot(r.v(), v, j)), 1e-12, "v" + (j + 1));
        }
    }

    /** Rank-deficient matrices, with k beyond the rank (the case that breaks dgesvdx): values right, no crash. */
    @Test
    void rankDeficientMatricesAreDecomposed() {
        Random rng = new Random(5);
        for (int n = 2; n <= 12; n++) {
            for (int rank = 0; rank < n; rank++) {
                DMatrixRMaj a = new DMatrixRMaj(n, n);
                for (int t = 0; t < rank; t++) {
                    double[] x = new double[n];
                    double[] y = new double[n];
                    for (int i = 0; i < n; i++) {
                        x[i] = rng.nextGaussian();
                        y[i] = rng.nextGaussian();
                    }
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            a.add(i, j, x[i] * y[j]);
                        }
                    }
                }
                TruncatedSvd r = LapackSvd.top(a, n);
                TruncatedSvd e = DenseSvd.top(a, n);
                for (int j = 0; j < n; j++) {
                    assertEquals(e.value(j), r.value(j), 1e-13 * Math.max(1, e.value(0)), n + "×" + n + ", rank "
                            + rank + ", σ" + (j + 1));
                }
            }
        }
    }

    /** Zero rows and columns are dropped before the decomposition: the triplets are still EJML's. */
    @Test
    void zeroRowsAndColumnsChangeNothing() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(40, 36, -1, 1, new Random(8));
        for (int r : new int[] {0, 5, 6, 17, 39}) {
            for (int c = 0; c < a.numCols; c++) {
                a.set(r, c, 0);
            }
        }
        for (int c : new int[] {3, 35}) {
            for (int r = 0; r < a.numRows; r++) {
                a.set(r, c, 0);
            }
        }
        TruncatedSvd spectrum = DenseSvd.top(a, 36);
        for (int k : new int[] {6, 30, 34}) { // 34 > the 33 nonzero columns: no compaction
            TruncatedSvd lapack = LapackSvd.top(a, k);
            TruncatedSvd ejml = DenseSvd.top(a, k);
            for (int j = 0; j < Math.min(k, 30); j++) {
                assertEquals(ejml.value(j), lapack.value(j), 1e-13 * ejml.value(0), "k " + k + ", σ" + (j + 1));
                double gap = Math.min(j == 0 ? 1 : spectrum.value(j - 1) - spectrum.value(j),
                        spectrum.value(j) - spectrum.value(j + 1));
                assertEquals(1, dot(lapack.u(), ejml.u(), j), Math.max(1e-13, 1e-14 * ejml.value(0) / gap), "u");
                assertEquals(1, dot(lapack.v(), ejml.v(), j), Math.max(1e-13, 1e-14 * ejml.value(0) / gap), "v");
                if (k < 34) {
                    assertEquals(0, Math.abs(lapack.u().get(5, j)), "a zero row has no part in a left vector");
                    assertEquals(0, Math.abs(lapack.v().get(35, j)), "a zero column has no part in a right vector");
                }
            }
        }
    }

    /** Generic matrices take the bidiagonal route: none of them falls back to the full SVD. */
    @ParameterizedTest
    @CsvSource({"90, 90, 11", "60, 95, 5", "95, 60, 5", "1, 7, 1", "7, 1, 1"})
    void genericMatricesAreDecomposedWithoutTheFullSvd(int m, int n, int k) {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(m, n, -1, 1, new Random(m * 7L + n));
        long before = LapackSvd.fallbacks();
        TruncatedSvd t = LapackSvd.top(a, k);
        assertEquals(before, LapackSvd.fallbacks(), "a generic matrix must not need dgesdd");
        TruncatedSvd e = DenseSvd.top(a, k);
        for (int j = 0; j < k; j++) {
            assertEquals(e.value(j), t.value(j), 1e-13 * e.value(0), "σ" + (j + 1));
        }
        assertTrue(LapackSvd.certified(a, t));
    }

    /** A zero singular value among the top k sends the decomposition to dgesdd, which gets it right. */
    @Test
    void aZeroSingularValueAmongTheTopKFallsBackToTheFullSvd() {
        DMatrixRMaj a = new DMatrixRMaj(6, 6);
        Random rng = new Random(11);
        for (int t = 0; t < 3; t++) { // rank 3, no zero row or column
            double[] x = new double[6];
            double[] y = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = rng.nextGaussian();
                y[i] = rng.nextGaussian();
            }
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    a.add(i, j, x[i] * y[j]);
                }
            }
        }
        long before = LapackSvd.fallbacks();
        TruncatedSvd t = LapackSvd.top(a, 4);
        assertEquals(before + 1, LapackSvd.fallbacks());
        TruncatedSvd e = DenseSvd.top(a, 4);
        for (int j = 0; j < 4; j++) {
            assertEquals(e.value(j), t.value(j), 1e-13 * e.value(0), "σ" + (j + 1));
        }
        assertTrue(t.value(3) <= LapackSvd.SEPARATED * t.value(0));
        // the top three are still certified triplets
        TruncatedSvd three = LapackSvd.top(a, 3);
        assertTrue(LapackSvd.certified(a, three));
    }

    /** The certificate rejects a triplet whose value, left vector or right vector is planted wrong. */
    @Test
    void theCertificateRejectsPlantedWrongTriplets() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(40, 30, -1, 1, new Random(4));
        TruncatedSvd t = LapackSvd.top(a, 4);
        assertTrue(LapackSvd.certified(a, t));
        double[] values = t.singularValues().clone();
        values[2] *= 1 + 1e-9;
        assertFalse(LapackSvd.certified(a, new TruncatedSvd(values, t.u(), t.v())), "a value off by 1e-9");
        DMatrixRMaj u = t.u().copy();
        u.set(7, 1, u.get(7, 1) + 1e-9);
        assertFalse(LapackSvd.certified(a, new TruncatedSvd(t.singularValues(), u, t.v())), "u₂ off by 1e-9");
        DMatrixRMaj v = t.v().copy();
        for (int r = 0; r < v.numRows; r++) { // v₁ and v₂ swapped: residuals fail although still orthonormal
            double x = v.get(r, 0);
            v.set(r, 0, v.get(r, 1));
            v.set(r, 1, x);
        }
        assertFalse(LapackSvd.certified(a, new TruncatedSvd(t.singularValues(), t.u(), v)), "v₁ and v₂ swapped");
        DMatrixRMaj nan = t.u().copy();
        nan.set(0, 0, Double.NaN);
        assertFalse(LapackSvd.certified(a, new TruncatedSvd(t.singularValues(), nan, t.v())), "a NaN");
    }

    @Test
    void aPlantedWrongTripletIsTold() {
        // the comparison above is not vacuous: a perturbed matrix moves σ₁ and u₁ by far more than its tolerance
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(50, 50, -1, 1, new Random(3));
        TruncatedSvd exact = LapackSvd.top(a, 3);
        DMatrixRMaj b = a.copy();
        b.add(0, 0, 1e-3);
        TruncatedSvd moved = LapackSvd.top(b, 3);
        assertTrue(Math.abs(moved.value(0) - exact.value(0)) > 1e-13 * exact.value(0));
        assertTrue(1 - dot(moved.u(), exact.u(), 0) > 1e-13);
    }

    @Test
    void concurrentCallsGiveTheSameBits() throws Exception {
        List<DMatrixRMaj> ms = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            ms.add(RandomMatrices_DDRM.rectangle(120, 120, -1, 1, new Random(t)));
        }
        List<TruncatedSvd> alone = new ArrayList<>();
        for (DMatrixRMaj m : ms) {
            alone.add(LapackSvd.top(m, 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TruncatedSvd>> together = new ArrayList<>();
            for (DMatrixRMaj m : ms) {
                together.add(pool.submit(() -> LapackSvd.top(m, 10)));
            }
            for (int t = 0; t < ms.size(); t++) {
                TruncatedSvd x = together.get(t).get();
                assertArrayEquals(alone.get(t).singularValues(), x.singularValues());
                assertArrayEquals(alone.get(t).u().data, x.u().data);
                assertArrayEquals(alone.get(t).v().data, x.v().data);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The OpenBLAS operator against EJML's products. */
    @Test
    void blasOperatorMultipliesAsEjmlDoes() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(30, 20, -1, 1, new Random(2));
        DMatrixRMaj x = RandomMatrices_DDRM.rectangle(20, 7, -1, 1, new Random(3));
        DMatrixRMaj z = RandomMatrices_DDRM.rectangle(30, 7, -1, 1, new Random(4));
        BlasOperator op = new BlasOperator(a);
        DMatrixRMaj ax = new DMatrixRMaj(30, 7);
        org.ejml.dense.row.CommonOps_DDRM.mult(a, x, ax);
        DMatrixRMaj atz = new DMatrixRMaj(20, 7);
        org.ejml.dense.row.CommonOps_DDRM.multTransA(a, z, atz);
        assertArrayEquals(ax.data, op.times(x).data, 1e-13);
        assertArrayEquals(atz.data, op.transposeTimes(z).data, 1e-13);
        assertThrows(IllegalArgumentException.class, () -> op.times(z));
    }

    @Test
    void badInputIsRefused() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(5, 4, -1, 1, new Random(1));
        assertThrows(IllegalArgumentException.class, () -> LapackSvd.top(a, 0));
        assertThrows(IllegalArgumentException.class, () -> LapackSvd.top(a, 5));
        a.set(2, 3, Double.NaN);
        assertThrows(ArithmeticException.class, () -> LapackSvd.top(a, 2));
    }

    private static double dot(DMatrixRMaj a, DMatrixRMaj b, int column) {
        double s = 0;
        for (int r = 0; r < a.numRows; r++) {
            s += a.get(r, column) * b.get(r, column);
        }
        return s;
    }

    private static double[][] rows(DMatrixRMaj a) {
        double[][] r = new double[a.numRows][a.numCols];
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                r[i][j] = a.get(i, j);
            }
        }
        return r;
    }
}
