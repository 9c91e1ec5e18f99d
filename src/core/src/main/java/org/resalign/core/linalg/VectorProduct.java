package org.resalign.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y ← M·x} for a row-major {@code M} and a thin block {@code x}, with JDK 17's incubating Vector API: a
 * register-blocked kernel that keeps a block of four or six rows of the output in vector accumulators while it runs down the
 * shared dimension, so each element of {@code M} is loaded once per block and the loop is bound by fused multiply-adds,
 * not loads. There is one kernel per vector width, because the block that fits the registers depends on it and the
 * species must be a constant for the compiler to turn the vectors into registers:
 * <ul>
 *   <li>512 bits (AVX-512, 32 registers): {@code 4 × 40} outputs in twenty accumulators;</li>
 *   <li>256 bits (AVX2, 16 registers): {@code 6 × 8} in twelve;</li>
 *   <li>128 bits: {@code 4 × 4} in eight.</li>
 * </ul>
 * A width the CPU does not have runs in the Vector API's Java fallback, correctly but some thirty times slower, so
 * {@link DenseOperator} uses {@link #preferredBits()} (the width of {@code DoubleVector.SPECIES_PREFERRED}).
 * Measured on the 2-core AMD EPYC (Zen 4) of this project, {@code 4096×4096} times {@code 4096×40}, one thread (the
 * machine was busy; best of 15–30 products, thread CPU time): the 512-bit kernel about 50 GFlop/s (90 on two
 * threads); with the JVM limited to AVX2 ({@code -XX:UseAVX=2}) the 256-bit {@code 6 × 8} block 29–35, against
 * {@code 4 × 12} (sixteen registers) 18–31, {@code 4 × 8} 21–28, {@code 5 × 8} 25–33, {@code 2 × 20} 20–23 and the
 * 512-bit kernel in its fallback about 1.2; with {@code -XX:UseAVX=1} the 128-bit {@code 4 × 4} block 12–14 (the
 * {@code 4 × 6} block 11–12), against 22 for the portable kernel of {@link DenseOperator}, which HotSpot vectorises
 * with 256-bit AVX instructions there.
 *
 * <p>Each output element is {@code fma(M[i,n−1], x[n−1,c], … fma(M[i,0], x[0,c], 0))}, accumulated in ascending
 * {@code j}, at every width: the same operations in the same order as the portable kernel, so all give bit-identical
 * results.
 *
 * <p>Every vector stays inside the method that creates it: handing the accumulators to a helper that the compiler does
 * not inline makes it allocate them as objects, and the kernel runs ten times slower (measured). Running kernels of two
 * widths in one JVM (as the tests do) has the same effect on the later one, because the Vector API's shared call
 * sites become polymorphic (measured: the 256-bit kernel at 2.0–2.4 GFlop/s after the 128-bit one ran); the results
 * do not change.
 *
 * <p>This class is loaded only when the module {@code jdk.incubator.vector} is resolved
 * ({@code java --add-modules jdk.incubator.vector}); see {@link DenseOperator.Kernel}.
 */
final class VectorProduct {

    /** The widths with a kernel, in bits. */
    static final int[] WIDTHS = {128, 256, 512};

    private VectorProduct() {
    }

    /**
     * The width of this JVM's preferred species for doubles ({@code DoubleVector.SPECIES_PREFERRED}: the widest the
     * CPU and the JVM's options allow), clamped to the kernels' range 128…512.
     */
    static int preferredBits() {
        return Math.max(128, Math.min(512, preferredSpeciesBits()));
    }

    /** The width of {@code DoubleVector.SPECIES_PREFERRED}, unclamped. */
    static int preferredSpeciesBits() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** Doubles per vector of {@code bits}. */
    static int lanes(int bits) {
        return bits / Double.SIZE;
    }

    /**
     * Rows {@code r0 … r1−1} of {@code y = M·x} with the kernel of width {@code bits} (one of {@link #WIDTHS}), with
     * {@code M} ({@code ·×n}) row-major in {@code m}, and {@code x} ({@code n×lp}) and {@code y} ({@code ·×lp})
     * row-major with {@code lp} a multiple of {@link #lanes lanes(bits)}.
     */
    static void rows(int bits, double[] m, int n, double[] x, int lp, double[] y, int r0, int r1) {
        switch (bits) {
            case 512 -> Bits512.rows(m, n, x, lp, y, r0, r1);
            case 256 -> Bits256.rows(m, n, x, lp, y, r0, r1);
            case 128 -> Bits128.rows(m, n, x, lp, y, r0, r1);
            default -> throw new IllegalArgumentException("no vector kernel of " + bits + " bits");
        }
    }

    /** 512 bits, eight lanes: {@code 4 × 5} vectors, twenty accumulators of the 32 AVX-512 registers. */
    private static final class Bits512 {

        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;

        static void rows(double[] m, int n, double[] x, int lp, double[] y, int r0, int r1) {
            int vectors = lp / 8;
            int i = r0;
            for (; i + 3 < r1; i += 4) {
                int v = 0;
                for (; v + 4 < vectors; v += 5) {
                    fourByFive(m, n, x, lp, y, i, v * 8);
                }
                for (; v < vectors; v++) {
                    fourByOne(m, n, x, lp, y, i, v * 8);
                }
            }
            for (; i < r1; i++) {
                for (int v = 0; v < vectors; v++) {
                    oneByOne(m, n, x, lp, y, i, v * 8);
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
            c10.intoArray(y, o + lp);
            c11.intoArray(y, o + lp + 8);
            c12.intoArray(y, o + lp + 16);
            c13.intoArray(y, o + lp + 24);
            c14.intoArray(y, o + lp + 32);
            c20.intoArray(y, o + 2 * lp);
            c21.intoArray(y, o + 2 * lp + 8);
            c22.intoArray(y, o + 2 * lp + 16);
            c23.intoArray(y, o + 2 * lp + 24);
            c24.intoArray(y, o + 2 * lp + 32);
            c30.intoArray(y, o + 3 * lp);
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

    /**
     * 256 bits, four lanes: {@code 6 × 2} vectors, twelve accumulators of the 16 AVX2 registers (with the two loaded
     * vectors of {@code x} and the broadcast, fifteen); rows that do not fill six run in blocks of four.
     */
    private static final class Bits256 {

        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

        static void rows(double[] m, int n, double[] x, int lp, double[] y, int r0, int r1) {
            int vectors = lp / 4;
            int i = r0;
            for (; i + 5 < r1; i += 6) {
                int v = 0;
                for (; v + 1 < vectors; v += 2) {
                    sixByTwo(m, n, x, lp, y, i, v * 4);
                }
                if (v < vectors) {
                    sixByOne(m, n, x, lp, y, i, v * 4);
                }
            }
            for (; i + 3 < r1; i += 4) {
                int v = 0;
                for (; v + 1 < vectors; v += 2) {
                    fourByTwo(m, n, x, lp, y, i, v * 4);
                }
                if (v < vectors) {
                    fourByOne(m, n, x, lp, y, i, v * 4);
                }
            }
            for (; i < r1; i++) {
                for (int v = 0; v < vectors; v++) {
                    oneByOne(m, n, x, lp, y, i, v * 4);
                }
            }
        }

        private static void sixByTwo(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            DoubleVector c40 = c00;
            DoubleVector c41 = c00;
            DoubleVector c50 = c00;
            DoubleVector c51 = c00;
            int a0 = i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            int a4 = a3 + n;
            int a5 = a4 + n;
            for (int j = 0; j < n; j++) {
                int xo = c + j * lp;
                DoubleVector x0 = DoubleVector.fromArray(S, x, xo);
                DoubleVector x1 = DoubleVector.fromArray(S, x, xo + 4);
                DoubleVector b = DoubleVector.broadcast(S, m[a0 + j]);
                c00 = x0.fma(b, c00);
                c01 = x1.fma(b, c01);
                b = DoubleVector.broadcast(S, m[a1 + j]);
                c10 = x0.fma(b, c10);
                c11 = x1.fma(b, c11);
                b = DoubleVector.broadcast(S, m[a2 + j]);
                c20 = x0.fma(b, c20);
                c21 = x1.fma(b, c21);
                b = DoubleVector.broadcast(S, m[a3 + j]);
                c30 = x0.fma(b, c30);
                c31 = x1.fma(b, c31);
                b = DoubleVector.broadcast(S, m[a4 + j]);
                c40 = x0.fma(b, c40);
                c41 = x1.fma(b, c41);
                b = DoubleVector.broadcast(S, m[a5 + j]);
                c50 = x0.fma(b, c50);
                c51 = x1.fma(b, c51);
            }
            int o = i * lp + c;
            c00.intoArray(y, o);
            c01.intoArray(y, o + 4);
            c10.intoArray(y, o + lp);
            c11.intoArray(y, o + lp + 4);
            c20.intoArray(y, o + 2 * lp);
            c21.intoArray(y, o + 2 * lp + 4);
            c30.intoArray(y, o + 3 * lp);
            c31.intoArray(y, o + 3 * lp + 4);
            c40.intoArray(y, o + 4 * lp);
            c41.intoArray(y, o + 4 * lp + 4);
            c50.intoArray(y, o + 5 * lp);
            c51.intoArray(y, o + 5 * lp + 4);
        }

        private static void sixByOne(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c10 = c00;
            DoubleVector c20 = c00;
            DoubleVector c30 = c00;
            DoubleVector c40 = c00;
            DoubleVector c50 = c00;
            int a0 = i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            int a4 = a3 + n;
            int a5 = a4 + n;
            for (int j = 0; j < n; j++) {
                int xo = c + j * lp;
                DoubleVector x0 = DoubleVector.fromArray(S, x, xo);
                DoubleVector b = DoubleVector.broadcast(S, m[a0 + j]);
                c00 = x0.fma(b, c00);
                b = DoubleVector.broadcast(S, m[a1 + j]);
                c10 = x0.fma(b, c10);
                b = DoubleVector.broadcast(S, m[a2 + j]);
                c20 = x0.fma(b, c20);
                b = DoubleVector.broadcast(S, m[a3 + j]);
                c30 = x0.fma(b, c30);
                b = DoubleVector.broadcast(S, m[a4 + j]);
                c40 = x0.fma(b, c40);
                b = DoubleVector.broadcast(S, m[a5 + j]);
                c50 = x0.fma(b, c50);
            }
            int o = i * lp + c;
            c00.intoArray(y, o);
            c10.intoArray(y, o + lp);
            c20.intoArray(y, o + 2 * lp);
            c30.intoArray(y, o + 3 * lp);
            c40.intoArray(y, o + 4 * lp);
            c50.intoArray(y, o + 5 * lp);
        }

        private static void fourByTwo(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            int a0 = i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            for (int j = 0; j < n; j++) {
                int xo = c + j * lp;
                DoubleVector x0 = DoubleVector.fromArray(S, x, xo);
                DoubleVector x1 = DoubleVector.fromArray(S, x, xo + 4);
                DoubleVector b = DoubleVector.broadcast(S, m[a0 + j]);
                c00 = x0.fma(b, c00);
                c01 = x1.fma(b, c01);
                b = DoubleVector.broadcast(S, m[a1 + j]);
                c10 = x0.fma(b, c10);
                c11 = x1.fma(b, c11);
                b = DoubleVector.broadcast(S, m[a2 + j]);
                c20 = x0.fma(b, c20);
                c21 = x1.fma(b, c21);
                b = DoubleVector.broadcast(S, m[a3 + j]);
                c30 = x0.fma(b, c30);
                c31 = x1.fma(b, c31);
            }
            int o = i * lp + c;
            c00.intoArray(y, o);
            c01.intoArray(y, o + 4);
            c10.intoArray(y, o + lp);
            c11.intoArray(y, o + lp + 4);
            c20.intoArray(y, o + 2 * lp);
            c21.intoArray(y, o + 2 * lp + 4);
            c30.intoArray(y, o + 3 * lp);
            c31.intoArray(y, o + 3 * lp + 4);
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

    /** 128 bits, two lanes: {@code 4 × 2} vectors, eight accumulators (faster than {@code 4 × 3} with 16 registers). */
    private static final class Bits128 {

        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_128;

        static void rows(double[] m, int n, double[] x, int lp, double[] y, int r0, int r1) {
            int vectors = lp / 2;
            int i = r0;
            for (; i + 3 < r1; i += 4) {
                int v = 0;
                for (; v + 1 < vectors; v += 2) {
                    fourByTwo(m, n, x, lp, y, i, v * 2);
                }
                for (; v < vectors; v++) {
                    fourByOne(m, n, x, lp, y, i, v * 2);
                }
            }
            for (; i < r1; i++) {
                for (int v = 0; v < vectors; v++) {
                    oneByOne(m, n, x, lp, y, i, v * 2);
                }
            }
        }

        private static void fourByTwo(double[] m, int n, double[] x, int lp, double[] y, int i, int c) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            int a0 = i * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            for (int j = 0; j < n; j++) {
                int xo = c + j * lp;
                DoubleVector x0 = DoubleVector.fromArray(S, x, xo);
                DoubleVector x1 = DoubleVector.fromArray(S, x, xo + 2);
                DoubleVector b = DoubleVector.broadcast(S, m[a0 + j]);
                c00 = x0.fma(b, c00);
                c01 = x1.fma(b, c01);
                b = DoubleVector.broadcast(S, m[a1 + j]);
                c10 = x0.fma(b, c10);
                c11 = x1.fma(b, c11);
                b = DoubleVector.broadcast(S, m[a2 + j]);
                c20 = x0.fma(b, c20);
                c21 = x1.fma(b, c21);
                b = DoubleVector.broadcast(S, m[a3 + j]);
                c30 = x0.fma(b, c30);
                c31 = x1.fma(b, c31);
            }
            int o = i * lp + c;
            c00.intoArray(y, o);
            c01.intoArray(y, o + 2);
            c10.intoArray(y, o + lp);
            c11.intoArray(y, o + lp + 2);
            c20.intoArray(y, o + 2 * lp);
            c21.intoArray(y, o + 2 * lp + 2);
            c30.intoArray(y, o + 3 * lp);
            c31.intoArray(y, o + 3 * lp + 2);
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
}
