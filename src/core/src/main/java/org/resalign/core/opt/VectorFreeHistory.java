package org.resalign.core.opt;

/**
 * The correction history of {@link LbfgsMinimizer} in the vector-free form of Chen, Wang, Zhou &amp; Li, "Large-scale
 * L-BFGS using MapReduce" (NIPS 2014): the two-loop recursion (N&amp;W Algorithm 7.4) runs on dot products of the
 * basis {@code {s_1..s_m, y_1..y_m, g}} in O(m²) scalar work, which gives the direction as a combination
 * {@code d = Σ c_b b} of the basis; the n-vectors are touched by two fused passes per iteration only.
 *
 * <p>Storage: {@code m + 1} slots, each holding a direction {@code d_i} and a gradient difference {@code y_i}; the
 * step is kept implicitly as {@code s_i = α_i d_i}, so the accepted point is never subtracted from the previous one.
 * The spare slot receives the next direction (and, after the step, its {@code y}); the pair that a new pair displaces
 * stays intact until the new pair is known to be stored, so a skipped pair leaves the history exactly as it was.
 *
 * <p>Dot products kept (by slot): {@code y_iᵀy_j}; {@code s_iᵀy_j} for {@code i} not newer than {@code j} (the
 * recursion never uses a newer {@code s} against an older {@code y}: its first loop dots {@code s_i} with {@code g}
 * and newer {@code y}'s, its second loop dots {@code y_i} with {@code g}, all {@code y}'s and older {@code s}'s); and
 * {@code gᵀs_i}, {@code gᵀy_i} for the current gradient. No {@code sᵀs} is needed ({@code ‖s_k‖ = |α_k|‖d_k‖} for the
 * skip rule). When pair {@code k} arrives, every new entry is a dot product computed directly from the vectors or a
 * single difference of two such dot products ({@code s_jᵀy_k = g_{k+1}ᵀs_j − g_kᵀs_j}, likewise {@code y_jᵀy_k}); no
 * entry is derived from earlier entries by coefficient algebra, so rounding errors do not accumulate from one
 * iteration to the next. The entries that decide the step and its scaling ({@code s_kᵀy_k}, {@code y_kᵀy_k},
 * {@code g_{k+1}ᵀy_k}, {@code ‖d_k‖²}) are computed directly, avoiding the cancellation such differences can suffer.
 *
 * <p>Passes over n-vectors per iteration, m pairs stored:
 * <ol>
 *   <li>{@link #measure}: reads {@code g_{k+1}}, {@code g_k}, the direction {@code d_k} and the stored pairs that
 *       the new pair will not displace ({@code 2m + 1} arrays when the ring is full), writes
 *       {@code y_k = g_{k+1} − g_k}, and forms {@code g_{k+1}ᵀ} of every one of them plus the five dot products of
 *       the new pair;</li>
 *   <li>{@link #quasiNewtonDirection}: reads the {@code 2m + 1} basis vectors and writes {@code d_{k+1}}, forming
 *       {@code gᵀd} on the way.</li>
 * </ol>
 * (The strong Wolfe search then forms {@code x + t d} and {@code gᵀd} at each trial point itself.) Only when a pair is
 * skipped while the ring is full does one more pass (the new gradient against the oldest pair) run.
 *
 * <p>Kernels: both passes go over the index range in long blocks. In pass 1 the block of {@code g_{k+1}} is dotted
 * with groups of up to {@value #FAN_OUT} stored vectors, one accumulator per vector, so each group streams several
 * arrays while enough independent additions are in flight; in pass 2 the block of {@code d} stays in cache while the
 * basis streams through it four vectors at a time, in loops the JIT vectorises, and the final sweep (which includes
 * {@code g}) accumulates {@code gᵀd}, so no reduction runs as a separate loop over cached data. On the D=512, L=16
 * problem (n ≈ 4.2·10⁶, 33.5 MB per array) both passes run close to the single-core read bandwidth.
 *
 * <p>Not thread-safe; one instance per {@link LbfgsMinimizer#minimize} call.
 */
final class VectorFreeHistory {

    /**
     * Entries per block of pass 1 (1 MB per array): long blocks keep the hardware prefetchers streaming (blocks of
     * 8K entries measured 10-15% slower), and the block of the new gradient is reused from cache by every group of
     * stored vectors.
     */
    static final int MEASURE_BLOCK = 131072;
    /** Entries per block of pass 2 (512 KB): the block of d stays in L2 while the basis streams through it. */
    static final int COMBINE_BLOCK = 65536;

    private final int capacity;
    private final int n;
    private final double[][] dirs;
    private final double[][] ys;
    /** α of each slot: {@code s_i = step[i]·dirs[i]}. */
    private final double[] step;
    /** Stored slots, oldest first. */
    private final int[] order;
    private final boolean[] used;
    private int count;
    /** The slot holding the current search direction. */
    private int free;

    /** {@code sy[i][j] = s_iᵀy_j}. */
    private final double[][] sy;
    /** {@code yy[i][j] = y_iᵀy_j}. */
    private final double[][] yy;
    /** {@code gᵀs_i} and {@code gᵀy_i} for the current gradient. */
    private final double[] gs;
    private final double[] gy;
    private double gamma = 1;

    /** Dots from {@link #measure} awaiting {@link #commit}: {@code g_{k+1}ᵀd_j}, {@code g_{k+1}ᵀy_j} by slot. */
    private final double[] newGd;
    private final double[] newGy;
    /** The new pair's dots: {@code g_{k+1}ᵀg_{k+1}, g_{k+1}ᵀy_k, y_kᵀy_k, d_kᵀy_k, g_{k+1}ᵀd_k, d_kᵀd_k}. */
    private final double[] fresh = new double[6];
    private double pendingStep;
    private int measuredFrom;

    /** Scalar two-loop work: coefficients of the direction on s, y (by slot) and the first-loop α's. */
    private final double[] cs;
    private final double[] cy;
    private final double[] alpha;
    private final double[][] basis;
    private final double[] coefficients;
    /** Pass scratch: the vectors a cached block is dotted with, and the sums. */
    private final double[][] streams;
    private final double[] sums;
    /** Per-block partial sums of the passes, added in block order (see {@link Parallel}). */
    private final int measureBlocks;
    private final int combineBlocks;
    private final double[][] freshParts;
    private final double[][] sumParts;
    private final double[] slopeParts;

    /**
     * @param capacity the number of pairs {@code m ≥ 1}
     * @param n        the dimension
     */
    VectorFreeHistory(int capacity, int n) {
        this.capacity = capacity;
        this.n = n;
        final int slots = capacity + 1;
        dirs = new double[slots][n];
        ys = new double[slots][n];
        step = new double[slots];
        order = new int[capacity];
        used = new boolean[slots];
        sy = new double[slots][slots];
        yy = new double[slots][slots];
        gs = new double[slots];
        gy = new double[slots];
        newGd = new double[slots];
        newGy = new double[slots];
        cs = new double[slots];
        cy = new double[slots];
        alpha = new double[slots];
        basis = new double[2 * capacity + 1][];
        coefficients = new double[2 * capacity + 1];
        streams = new double[2 * capacity + 2][];
        sums = new double[2 * capacity + 2];
        measureBlocks = (n + MEASURE_BLOCK - 1) / MEASURE_BLOCK;
        combineBlocks = (n + COMBINE_BLOCK - 1) / COMBINE_BLOCK;
        freshParts = new double[measureBlocks][fresh.length];
        sumParts = new double[measureBlocks][2 * capacity + 2];
        slopeParts = new double[combineBlocks];
    }

    /** The number of stored pairs. */
    int count() {
        return count;
    }

    /** The array holding the current search direction (valid until the next direction is formed). */
    double[] direction() {
        return dirs[free];
    }

    /** Forgets all pairs (the direction slot is kept). */
    void clear() {
        for (int i = 0; i < count; i++) {
            used[order[i]] = false;
        }
        count = 0;
    }

    /** Writes {@code d = −g} into the direction slot and returns {@code gᵀd = −‖g‖²}. */
    double steepestDescent(double[] g) {
        final double[] d = dirs[free];
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            final double g0 = g[i];
            final double g1 = g[i + 1];
            d[i] = -g0;
            d[i + 1] = -g1;
            s0 += g0 * g0;
            s1 += g1 * g1;
        }
        if (i < n) {
            d[i] = -g[i];
            s0 += g[i] * g[i];
        }
        return -(s0 + s1);
    }

    /**
     * Pass 1 after the step {@code s = stepLength·d} (d the current direction) that led to the gradient
     * {@code gNew}: writes {@code y = gNew − gOld} into the direction's slot and forms the dot products the new Gram
     * entries need. Nothing is committed until {@link #commit}.
     *
     * @return {@code ‖gNew‖²}
     */
    double measure(double stepLength, double[] gNew, double[] gOld) {
        pendingStep = stepLength;
        final int from = count == capacity ? 1 : 0; // the oldest pair is displaced if the new one is stored
        measuredFrom = from;
        int k = 0;
        for (int idx = from; idx < count; idx++) {
            final int j = order[idx];
            streams[k] = dirs[j];
            streams[k + 1] = ys[j];
            k += 2;
        }
        java.util.Arrays.fill(sums, 0, k, 0);
        final double[] d = dirs[free];
        final double[] y = ys[free];
        final double[] f = fresh;
        java.util.Arrays.fill(f, 0);
        // Blocks in parallel, each into its own partial sums, added below in block order: the same additions in the
        // same order as one sequential sweep, so the bits do not depend on the number of workers.
        final int streamed = k;
        Parallel.forEach(measureBlocks, b -> {
            final int lo = b * MEASURE_BLOCK;
            final int hi = Math.min(n, lo + MEASURE_BLOCK);
            final double[] pf = freshParts[b];
            final double[] ps = sumParts[b];
            java.util.Arrays.fill(pf, 0);
            java.util.Arrays.fill(ps, 0, streamed, 0);
            newPairBlock(gNew, gOld, d, y, lo, hi, pf);
            dots(gNew, streams, streamed, lo, hi, ps);
        });
        for (int b = 0; b < measureBlocks; b++) {
            final double[] pf = freshParts[b];
            for (int e = 0; e < f.length; e++) {
                f[e] += pf[e];
            }
            final double[] ps = sumParts[b];
            for (int e = 0; e < streamed; e++) {
                sums[e] += ps[e];
            }
        }
        k = 0;
        for (int idx = from; idx < count; idx++) {
            final int j = order[idx];
            newGd[j] = sums[k];
            newGy[j] = sums[k + 1];
            k += 2;
        }
        return f[0];
    }

    /**
     * Stores the measured pair unless {@code sᵀy ≤ ε‖s‖‖y‖}, and makes {@code gNew} the current gradient.
     *
     * @return whether the pair was stored
     */
    boolean commit(double[] gNew, double skipEpsilon) {
        final int k = free;
        final double a = pendingStep;
        final double gyk = fresh[1];
        final double yyk = fresh[2];
        final double syk = a * fresh[3];
        final double gdk = fresh[4];
        final double ss = a * a * fresh[5];
        final boolean store = syk > skipEpsilon * Math.sqrt(ss) * Math.sqrt(yyk);
        final int from = measuredFrom;
        if (store) {
            for (int idx = from; idx < count; idx++) {
                final int j = order[idx];
                final double gsNew = step[j] * newGd[j];
                sy[j][k] = gsNew - gs[j];
                final double yNew = newGy[j] - gy[j];
                yy[j][k] = yNew;
                yy[k][j] = yNew;
                gs[j] = gsNew;
                gy[j] = newGy[j];
            }
            sy[k][k] = syk;
            yy[k][k] = yyk;
            gs[k] = a * gdk;
            gy[k] = gyk;
            step[k] = a;
            used[k] = true;
            if (count == capacity) {
                final int evicted = order[0];
                System.arraycopy(order, 1, order, 0, capacity - 1);
                order[capacity - 1] = k;
                used[evicted] = false;
                free = evicted;
            } else {
                order[count++] = k;
                free = firstUnused();
            }
            gamma = syk / yyk;
        } else {
            if (from == 1) {
                // The oldest pair stays: measure it against the new gradient (a rare, short pass).
                final int o = order[0];
                streams[0] = dirs[o];
                streams[1] = ys[o];
                sums[0] = 0;
                sums[1] = 0;
                dots(gNew, streams, 2, 0, n, sums);
                newGd[o] = sums[0];
                newGy[o] = sums[1];
            }
            for (int idx = 0; idx < count; idx++) {
                final int j = order[idx];
                gs[j] = step[j] * newGd[j];
                gy[j] = newGy[j];
            }
        }
        return store;
    }

    private int firstUnused() {
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                return i;
            }
        }
        throw new AssertionError("no free slot");
    }

    /**
     * N&amp;W Algorithm 7.4 on the Gram matrix, then pass 2: writes {@code d = −H g} into the direction slot (over
     * the basis {@code s, y, g}) and returns {@code gᵀd}, computed directly. Needs {@code count() > 0}.
     */
    double quasiNewtonDirection(double[] g) {
        final int c = count;
        for (int idx = 0; idx < c; idx++) {
            final int j = order[idx];
            cs[j] = 0;
            cy[j] = 0;
        }
        // First loop, newest to oldest: α_i = ρ_i s_iᵀq, q ← q − α_i y_i; q = cg·g + Σ cy_j y_j (no s terms yet).
        double cg = 1;
        for (int idx = c - 1; idx >= 0; idx--) {
            final int i = order[idx];
            final double[] syi = sy[i];
            double sq = cg * gs[i];
            for (int idx2 = idx + 1; idx2 < c; idx2++) {
                final int j = order[idx2];
                sq += cy[j] * syi[j];
            }
            final double ai = (1 / syi[i]) * sq;
            alpha[i] = ai;
            cy[i] = -ai;
        }
        // r = γ q.
        cg *= gamma;
        for (int idx = 0; idx < c; idx++) {
            cy[order[idx]] *= gamma;
        }
        // Second loop, oldest to newest: β = ρ_i y_iᵀr, r ← r + (α_i − β) s_i.
        for (int idx = 0; idx < c; idx++) {
            final int i = order[idx];
            final double[] yyi = yy[i];
            double yr = cg * gy[i];
            for (int idx2 = 0; idx2 < c; idx2++) {
                final int j = order[idx2];
                yr += cy[j] * yyi[j];
            }
            for (int idx2 = 0; idx2 < idx; idx2++) {
                final int j = order[idx2];
                yr += cs[j] * sy[j][i];
            }
            final double beta = (1 / sy[i][i]) * yr;
            cs[i] = alpha[i] - beta;
        }
        // Pass 2: d = −r over the basis, (y_j, α_j d_j) oldest first and g last, so that the final sweep over each
        // block also forms gᵀd. The recursion needs no dot product of d with the y's (see the class comment), and
        // ‖d‖² is formed by the next pass 1, which streams d anyway.
        int nb = 0;
        for (int idx = 0; idx < c; idx++) {
            final int j = order[idx];
            basis[nb] = ys[j];
            coefficients[nb++] = -cy[j];
            basis[nb] = dirs[j];
            coefficients[nb++] = -cs[j] * step[j];
        }
        basis[nb] = g;
        coefficients[nb++] = -cg;
        final double[] d = dirs[free];
        final int terms = nb;
        Parallel.forEach(combineBlocks, b -> {
            final int lo = b * COMBINE_BLOCK;
            slopeParts[b] = combineBlock(basis, coefficients, terms, d, lo, Math.min(n, lo + COMBINE_BLOCK));
        });
        double slope = 0;
        for (int b = 0; b < combineBlocks; b++) {
            slope += slopeParts[b];
        }
        return slope;
    }

    // ---- block kernels -------------------------------------------------------------------------------------------

    /**
     * {@code y = gN − gO} on {@code [lo, hi)}, accumulating into {@code out}: {@code gNᵀgN, gNᵀy, yᵀy, dᵀy, gNᵀd, dᵀd}.
     */
    private static void newPairBlock(double[] gN, double[] gO, double[] d, double[] y, int lo, int hi,
                                     double[] out) {
        double gg0 = 0, gg1 = 0, gy0 = 0, gy1 = 0, yy0 = 0, yy1 = 0, dy0 = 0, dy1 = 0, gd0 = 0, gd1 = 0;
        double dd0 = 0, dd1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double g0 = gN[i];
            final double g1 = gN[i + 1];
            final double y0 = g0 - gO[i];
            final double y1 = g1 - gO[i + 1];
            final double d0 = d[i];
            final double d1 = d[i + 1];
            y[i] = y0;
            y[i + 1] = y1;
            gg0 += g0 * g0;
            gg1 += g1 * g1;
            gy0 += g0 * y0;
            gy1 += g1 * y1;
            yy0 += y0 * y0;
            yy1 += y1 * y1;
            dy0 += d0 * y0;
            dy1 += d1 * y1;
            gd0 += g0 * d0;
            gd1 += g1 * d1;
            dd0 += d0 * d0;
            dd1 += d1 * d1;
        }
        if (i < hi) {
            final double g0 = gN[i];
            final double y0 = g0 - gO[i];
            final double d0 = d[i];
            y[i] = y0;
            gg0 += g0 * g0;
            gy0 += g0 * y0;
            yy0 += y0 * y0;
            dy0 += d0 * y0;
            gd0 += g0 * d0;
            dd0 += d0 * d0;
        }
        out[0] += gg0 + gg1;
        out[1] += gy0 + gy1;
        out[2] += yy0 + yy1;
        out[3] += dy0 + dy1;
        out[4] += gd0 + gd1;
        out[5] += dd0 + dd1;
    }

    /**
     * {@code out[b] += pᵀv_b} on {@code [lo, hi)} for {@code b < k}, in groups of up to {@link #FAN_OUT} vectors so
     * that each block of {@code p} is loaded once per group and every group has enough independent accumulators.
     */
    static void dots(double[] p, double[][] v, int k, int lo, int hi, double[] out) {
        int b = 0;
        while (b < k) {
            final int left = k - b;
            // Balanced groups: e.g. 14 vectors as 5 + 5 + 4 rather than 6 + 6 + 2.
            final int groups = (left + FAN_OUT - 1) / FAN_OUT;
            final int size = (left + groups - 1) / groups;
            switch (size) {
                case 1 -> out[b] += dot1(p, v[b], lo, hi);
                case 2 -> dot2(p, v[b], v[b + 1], lo, hi, out, b);
                case 3 -> dot3(p, v[b], v[b + 1], v[b + 2], lo, hi, out, b);
                case 4 -> dot4(p, v[b], v[b + 1], v[b + 2], v[b + 3], lo, hi, out, b);
                case 5 -> dot5(p, v[b], v[b + 1], v[b + 2], v[b + 3], v[b + 4], lo, hi, out, b);
                default -> dot6(p, v[b], v[b + 1], v[b + 2], v[b + 3], v[b + 4], v[b + 5], lo, hi, out, b);
            }
            b += size;
        }
    }

    /** Largest group of {@link #dots}. */
    static final int FAN_OUT = 6;

    private static double dot1(double[] p, double[] a, int lo, int hi) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = lo;
        for (; i + 3 < hi; i += 4) {
            a0 += p[i] * a[i];
            a1 += p[i + 1] * a[i + 1];
            a2 += p[i + 2] * a[i + 2];
            a3 += p[i + 3] * a[i + 3];
        }
        for (; i < hi; i++) {
            a0 += p[i] * a[i];
        }
        return (a0 + a1) + (a2 + a3);
    }

    private static void dot2(double[] p, double[] a, double[] b, int lo, int hi, double[] out, int o) {
        double a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0;
        int i = lo;
        for (; i + 2 < hi; i += 3) {
            final double p0 = p[i];
            final double p1 = p[i + 1];
            final double p2 = p[i + 2];
            a0 += p0 * a[i];
            a1 += p1 * a[i + 1];
            a2 += p2 * a[i + 2];
            b0 += p0 * b[i];
            b1 += p1 * b[i + 1];
            b2 += p2 * b[i + 2];
        }
        for (; i < hi; i++) {
            a0 += p[i] * a[i];
            b0 += p[i] * b[i];
        }
        out[o] += (a0 + a1) + a2;
        out[o + 1] += (b0 + b1) + b2;
    }

    private static void dot3(double[] p, double[] a, double[] b, double[] c, int lo, int hi, double[] out, int o) {
        double a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double p0 = p[i];
            final double p1 = p[i + 1];
            a0 += p0 * a[i];
            a1 += p1 * a[i + 1];
            b0 += p0 * b[i];
            b1 += p1 * b[i + 1];
            c0 += p0 * c[i];
            c1 += p1 * c[i + 1];
        }
        if (i < hi) {
            a0 += p[i] * a[i];
            b0 += p[i] * b[i];
            c0 += p[i] * c[i];
        }
        out[o] += a0 + a1;
        out[o + 1] += b0 + b1;
        out[o + 2] += c0 + c1;
    }

    private static void dot4(double[] p, double[] a, double[] b, double[] c, double[] d, int lo, int hi,
                             double[] out, int o) {
        double a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double p0 = p[i];
            final double p1 = p[i + 1];
            a0 += p0 * a[i];
            a1 += p1 * a[i + 1];
            b0 += p0 * b[i];
            b1 += p1 * b[i + 1];
            c0 += p0 * c[i];
            c1 += p1 * c[i + 1];
            d0 += p0 * d[i];
            d1 += p1 * d[i + 1];
        }
        if (i < hi) {
            a0 += p[i] * a[i];
            b0 += p[i] * b[i];
            c0 += p[i] * c[i];
            d0 += p[i] * d[i];
        }
        out[o] += a0 + a1;
        out[o + 1] += b0 + b1;
        out[o + 2] += c0 + c1;
        out[o + 3] += d0 + d1;
    }

    private static void dot5(double[] p, double[] a, double[] b, double[] c, double[] d, double[] e, int lo, int hi,
                             double[] out, int o) {
        double a0 = 0, b0 = 0, c0 = 0, d0 = 0, e0 = 0;
        for (int i = lo; i < hi; i++) {
            final double p0 = p[i];
            a0 += p0 * a[i];
            b0 += p0 * b[i];
            c0 += p0 * c[i];
            d0 += p0 * d[i];
            e0 += p0 * e[i];
        }
        out[o] += a0;
        out[o + 1] += b0;
        out[o + 2] += c0;
        out[o + 3] += d0;
        out[o + 4] += e0;
    }

    private static void dot6(double[] p, double[] a, double[] b, double[] c, double[] d, double[] e, double[] f,
                             int lo, int hi, double[] out, int o) {
        double a0 = 0, b0 = 0, c0 = 0, d0 = 0, e0 = 0, f0 = 0;
        for (int i = lo; i < hi; i++) {
            final double p0 = p[i];
            a0 += p0 * a[i];
            b0 += p0 * b[i];
            c0 += p0 * c[i];
            d0 += p0 * d[i];
            e0 += p0 * e[i];
            f0 += p0 * f[i];
        }
        out[o] += a0;
        out[o + 1] += b0;
        out[o + 2] += c0;
        out[o + 3] += d0;
        out[o + 4] += e0;
        out[o + 5] += f0;
    }

    /**
     * {@code d = Σ c_b v_b} on {@code [lo, hi)}, up to four vectors per sweep over the block of d; returns
     * {@code v_lastᵀd} over the block, formed in the final sweep (which streams {@code v_last}).
     */
    private static double combineBlock(double[][] v, double[] c, int nb, double[] d, int lo, int hi) {
        int b = 0;
        while (true) {
            final int left = nb - b;
            if (b > 0 && left <= 4) {
                final int g = nb - 1;
                return switch (left) {
                    case 1 -> last1(d, c[g], v[g], lo, hi);
                    case 2 -> last2(d, c[b], v[b], c[g], v[g], lo, hi);
                    case 3 -> last3(d, c[b], v[b], c[b + 1], v[b + 1], c[g], v[g], lo, hi);
                    default -> last4(d, c[b], v[b], c[b + 1], v[b + 1], c[b + 2], v[b + 2], c[g], v[g], lo, hi);
                };
            }
            // Sweeps of 4, ending with 5 = 3 + 2 or 6 = 3 + 3 rather than a final sweep of one; a basis of 3 (one
            // pair) is swept as 2 + 1.
            final int size = left <= 4 ? left - 1 : left == 5 || left == 6 ? 3 : 4;
            switch (size) {
                case 2 -> sweep2(b == 0, d, c[b], v[b], c[b + 1], v[b + 1], lo, hi);
                case 3 -> sweep3(b == 0, d, c[b], v[b], c[b + 1], v[b + 1], c[b + 2], v[b + 2], lo, hi);
                default -> sweep4(b == 0, d, c[b], v[b], c[b + 1], v[b + 1], c[b + 2], v[b + 2], c[b + 3], v[b + 3],
                        lo, hi);
            }
            b += size;
        }
    }

    private static void sweep2(boolean first, double[] d, double c0, double[] v0, double c1, double[] v1, int lo,
                               int hi) {
        if (first) {
            for (int i = lo; i < hi; i++) {
                d[i] = c0 * v0[i] + c1 * v1[i];
            }
        } else {
            for (int i = lo; i < hi; i++) {
                d[i] += c0 * v0[i] + c1 * v1[i];
            }
        }
    }

    private static void sweep3(boolean first, double[] d, double c0, double[] v0, double c1, double[] v1, double c2,
                               double[] v2, int lo, int hi) {
        if (first) {
            for (int i = lo; i < hi; i++) {
                d[i] = c0 * v0[i] + c1 * v1[i] + c2 * v2[i];
            }
        } else {
            for (int i = lo; i < hi; i++) {
                d[i] += c0 * v0[i] + c1 * v1[i] + c2 * v2[i];
            }
        }
    }

    private static void sweep4(boolean first, double[] d, double c0, double[] v0, double c1, double[] v1, double c2,
                               double[] v2, double c3, double[] v3, int lo, int hi) {
        if (first) {
            for (int i = lo; i < hi; i++) {
                d[i] = (c0 * v0[i] + c1 * v1[i]) + (c2 * v2[i] + c3 * v3[i]);
            }
        } else {
            for (int i = lo; i < hi; i++) {
                d[i] += (c0 * v0[i] + c1 * v1[i]) + (c2 * v2[i] + c3 * v3[i]);
            }
        }
    }

    /** Final sweeps: {@code d += Σ c v + cg·g} and {@code gᵀd}, two accumulators. */
    private static double last1(double[] d, double cg, double[] g, int lo, int hi) {
        double t0 = 0, t1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double g0 = g[i];
            final double g1 = g[i + 1];
            final double d0 = d[i] + cg * g0;
            final double d1 = d[i + 1] + cg * g1;
            d[i] = d0;
            d[i + 1] = d1;
            t0 += g0 * d0;
            t1 += g1 * d1;
        }
        if (i < hi) {
            final double d0 = d[i] + cg * g[i];
            d[i] = d0;
            t0 += g[i] * d0;
        }
        return t0 + t1;
    }

    private static double last2(double[] d, double c0, double[] v0, double cg, double[] g, int lo,
                                int hi) {
        double t0 = 0, t1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double g0 = g[i];
            final double g1 = g[i + 1];
            final double d0 = d[i] + (c0 * v0[i] + cg * g0);
            final double d1 = d[i + 1] + (c0 * v0[i + 1] + cg * g1);
            d[i] = d0;
            d[i + 1] = d1;
            t0 += g0 * d0;
            t1 += g1 * d1;
        }
        if (i < hi) {
            final double d0 = d[i] + (c0 * v0[i] + cg * g[i]);
            d[i] = d0;
            t0 += g[i] * d0;
        }
        return t0 + t1;
    }

    private static double last3(double[] d, double c0, double[] v0, double c1, double[] v1, double cg,
                                double[] g, int lo, int hi) {
        double t0 = 0, t1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double g0 = g[i];
            final double g1 = g[i + 1];
            final double d0 = d[i] + ((c0 * v0[i] + c1 * v1[i]) + cg * g0);
            final double d1 = d[i + 1] + ((c0 * v0[i + 1] + c1 * v1[i + 1]) + cg * g1);
            d[i] = d0;
            d[i + 1] = d1;
            t0 += g0 * d0;
            t1 += g1 * d1;
        }
        if (i < hi) {
            final double d0 = d[i] + ((c0 * v0[i] + c1 * v1[i]) + cg * g[i]);
            d[i] = d0;
            t0 += g[i] * d0;
        }
        return t0 + t1;
    }

    private static double last4(double[] d, double c0, double[] v0, double c1, double[] v1, double c2,
                                double[] v2, double cg, double[] g, int lo, int hi) {
        double t0 = 0, t1 = 0;
        int i = lo;
        for (; i + 1 < hi; i += 2) {
            final double g0 = g[i];
            final double g1 = g[i + 1];
            final double d0 = d[i] + ((c0 * v0[i] + c1 * v1[i]) + (c2 * v2[i] + cg * g0));
            final double d1 = d[i + 1] + ((c0 * v0[i + 1] + c1 * v1[i + 1]) + (c2 * v2[i + 1] + cg * g1));
            d[i] = d0;
            d[i + 1] = d1;
            t0 += g0 * d0;
            t1 += g1 * d1;
        }
        if (i < hi) {
            final double d0 = d[i] + ((c0 * v0[i] + c1 * v1[i]) + (c2 * v2[i] + cg * g[i]));
            d[i] = d0;
            t0 += g[i] * d0;
        }
        return t0 + t1;
    }
}
