package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.resalign.core.seed.Seeds;

class DenseOperatorTest {

    static DMatrixRMaj gaussian(RandomGenerator rng, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < a.getNumElements(); i++) {
            a.data[i] = rng.nextGaussian();
        }
        return a;
    }

    /** The documented summation: fma over ascending inner index, starting from zero. */
    private static DMatrixRMaj sequentialFma(DMatrixRMaj a, DMatrixRMaj x, boolean transpose) {
        int out = transpose ? a.numCols : a.numRows;
        int inner = transpose ? a.numRows : a.numCols;
        DMatrixRMaj y = new DMatrixRMaj(out, x.numCols);
        for (int i = 0; i < out; i++) {
            for (int c = 0; c < x.numCols; c++) {
                double s = 0;
                for (int r = 0; r < inner; r++) {
                    double aij = transpose ? a.get(r, i) : a.get(i, r);
                    s = Math.fma(aij, x.get(r, c), s);
                }
                y.set(i, c, s);
            }
        }
        return y;
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        double scale = Math.max(1, CommonOps_DDRM.elementMaxAbs(expected));
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(expected.data[i], actual.data[i], 1e-12 * scale, what + " entry " + i);
        }
    }

    @ParameterizedTest(name = "{0}×{1} times {2} columns, {3} threads")
    @CsvSource({"1, 1, 1, 1", "1, 9, 3, 2", "9, 1, 2, 2", "7, 5, 1, 1", "13, 11, 37, 3", "300, 137, 1, 2",
        "137, 300, 5, 2", "1030, 517, 3, 2", "517, 1030, 40, 4", "64, 64, 8, 1"})
    void matchesEjmlAndTheSequentialFmaSum(int rows, int cols, int b, int threads) {
        RandomGenerator rng = Seeds.stream(rows * 31L + cols, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, rows, cols);
        DMatrixRMaj x = gaussian(rng, cols, b);
        DMatrixRMaj z = gaussian(rng, rows, b);
        for (DenseOperator.Kernel kernel : DenseOperator.Kernel.values()) {
            DenseOperator op = new DenseOperator(a, threads, kernel);
            assertEquals(rows, op.rows());
            assertEquals(cols, op.cols());
            assertEquals(kernel, op.kernel());
            checkProducts(op, a, x, z, kernel.optionName());
        }
    }

    private static void checkProducts(DenseOperator op, DMatrixRMaj a, DMatrixRMaj x, DMatrixRMaj z, String kernel) {
        int rows = a.numRows;
        int cols = a.numCols;
        int b = x.numCols;

        DMatrixRMaj expected = new DMatrixRMaj(rows, b);
        CommonOps_DDRM.mult(a, x, expected);
        DMatrixRMaj y = op.times(x);
        assertClose(expected, y, kernel + " A·x");
        assertArrayEquals(sequentialFma(a, x, false).data, Arrays.copyOf(y.data, rows * b), kernel + " A·x bits");

        DMatrixRMaj expectedT = new DMatrixRMaj(cols, b);
        CommonOps_DDRM.multTransA(a, z, expectedT);
        DMatrixRMaj w = op.transposeTimes(z);
        assertClose(expectedT, w, kernel + " Aᵀ·x");
        assertArrayEquals(sequentialFma(a, z, true).data, Arrays.copyOf(w.data, cols * b), kernel + " Aᵀ·x bits");
    }

    @Test
    void theVectorKernelIsTestedHereAndAutoFollowsThePreferredWidth() {
        assertTrue(DenseOperator.Kernel.vectorAvailable(), "the tests run with --add-modules jdk.incubator.vector");
        int preferred = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(Math.max(128, Math.min(512, preferred)), DenseOperator.Kernel.vectorBits());
        DenseOperator.Kernel expected = preferred == 256 || preferred == 512 ? DenseOperator.Kernel.VECTOR
                : DenseOperator.Kernel.PORTABLE;
        assertEquals(expected, DenseOperator.Kernel.best(), DenseOperator.Kernel.bestReason());
        DenseOperator op = new DenseOperator(new DMatrixRMaj(8, 8), 1, DenseOperator.Kernel.VECTOR);
        assertEquals(DenseOperator.Kernel.vectorBits(), op.vectorBits(), "the vector kernel runs at the preferred width");
        assertEquals(0, new DenseOperator(new DMatrixRMaj(8, 8), 1, DenseOperator.Kernel.PORTABLE).vectorBits());
    }

    /**
     * Every width's kernel against the portable kernel, bit for bit, and against the documented fma chain: block widths
     * that exercise each width's register blocks and their remainders (4×5, 4×3, 4×2 and single vectors, padding to
     * whole vectors) and row counts that are not multiples of four. A width this CPU lacks runs in the Vector API's
     * Java fallback, slowly and with the same results.
     */
    @ParameterizedTest(name = "{0}-bit kernel")
    @ValueSource(ints = {128, 256, 512})
    void theVectorKernelIsBitIdenticalToThePortableOneAtEveryWidth(int bits) {
        RandomGenerator rng = Seeds.stream(8, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, 203, 111);
        DenseOperator portable = new DenseOperator(a, 2, DenseOperator.Kernel.PORTABLE);
        DenseOperator vector = new DenseOperator(a, 2, DenseOperator.Kernel.VECTOR, bits);
        assertEquals(bits, vector.vectorBits());
        for (int b : new int[] {1, 2, 3, 4, 6, 7, 8, 12, 16, 20, 24, 28, 36, 40, 41, 44, 48, 83}) {
            DMatrixRMaj x = gaussian(rng, 111, b);
            DMatrixRMaj z = gaussian(rng, 203, b);
            DMatrixRMaj y = vector.times(x);
            DMatrixRMaj w = vector.transposeTimes(z);
            assertArrayEquals(portable.times(x).data, y.data, bits + "-bit A·x, b = " + b);
            assertArrayEquals(portable.transposeTimes(z).data, w.data, bits + "-bit Aᵀ·x, b = " + b);
            assertArrayEquals(sequentialFma(a, x, false).data, y.data, bits + "-bit A·x against the fma chain");
            assertArrayEquals(sequentialFma(a, z, true).data, w.data, bits + "-bit Aᵀ·x against the fma chain");
        }
        for (int threads : new int[] {1, 3}) {
            DMatrixRMaj x = gaussian(rng, 111, 40);
            assertArrayEquals(portable.times(x).data,
                    new DenseOperator(a, threads, DenseOperator.Kernel.VECTOR, bits).times(x).data,
                    bits + "-bit A·x with " + threads + " threads");
        }
    }

    @Test
    void rejectsAWidthWithoutAKernel() {
        DMatrixRMaj a = new DMatrixRMaj(4, 4);
        for (int bits : new int[] {0, 64, 192, 1024}) {
            assertThrows(IllegalArgumentException.class, () -> new DenseOperator(a, 1, DenseOperator.Kernel.VECTOR,
                    bits), bits + " bits");
        }
        assertThrows(IllegalArgumentException.class, () -> new DenseOperator(a, 1, DenseOperator.Kernel.PORTABLE,
                256));
    }

    @Test
    void bitIdenticalForOneTwoAndThreeThreads() {
        RandomGenerator rng = Seeds.stream(7, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, 1201, 1543);
        DMatrixRMaj x = gaussian(rng, 1543, 33);
        DMatrixRMaj z = gaussian(rng, 1201, 33);
        for (DenseOperator.Kernel kernel : DenseOperator.Kernel.values()) {
            DMatrixRMaj y1 = new DenseOperator(a, 1, kernel).times(x);
            DMatrixRMaj w1 = new DenseOperator(a, 1, kernel).transposeTimes(z);
            for (int threads : new int[] {2, 3}) {
                DenseOperator op = new DenseOperator(a, threads, kernel);
                assertArrayEquals(y1.data, op.times(x).data, kernel + " A·x with " + threads + " threads");
                assertArrayEquals(w1.data, op.transposeTimes(z).data, kernel + " Aᵀ·x with " + threads + " threads");
            }
        }
    }

    @Test
    void doesNotDependOnTheSourceMatrixAfterConstruction() {
        RandomGenerator rng = Seeds.stream(8, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, 20, 30);
        DMatrixRMaj x = gaussian(rng, 30, 4);
        DenseOperator op = new DenseOperator(a, 2);
        DMatrixRMaj before = op.times(x);
        Arrays.fill(a.data, Double.NaN);
        assertArrayEquals(before.data, op.times(x).data);
    }

    @Test
    void overwritesTheOutputCompletely() {
        RandomGenerator rng = Seeds.stream(9, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, 50, 40);
        DMatrixRMaj x = gaussian(rng, 40, 3);
        DenseOperator op = new DenseOperator(a, 2);
        DMatrixRMaj y = new DMatrixRMaj(50, 3);
        Arrays.fill(y.data, 1e300);
        op.apply(x, y);
        assertArrayEquals(op.times(x).data, y.data);
    }

    @Test
    void rejectsBadShapesAndThreadCounts() {
        DMatrixRMaj a = new DMatrixRMaj(4, 3);
        DenseOperator op = new DenseOperator(a, 1);
        assertThrows(IllegalArgumentException.class, () -> op.apply(new DMatrixRMaj(4, 2), new DMatrixRMaj(4, 2)));
        assertThrows(IllegalArgumentException.class, () -> op.apply(new DMatrixRMaj(3, 2), new DMatrixRMaj(4, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> op.applyTranspose(new DMatrixRMaj(3, 2), new DMatrixRMaj(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> new DenseOperator(a, 0));
        assertThrows(IllegalArgumentException.class, () -> new DenseOperator(new DMatrixRMaj(0, 3), 1));
    }

    @Test
    void productThreadsAreDaemons() {
        RandomGenerator rng = Seeds.stream(10, Seeds.Purpose.DATA);
        DMatrixRMaj a = gaussian(rng, 64, 64);
        new DenseOperator(a, 2).times(gaussian(rng, 64, 2));
        long pool = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("resalign-dense-"))
                .peek(t -> assertTrue(t.isDaemon(), t.getName() + " must be a daemon thread"))
                .count();
        assertTrue(pool >= 1, "the second part ran on a pool thread");
    }
}
