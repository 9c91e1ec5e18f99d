package org.resalign.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y ← M·x} for a row-major {@code M} and a thin block {@code x}, with JDK 17's incubating Vector API: a
 * register-blocked kernel that keeps a {@code 4 × 40} block of the output in twenty 512-bit accumulators while it runs
 * down the shared dimension, so each element of {@code M} is loaded once per 40 outputs and the loop is bound by
 * fused multiply-adds, not loads. Measured on the 2-core AMD EPYC (Zen 4) of this project, {@code 4096×4096} times
 * {@code 4096×40}: about 50 GFlop/s on one thread and 90 on two, against 22–30 and 42–56 for the portable kernel of
 * {@link DenseOperator}.
 *
 * <p>Each output element is {@code fma(M[i,n−1], x[n−1,c], … fma(M[i,0], x[0,c], 0))}, accumulated in ascending
 * {@code j}: the same operations in the same order as the portable kernel, so the two give bit-identical results.
 *
 * <p>Every vector stays inside the method that creates it: handing the accumulators to a helper that the compiler does
 * not inline makes it allocate them as objects, and the kernel runs ten times slower (measured).
 *
 * <p>This class is loaded only when the module {@code jdk.incubator.vector} is resolved
 * ({@code java --add-modules jdk.incubator.vector}); see {@link DenseOperator.Kernel}.
 */
final class VectorProduct {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    /** Doubles per vector. */
    static final int LANES = 8;

    private VectorProduct() {
    }

    /**
     * Rows {@code r0 … r1−1} of {@code y = M·x}, with {@code M} ({@code ·×n}) row-major in {@code m}, and {@code x}
     * ({@code n×lp}) and {@code y} ({@code ·×lp}) row-major with {@code lp} a multiple of {@value #LANES}.
     */
    static void rows(double[] m, int n, double[] x, int lp, double[] y, int r0, int r1) {
        int vectors = lp / LANES;
        int i = r0;
        for (; i + 3 < r1; i += 4) {
            int v = 0;
            for (; v + 4 < vectors; v += 5) {
                fourByFive(m, n, x, lp, y, i, v * LANES);
            }
            for (; v < vectors; v++) {
                fourByOne(m, n, x, lp, y, i, v * LANES);
            }
        }
        for (; i < r1; i++) {
            for (int v = 0; v < vectors; v++) {
                oneByOne(m, n, x, lp, y, i, v * LANES);
            }
        }
    }

    private static void fourByFive(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c24 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c33 = c00;
        DoubleVector c34 = c00;
        int a0 = i * n;
        int a1 = a0 + n;
        int a2 = a1 + n;
        int a3 = a2 + n;
        for (int j = 0; j < n; j++) {
            int xo = c + j * lp;
            DoubleVector x0 = DoubleVector.fromArray(S, x, xo);
            DoubleVector x1 = DoubleVector.fromArray(S, x, xo + 8);
            DoubleVector x2 = DoubleVector.fromArray(S, x, xo + 16);
            DoubleVector x3 = DoubleVector.fromArray(S, x, xo + 24);
            DoubleVector x4 = DoubleVector.fromArray(S, x, xo + 32);
            DoubleVector b = DoubleVector.broadcast(S, m[a0 + j]);
            c00 = x0.fma(b, c00);
            c01 = x1.fma(b, c01);
            c02 = x2.fma(b, c02);
            c03 = x3.fma(b, c03);
            c04 = x4.fma(b, c04);
            b = DoubleVector.broadcast(S, m[a1 + j]);
            c10 = x0.fma(b, c10);
            c11 = x1.fma(b, c11);
            c12 = x2.fma(b, c12);
            c13 = x3.fma(b, c13);
            c14 = x4.fma(b, c14);
            b = DoubleVector.broadcast(S, m[a2 + j]);
            c20 = x0.fma(b, c20);
            c21 = x1.fma(b, c21);
            c22 = x2.fma(b, c22);
            c23 = x3.fma(b, c23);
            c24 = x4.fma(b, c24);
            b = DoubleVector.broadcast(S, m[a3 + j]);
            c30 = x0.fma(b, c30);
            c31 = x1.fma(b, c31);
            c32 = x2.fma(b, c32);
            c33 = x3.fma(b, c33);
            c34 = x4.fma(b, c34);
        }
        int o = i * lp + c;
        c00.intoArray(y, o);
        c01.intoArray(y, o + 8);
        c02.intoArray(y, o + 16);
        c03.intoArray(y, o + 24);
        c04.intoArray(y, o + 32);
        c10.intoArray(y, o + lp + 0);
        c11.intoArray(y, o + lp + 8);
        c12.intoArray(y, o + lp + 16);
        c13.intoArray(y, o + lp + 24);
        c14.intoArray(y, o + lp + 32);
        c20.intoArray(y, o + 2 * lp + 0);
        c21.intoArray(y, o + 2 * lp + 8);
        c22.intoArray(y, o + 2 * lp + 16);
        c23.intoArray(y, o + 2 * lp + 24);
        c24.intoArray(y, o + 2 * lp + 32);
        c30.intoArray(y, o + 3 * lp + 0);
        c31.intoArray(y, o + 3 * lp + 8);
        c32.intoArray(y, o + 3 * lp + 16);
        c33.intoArray(y, o + 3 * lp + 24);
        c34.intoArray(y, o + 3 * lp + 32);
    }

    private static void fourByOne(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        int a0 = i * n;
        int a1 = a0 + n;
        int a2 = a1 + n;
        int a3 = a2 + n;
        for (int j = 0, xo = c; j < n; j++, xo += lp) {
            DoubleVector xv = DoubleVector.fromArray(S, x, xo);
            c0 = xv.fma(DoubleVector.broadcast(S, m[a0 + j]), c0);
            c1 = xv.fma(DoubleVector.broadcast(S, m[a1 + j]), c1);
            c2 = xv.fma(DoubleVector.broadcast(S, m[a2 + j]), c2);
            c3 = xv.fma(DoubleVector.broadcast(S, m[a3 + j]), c3);
        }
        int o = i * lp + c;
        c0.intoArray(y, o);
        c1.intoArray(y, o + lp);
        c2.intoArray(y, o + 2 * lp);
        c3.intoArray(y, o + 3 * lp);
    }

    private static void oneByOne(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
        DoubleVector acc = DoubleVector.zero(S);
        int a0 = i * n;
        for (int j = 0, xo = c; j < n; j++, xo += lp) {
            acc = DoubleVector.fromArray(S, x, xo).fma(DoubleVector.broadcast(S, m[a0 + j]), acc);
        }
        acc.intoArray(y, i * lp + c);
    }
}
