package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KnownSpectrumMatrixTest {

    static double[] harmonic(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 1.0 / (i + 1);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}×{1}, {2} reflectors")
    @CsvSource({"120, 120, 64", "150, 90, 64", "90, 150, 64", "40, 40, 200", "1, 5, 3"})
    void isUSigmaVtWithOrthonormalKnownVectors(int rows, int cols, int reflectors) {
        int min = Math.min(rows, cols);
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(rows, cols, harmonic(min), 3, reflectors);
        DMatrixRMaj a = m.matrix();
        assertEquals(rows, a.numRows);
        assertEquals(cols, a.numCols);
        DMatrixRMaj u = m.leftVectors(min);
        DMatrixRMaj v = m.rightVectors(min);
        DMatrixRMaj utu = new DMatrixRMaj(min, min);
        CommonOps_DDRM.multTransA(u, u, utu);
        DMatrixRMaj vtv = new DMatrixRMaj(min, min);
        CommonOps_DDRM.multTransA(v, v, vtv);
        for (int i = 0; i < min; i++) {
            for (int j = 0; j < min; j++) {
                assertEquals(i == j ? 1 : 0, utu.get(i, j), 1e-13, "UᵀU");
                assertEquals(i == j ? 1 : 0, vtv.get(i, j), 1e-13, "VᵀV");
            }
        }
        // A·v_j = σ_j·u_j and Aᵀ·u_j = σ_j·v_j
        double[] s = m.singularValues();
        DMatrixRMaj av = new DMatrixRMaj(rows, min);
        CommonOps_DDRM.mult(a, v, av);
        DMatrixRMaj atu = new DMatrixRMaj(cols, min);
        CommonOps_DDRM.multTransA(a, u, atu);
        for (int j = 0; j < min; j++) {
            for (int i = 0; i < rows; i++) {
                assertEquals(s[j] * u.get(i, j), av.get(i, j), 1e-14, "A·v");
            }
            for (int i = 0; i < cols; i++) {
                assertEquals(s[j] * v.get(i, j), atu.get(i, j), 1e-14, "Aᵀ·u");
            }
        }
        // and the spectrum is what EJML finds
        double[] ejml = DenseSvd.top(a, min).singularValues();
        for (int j = 0; j < min; j++) {
            assertEquals(s[j], ejml[j], 1e-14);
        }
    }

    @Test
    void leadingVectorsAreDenseNotCoordinateVectors() {
        KnownSpectrumMatrix m = KnownSpectrumMatrix.of(400, harmonic(400), 5);
        DMatrixRMaj u = m.leftVectors(10);
        for (int j = 0; j < 10; j++) {
            double max = 0;
            for (int i = 0; i < 400; i++) {
                max = Math.max(max, Math.abs(u.get(i, j)));
            }
            // a uniformly random unit vector in R^400 has max |entry| ≈ 0.15; a coordinate vector has 1
            assertTrue(max < 0.5, "column " + j + " max " + max);
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        double[] s = harmonic(30);
        DMatrixRMaj a = KnownSpectrumMatrix.of(50, s, 1).matrix();
        assertArrayEquals(a.data, KnownSpectrumMatrix.of(50, s, 1).matrix().data);
        DMatrixRMaj b = KnownSpectrumMatrix.of(50, s, 2).matrix();
        DMatrixRMaj d = new DMatrixRMaj(50, 50);
        CommonOps_DDRM.subtract(a, b, d);
        assertTrue(NormOps_DDRM.normF(d) > 0.1);
        // trailing zero singular values
        assertEquals(0, DenseSvd.top(a, 50).value(30), 1e-14);
    }

    @Test
    void rejectsBadSpectraAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(5, new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(5, new double[] {1, -1}, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(5, new double[] {Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(2, new double[] {3, 2, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(0, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(3, 3, new double[] {1}, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> KnownSpectrumMatrix.of(3, new double[] {1}, 0)
                .leftVectors(4));
    }
}
