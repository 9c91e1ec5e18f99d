package org.resalign.core.linalg;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.ejml.data.DMatrixRMaj;

import org.resalign.core.input.InvalidInputException;

/**
 * A dense matrix {@code A} as a {@link LinearOperator}, with fast, multi-threaded and deterministic {@code A·x} and
 * {@code Aᵀ·x} for thin blocks {@code x} (the randomized SVD's {@code k + p ≈ 32…40} columns).
 *
 * <h2>Layout and memory</h2>
 * The constructor copies {@code A} twice, into private tiled layouts, and keeps no reference to it: a copy of
 * {@code Aᵀ} serves {@link #apply}, a copy of {@code A} serves {@link #applyTranspose}. The operator therefore holds
 * {@code 2·8·rows·cols} bytes (256 MiB for {@code 4096×4096}, plus under 2% padding); the caller may drop {@code A}.
 * Both products are then computed by the same kernel, {@code out = Mᵀ·x} for a row-major {@code M}: each column
 * {@code c} of the output is accumulated as {@code Σ_r x[r,c]·M[r,·]}, a long contiguous loop over a row segment of
 * {@code M} that the JIT compiler turns into AVX/AVX-512 fused multiply-adds. The transposed copy pays because the other
 * form of {@code A·x} on a row-major {@code A} vectorises only along the {@code k + p} columns of {@code x}, loops too
 * short to run fast: measured on a 2-core AMD EPYC (Zen 4), {@code 4096×4096} times {@code 4096×32}, one thread,
 * 7.9 GFlop/s for that form against 21–30 GFlop/s for this one.
 *
 * <p>{@code M} is cut into column tiles of at most {@value #MAX_TILE} doubles; tile {@code t} holds one array per row
 * of {@code M}, allocated in the order the kernel reads them, so that a product streams the matrix from memory
 * sequentially, and each row array is padded to a multiple of 64 bytes so that (as long as the garbage collector keeps
 * them in allocation order, which it usually does) all rows share one alignment and the compiler's loop alignment then
 * serves every load. The kernel reads four rows of {@code M} per pass, keeping the 4 row segments (16 KiB) in the L1
 * cache while it runs over the output columns.
 *
 * <p>Measured alternatives (same machine and product, GFlop/s with 1 / 2 threads): 4×4 register-blocked kernel writing
 * four outputs per loop, 11 / 22 (HotSpot 17 does not vectorise loops that store to several arrays); the same
 * single-output kernel indexing one flat array at row offsets, 7–8 (not vectorised either: the offsets defeat the
 * compiler's alias analysis); single-output kernel on unpadded row arrays, 22 / 44; eight rows per pass, 9 (the loop
 * body exceeds the default unrolling limit and is not vectorised); six rows, 30 / 52; two-level cache blocking of rows
 * and columns, 15–22; this tiled and padded layout with four rows, 28–30 / 48–56 at best and about 22 / 42 as the
 * median over repeated products (the machine is noisy). Vector width 256 or 512 bits made no difference, nor did
 * reversing the column order every other pass. Rows of exactly 4096 bytes, so that all rows share one address modulo
 * 4096, reach 30 / 48 when the scratch outputs happen to sit about 512–1024 bytes away from them modulo 4096 and drop to
 * 21 / 35 when they alias (4K aliasing of loads with pending stores); Java gives no control over that placement, and
 * the 4160-byte padded rows used here spread the rows over all offsets so that no placement is systematically bad.
 * Streaming {@code A} from memory is not the bound: the same product on a 64-row matrix that stays in cache runs at the
 * same speed.
 *
 * <h2>Kernels</h2>
 * {@link Kernel#VECTOR}, when the JVM runs with {@code --add-modules jdk.incubator.vector} (the launcher does this for
 * {@code resalign rsvd}), uses a register-blocked kernel on row-major copies of {@code A} and {@code Aᵀ}
 * ({@link VectorProduct}) at the CPU's preferred vector width, about twice as fast with AVX-512 or AVX2;
 * {@link Kernel#PORTABLE}, the tiled kernel described above, needs nothing. {@link Kernel#best()} chooses between them
 * by the CPU's capability. Both hold two copies of {@code A} and give bit-identical results at every width.
 *
 * <h2>Determinism</h2>
 * Each output element is {@code fma(M[p−1,j], x[p−1,c], … fma(M[0,j], x[0,c], 0))}, accumulated in ascending
 * {@code r} by the one thread that owns its tile, whatever the tile width or the number of threads; results are
 * bit-identical for every thread count.
 *
 * <h2>Threads</h2>
 * The tiles are split into contiguous ranges, one per thread; the calling thread computes one range and the others
 * run on a shared cached pool of daemon threads (idle ones end after a minute), so no thread keeps the JVM alive.
 * Instances are immutable and may be used from several threads at once.
 */
public final class DenseOperator implements LinearOperator {

    /** How the products are computed; the results are bit-identical. */
    public enum Kernel {
        /** The tiled, auto-vectorised kernel: plain Java, runs everywhere. */
        PORTABLE,
        /**
         * The register-blocked Vector API kernel at the CPU's preferred vector width ({@link #vectorBits()}); needs
         * the module {@code jdk.incubator.vector}.
         */
        VECTOR;

        /** True when the JVM has resolved {@code jdk.incubator.vector}. */
        public static boolean vectorAvailable() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        }

        /**
         * The width in bits at which {@link #VECTOR} runs: the JVM's preferred vector width for doubles on this CPU
         * ({@code DoubleVector.SPECIES_PREFERRED}; 512 with AVX-512, 256 with AVX2, 128 with AVX or SSE), clamped to
         * 128…512; 0 when {@link #vectorAvailable()} is false.
         */
        public static int vectorBits() {
            return vectorAvailable() ? VectorProduct.preferredBits() : 0;
        }

        /**
         * The faster kernel on this CPU, by capability: {@link #VECTOR} when the module is there, the preferred
         * vector width is 256 or 512 bits, the JVM uses fused multiply-add instructions ({@code UseFMA}) and its
         * optimising compiler runs (not {@code -Xint}, not {@code -XX:TieredStopAtLevel} below 4); else
         * {@link #PORTABLE}. At 128 bits the portable kernel is faster (HotSpot vectorises it with 256-bit AVX
         * instructions where the Vector API's preferred width is 128; measured with {@code -XX:UseAVX=1} on the busy
         * 2-core Zen 4, median per decomposition of {@code resalign rsvd bench}: 2.5 s against 4.2 s for the 128-bit
         * vector kernel); without fused multiply-add or the compiler the Vector API runs in its Java fallback.
         */
        public static Kernel best() {
            return bestReason().isEmpty() ? VECTOR : PORTABLE;
        }

        /** Empty when {@link #best()} is {@link #VECTOR}, else why not, in a few words. */
        public static String bestReason() {
            if (!vectorAvailable()) {
                return "no jdk.incubator.vector module";
            }
            int bits = VectorProduct.preferredSpeciesBits();
            if (bits != 256 && bits != 512) {
                return "preferred vector width " + bits + " bits";
            }
            if ("false".equals(vmOption("UseFMA"))) {
                return "no fused multiply-add (UseFMA is off)";
            }
            if ("false".equals(vmOption("UseCompiler"))) {
                return "the JIT compiler is off";
            }
            String level = vmOption("TieredStopAtLevel");
            if (level != null && "true".equals(vmOption("TieredCompilation")) && Integer.parseInt(level) < 4) {
                return "the optimising compiler is off (TieredStopAtLevel " + level + ")";
            }
            return "";
        }

        /** A HotSpot option's value, or null where it cannot be read (another JVM, no management module). */
        private static String vmOption(String name) {
            try {
                return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** The command-line spelling. */
        public String optionName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Widest column tile, in doubles: four 4 KiB row segments and an output segment fit the 32 KiB L1 cache. */
    public static final int MAX_TILE = 512;

    private final int rows;
    private final int cols;
    private final int threads;
    private final Kernel kernel;
    /** Width of the {@link Kernel#VECTOR} kernel in bits; 0 for {@link Kernel#PORTABLE}. */
    private final int vectorBits;
    /** Tiles of {@code Aᵀ}: {@link #apply} ({@link Kernel#PORTABLE}). */
    private final Tiles forward;
    /** Tiles of {@code A}: {@link #applyTranspose} ({@link Kernel#PORTABLE}). */
    private final Tiles backward;
    /** Row-major {@code A}: {@link #apply} ({@link Kernel#VECTOR}). */
    private final double[] rowMajor;
    /** Row-major {@code Aᵀ}: {@link #applyTranspose} ({@link Kernel#VECTOR}). */
    private final double[] transposed;

    /** Wraps {@code a} using every available processor and the best kernel. */
    public DenseOperator(DMatrixRMaj a) {
        this(a, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Wraps {@code a} with the best available kernel.
     *
     * @param threads threads per product, at least 1; results do not depend on it
     */
    public DenseOperator(DMatrixRMaj a, int threads) {
        this(a, threads, Kernel.best());
    }

    /**
     * Wraps {@code a}, copying it into the kernel's layouts; {@link Kernel#VECTOR} runs at
     * {@link Kernel#vectorBits()}.
     *
     * @param threads threads per product, at least 1; results do not depend on it
     * @param kernel  how to compute the products ({@link Kernel#VECTOR} needs {@code jdk.incubator.vector})
     */
    public DenseOperator(DMatrixRMaj a, int threads, Kernel kernel) {
        this(a, threads, kernel, kernel == Kernel.VECTOR ? Kernel.vectorBits() : 0);
    }

    /**
     * Wraps {@code a} with the vector kernel at a given width (128, 256 or 512 bits); a width the CPU does not have
     * runs in the Vector API's slow Java fallback, with the same results. {@code vectorBits} is 0 for
     * {@link Kernel#PORTABLE}.
     */
    DenseOperator(DMatrixRMaj a, int threads, Kernel kernel, int vectorBits) {
        if (kernel == Kernel.VECTOR && !Kernel.vectorAvailable()) {
            throw new IllegalArgumentException("the vector kernel needs the JVM option --add-modules "
                    + "jdk.incubator.vector");
        }
        if (kernel == Kernel.VECTOR ? Arrays.stream(VectorProduct.WIDTHS).noneMatch(w -> w == vectorBits)
                : vectorBits != 0) {
            throw new IllegalArgumentException("no " + kernel.optionName() + " kernel of " + vectorBits + " bits");
        }
        if (threads < 1) {
            throw new InvalidInputException("threads", "{threads} must be at least 1, got " + threads);
        }
        if (a.numRows < 1 || a.numCols < 1) {
            throw new IllegalArgumentException("the matrix must not be empty, got " + a.numRows + "×" + a.numCols);
        }
        this.rows = a.numRows;
        this.cols = a.numCols;
        this.threads = threads;
        this.kernel = kernel;
        this.vectorBits = vectorBits;
        if (kernel == Kernel.VECTOR) {
            this.forward = null;
            this.backward = null;
            this.rowMajor = a.data.clone();
            this.transposed = new double[rows * cols];
            transpose(a.data, rows, cols, transposed, threads);
            return;
        }
        this.rowMajor = null;
        this.transposed = null;
        this.forward = new Tiles(cols, rows, tileWidth(rows, threads));
        this.backward = new Tiles(rows, cols, tileWidth(cols, threads));
        double[] data = a.data;
        int n = cols;
        // Aᵀ tiles: forward.tile[t][r][j] = A[t·W + j, r], filled in blocks of 64 columns of A.
        parallel(Math.min(threads, forward.count), part -> {
            for (int t = first(part, forward.count); t < first(part + 1, forward.count); t++) {
                int i0 = t * forward.width;
                int len = forward.length(t);
                double[][] tile = forward.tile[t];
                for (int r0 = 0; r0 < n; r0 += 64) {
                    int r1 = Math.min(n, r0 + 64);
                    for (int j = 0; j < len; j++) {
                        int base = (i0 + j) * n;
                        for (int r = r0; r < r1; r++) {
                            tile[r][j] = data[base + r];
                        }
                    }
                }
            }
        });
        parallel(Math.min(threads, backward.count), part -> {
            for (int t = first(part, backward.count); t < first(part + 1, backward.count); t++) {
                int j0 = t * backward.width;
                int len = backward.length(t);
                double[][] tile = backward.tile[t];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(data, r * n + j0, tile[r], 0, len);
                }
            }
        });
    }

    /** The tile width: {@link #MAX_TILE}, or narrower so that every thread gets a tile of a small output. */
    private static int tileWidth(int outputs, int threads) {
        int perThread = (outputs + threads - 1) / threads;
        return Math.max(8, Math.min(MAX_TILE, (perThread + 7) / 8 * 8));
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Threads per product. */
    public int threads() {
        return threads;
    }

    /** The kernel in use. */
    public Kernel kernel() {
        return kernel;
    }

    /** The width of the vector kernel in bits; 0 for {@link Kernel#PORTABLE}. */
    public int vectorBits() {
        return vectorBits;
    }

    @Override
    public void apply(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, false);
        if (kernel == Kernel.VECTOR) {
            vectorTimes(rowMajor, rows, cols, x, y);
        } else {
            transposeTimes(forward, x, y);
        }
    }

    @Override
    public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        if (kernel == Kernel.VECTOR) {
            vectorTimes(transposed, cols, rows, x, y);
        } else {
            transposeTimes(backward, x, y);
        }
    }

    /**
     * {@code y ← M·x} for a row-major {@code M} ({@code p×n}) by {@link VectorProduct} at {@link #vectorBits}; the
     * block is padded to a multiple of the lanes per vector when it is not one, and the rows are split between the
     * threads in groups of twelve.
     */
    private void vectorTimes(double[] m, int p, int n, DMatrixRMaj x, DMatrixRMaj y) {
        if (x == y) {
            throw new IllegalArgumentException("x and y must be different blocks");
        }
        int b = x.numCols;
        if (b == 0) {
            return;
        }
        int lanes = VectorProduct.lanes(vectorBits);
        int bits = vectorBits;
        int lp = (b + lanes - 1) / lanes * lanes;
        double[] xs = lp == b ? x.data : pad(x.data, n, b, lp);
        double[] ys = lp == b ? y.data : new double[p * lp];
        int parts = Math.max(1, Math.min(threads, p / 12));
        parallel(parts, part -> VectorProduct.rows(bits, m, n, xs, lp, ys, rowSplit(part, parts, p),
                rowSplit(part + 1, parts, p)));
        if (lp != b) {
            for (int r = 0; r < p; r++) {
                System.arraycopy(ys, r * lp, y.data, r * b, b);
            }
        }
    }

    /**
     * First row of part {@code part}: an even split of {@code p} rows, on multiples of 12 (whole blocks of four and of
     * six rows, the kernels' blocks) except at the end.
     */
    private static int rowSplit(int part, int parts, int p) {
        if (part >= parts) {
            return p;
        }
        return (int) ((long) part * p / parts) / 12 * 12;
    }

    private static double[] pad(double[] data, int n, int b, int lp) {
        double[] padded = new double[n * lp];
        for (int r = 0; r < n; r++) {
            System.arraycopy(data, r * b, padded, r * lp, b);
        }
        return padded;
    }

    /** {@code out = aᵀ} for a row-major {@code rows×cols} {@code a}, in 64×64 blocks, rows of {@code out} split. */
    private static void transpose(double[] a, int rows, int cols, double[] out, int threads) {
        int parts = Math.max(1, Math.min(threads, cols / 64));
        parallel(parts, part -> {
            int c0 = (int) ((long) part * cols / parts);
            int c1 = (int) ((long) (part + 1) * cols / parts);
            for (int cb = c0; cb < c1; cb += 64) {
                int ce = Math.min(c1, cb + 64);
                for (int rb = 0; rb < rows; rb += 64) {
                    int re = Math.min(rows, rb + 64);
                    for (int c = cb; c < ce; c++) {
                        for (int r = rb; r < re; r++) {
                            out[c * rows + r] = a[r * cols + c];
                        }
                    }
                }
            }
        });
    }

    /** {@code y ← Mᵀ·x} for the matrix {@code M} ({@code p×q}) stored in {@code m}. */
    private void transposeTimes(Tiles m, DMatrixRMaj x, DMatrixRMaj y) {
        if (x == y) {
            throw new IllegalArgumentException("x and y must be different blocks");
        }
        int b = x.numCols;
        if (b == 0) {
            return;
        }
        double[] xs = x.data;
        double[] ys = y.data;
        int parts = Math.min(threads, m.count);
        parallel(parts, part -> {
            double[][] out = new double[b][m.stride];
            for (int t = first(part, m.count); t < first(part + 1, m.count); t++) {
                multiplyTile(m, t, xs, b, out);
                int j0 = t * m.width;
                int len = m.length(t);
                for (int j = 0; j < len; j++) {
                    int row = (j0 + j) * b;
                    for (int c = 0; c < b; c++) {
                        ys[row + c] = out[c][j];
                    }
                }
            }
        });
    }

    /** {@code out[c][j] = Σ_r x[r,c]·M[r, t·W + j]} for the columns of tile {@code t}, in ascending {@code r}. */
    private static void multiplyTile(Tiles m, int t, double[] x, int b, double[][] out) {
        int len = m.length(t);
        double[][] tile = m.tile[t];
        for (int c = 0; c < b; c++) {
            Arrays.fill(out[c], 0, len, 0.0);
        }
        int p = m.rows;
        int r = 0;
        for (; r + 3 < p; r += 4) {
            double[] m0 = tile[r];
            double[] m1 = tile[r + 1];
            double[] m2 = tile[r + 2];
            double[] m3 = tile[r + 3];
            int at = r * b;
            for (int c = 0; c < b; c++, at++) {
                fourRows(m0, m1, m2, m3, x[at], x[at + b], x[at + 2 * b], x[at + 3 * b], out[c], len);
            }
        }
        for (; r < p; r++) {
            double[] m0 = tile[r];
            int at = r * b;
            for (int c = 0; c < b; c++, at++) {
                oneRow(m0, x[at], out[c], len);
            }
        }
    }

    /**
     * {@code o[j] += x0·m0[j] + x1·m1[j] + x2·m2[j] + x3·m3[j]} as four fused multiply-adds in that order. One store
     * per iteration and plain {@code [j]} indexing are what let HotSpot's superword pass vectorise it.
     */
    private static void fourRows(double[] m0, double[] m1, double[] m2, double[] m3, double x0, double x1, double x2,
                                 double x3, double[] o, int len) {
        for (int j = 0; j < len; j++) {
            o[j] = Math.fma(m3[j], x3, Math.fma(m2[j], x2, Math.fma(m1[j], x1, Math.fma(m0[j], x0, o[j]))));
        }
    }

    private static void oneRow(double[] m0, double x0, double[] o, int len) {
        for (int j = 0; j < len; j++) {
            o[j] = Math.fma(m0[j], x0, o[j]);
        }
    }

    /** First tile of part {@code part} when {@code count} tiles are split into {@code threads} contiguous ranges. */
    private int first(int part, int count) {
        int parts = Math.min(threads, count);
        return (int) ((long) part * count / parts);
    }

    /** A {@code rows×cols} matrix {@code M} cut into column tiles of one padded array per row. */
    private static final class Tiles {
        final int rows;
        final int cols;
        final int width;
        final int count;
        /** Allocated length of every row array: {@code width} rounded so that the array occupies whole 64-byte lines. */
        final int stride;
        final double[][][] tile;

        Tiles(int rows, int cols, int width) {
            this.rows = rows;
            this.cols = cols;
            this.width = width;
            this.count = (cols + width - 1) / width;
            // A double[] of length n occupies 16 + 8n bytes with HotSpot's default 64-bit object header;
            // n ≡ 6 (mod 8) makes that a multiple of 64, so consecutive arrays keep one alignment.
            this.stride = width + Math.floorMod(6 - width, 8);
            this.tile = new double[count][rows][];
            for (int t = 0; t < count; t++) {
                for (int r = 0; r < rows; r++) {
                    tile[t][r] = new double[stride];
                }
            }
        }

        int length(int t) {
            return Math.min(width, cols - t * width);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /** Shared by all instances; daemon threads, created on demand and ended after a minute idle. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "resalign-dense-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code body(0) … body(parts−1)}, part 0 on the calling thread, and waits for all of them. */
    static void parallel(int parts, IntConsumer body) {
        if (parts <= 1) {
            body.accept(0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int p = part;
            futures.add(POOL.submit(() -> body.accept(p)));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("a product thread failed: " + failure, failure);
        }
    }
}
