package org.resalign.bridge;

import org.bytedeco.openblas.global.openblas;

/**
 * Matrix products by OpenBLAS's {@code cblas_dgemm} and {@code cblas_sgemm} (the library nd4j-native itself calls for its
 * products), on row-major Java arrays. OpenBLAS splits a product between its threads by blocks of the output, so
 * every element is summed in the same order whatever {@code OMP_NUM_THREADS} is.
 */
final class Blas {

    private Blas() {
    }

    /**
     * {@code C = op(A)·op(B)}, with {@code op(X) = Xᵀ} when {@code transpose…} is set; {@code C} is {@code m×n}, the
     * shared dimension {@code k}, all row-major with their natural leading dimensions.
     */
    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b,
            double[] c) {
        if (c.length != m * n || a.length != m * k || b.length != k * n) {
            throw new IllegalArgumentException("a " + m + "×" + n + " product over " + k + " of arrays of "
                    + a.length + " and " + b.length + " into " + c.length);
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1, a, transposeA ? m : k, b,
                transposeB ? k : n, 0, c, n);
    }

    /**
     * {@code C = β·C + op(A)·op(B)} in single precision, as {@link #multiply} (with {@code β} 0 or 1: overwrite or
     * accumulate).
     */
    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, float[] b, float[] c,
            boolean accumulate) {
        if (c.length < m * n || a.length < m * k || b.length < k * n) {
            throw new IllegalArgumentException("a " + m + "×" + n + " product over " + k + " of arrays of "
                    + a.length + " and " + b.length + " into " + c.length);
        }
        openblas.cblas_sgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1, a, transposeA ? m : k, b,
                transposeB ? k : n, accumulate ? 1 : 0, c, n);
    }
}
