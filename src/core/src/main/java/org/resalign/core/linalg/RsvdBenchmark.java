package org.resalign.core.linalg;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.bench.Peer;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.stat.OrderStatistics;

/**
 * The benchmark of {@code resalign rsvd bench}: the top-{@code K} randomized SVD (Algorithm 971 of Li et al., ACM TOMS
 * 2017, the paper's §2.4; docs/definitions.md §rsvd) of a dense {@code D×D} matrix {@code A = U·diag(1/i)·Vᵀ} with
 * random singular bases ({@link KnownSpectrumMatrix}), timed after one warm-up over a number of repeats, and its error
 * measured against the known triplets; optionally beside a baseline backend on the same matrix and beside
 * scikit-learn's {@code randomized_svd} (the peer, {@code rsvd_peer.py} beside this class, run by {@link Peer}) on a
 * matrix of the same shape and spectrum.
 *
 * <p>The problem ({@link #problem}), the backends' operators ({@link #operator}) and the error against the known
 * spectrum ({@link #maxRelativeError}) are shared with the JMH benchmark of {@code src/bench}.
 */
public final class RsvdBenchmark {

    /** The spectrum of the benchmark matrix, as the JSON names it. */
    public static final String SPECTRUM = "1/i";

    /** The peer: scikit-learn's randomized SVD. */
    public static final Peer SKLEARN = new Peer(RsvdBenchmark.class, "rsvd_peer.py", List.of("numpy", "scipy",
            "sklearn"));

    /** The peer's wall time allowance. */
    private static final long PEER_TIMEOUT_SECONDS = 3600;

    private RsvdBenchmark() {
    }

    /**
     * The inputs, as given; {@code backend} is the one that ran ({@code auto} resolved, with {@code backendChoice}
     * saying why), {@code vectorBits} the vector kernel's width (0 for the others).
     */
    public record Inputs(int dim, int k, int iters, long seed, String backend, String backendChoice, int vectorBits,
                         int oversampling, int blockWidth, int threads, String renormalization, int repeats,
                         boolean baseline, boolean peer, double tol, String spectrum, int reflectors,
                         List<String> jvmOptions) {

        /** The randomized SVD's parameters. */
        public RandomizedSvd.Parameters parameters() {
            return new RandomizedSvd.Parameters(k, oversampling, iters, seed,
                    RandomizedSvd.Renormalization.valueOf(renormalization.toUpperCase(Locale.ROOT)));
        }
    }

    /** Timings and errors of one backend. */
    public record Timing(String backend, double seconds, double bestSeconds, double[] repeatSeconds,
                         double warmupSeconds, double setupSeconds, double gflopPerSecond, double maxRelativeError,
                         double maxVectorDeficit) {
    }

    /** The JSON of {@code rsvd bench}; {@code seconds} and {@code maxRelativeError} are fixed names. */
    public record Report(String command, Inputs inputs, long seed, Map<String, String> versions, double seconds,
                         String timing, double bestSeconds, double[] repeatSeconds, double warmupSeconds,
                         double constructionSeconds, double setupSeconds, int products, double gflop,
                         double gflopPerSecond, double maxRelativeError, double maxLeftVectorDeficit,
                         double maxRightVectorDeficit, double[] singularValues, double[] relativeErrors,
                         Timing baseline, Double speedup, JsonNode peer, Double peerRatio, double totalSeconds,
                         String verdict) {
    }

    /**
     * The error of a computed top-{@code k} SVD against the known one.
     *
     * @param relativeErrors        {@code |σ̂_j − σ_j| / σ_j} for {@code j = 1…k}
     * @param maxRelativeError      their maximum
     * @param maxLeftVectorDeficit  the largest {@code 1 − |⟨û_j, u_j⟩|}
     * @param maxRightVectorDeficit the largest {@code 1 − |⟨v̂_j, v_j⟩|}
     */
    public record Accuracy(double[] relativeErrors, double maxRelativeError, double maxLeftVectorDeficit,
                           double maxRightVectorDeficit) {

        /** The values (relative) and the vectors ({@code 1 − |cos|}) are all within {@code tol}. */
        public boolean within(double tol) {
            return maxRelativeError <= tol && maxLeftVectorDeficit <= tol && maxRightVectorDeficit <= tol;
        }

        /** The largest deficit of either side. */
        public double maxVectorDeficit() {
            return Math.max(maxLeftVectorDeficit, maxRightVectorDeficit);
        }
    }

    /**
     * Checks the inputs (an {@link InvalidInputException} naming the parameter otherwise) and resolves {@code auto}:
     * {@code vector} where the Vector API kernel is the faster one here, else {@code java}.
     */
    public static Inputs inputs(int dim, int k, int iters, long seed, String backend, int oversampling, int threads,
                                String renormalization, int repeats, boolean baseline, boolean peer, double tol) {
        String main = backend(backend);
        String choice = backend.equalsIgnoreCase("auto") ? autoChoice() : "as given";
        int bits = main.equals("vector") ? DenseOperator.Kernel.vectorBits() : 0;
        if (dim < 1) {
            throw new InvalidInputException("dim", "{dim} must be ≥ 1, got " + dim);
        }
        if (k < 1) {
            throw new InvalidInputException("k", "{k} must be ≥ 1, got " + k);
        }
        if (k > dim) {
            throw new InvalidInputException("k", "{k} " + k + " exceeds {dim} " + dim);
        }
        if (iters < 0) {
            throw new InvalidInputException("iters", "{iters} must be ≥ 0, got " + iters);
        }
        if (oversampling < 0) {
            throw new InvalidInputException("oversampling", "{oversampling} must be ≥ 0, got " + oversampling);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads", "{threads} must be ≥ 1, got " + threads);
        }
        if (repeats < 1) {
            throw new InvalidInputException("repeats", "{repeats} must be ≥ 1, got " + repeats);
        }
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new InvalidInputException("tol", "{tol} must be finite and > 0, got " + tol);
        }
        RandomizedSvd.Renormalization ren = switch (renormalization.toLowerCase(Locale.ROOT)) {
            case "lu" -> RandomizedSvd.Renormalization.LU;
            case "qr" -> RandomizedSvd.Renormalization.QR;
            default -> throw new InvalidInputException("renormalization",
                    "{renormalization} must be lu or qr, got '%s'", renormalization);
        };
        requireMemory(dim, main, baseline);
        int l = new RandomizedSvd.Parameters(k, oversampling, iters, seed, ren).blockWidth(dim, dim);
        return new Inputs(dim, k, iters, seed, main, choice, bits, oversampling, l, threads,
                ren.name().toLowerCase(Locale.ROOT), repeats, baseline, peer, tol, SPECTRUM,
                KnownSpectrumMatrix.DEFAULT_REFLECTORS, ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The steps {@link #run} reports: construction, each backend's setup, warm-up and repeats, and the peer. */
    public static int steps(Inputs in) {
        return 2 + (1 + in.repeats()) + (in.baseline() ? 2 + in.repeats() : 0) + (in.peer() ? 1 : 0);
    }

    /**
     * Runs the benchmark.
     *
     * @param step called after each of the {@link #steps} steps, for a progress bar
     */
    public static Report run(Inputs in, Runnable step) {
        long start = System.nanoTime();
        RandomizedSvd.Parameters params = in.parameters();
        long t0 = System.nanoTime();
        KnownSpectrumMatrix matrix = problem(in.dim(), in.seed());
        double construction = seconds(t0);
        step.run();
        Run mainRun = time(in.backend(), matrix.matrix(), params, in.threads(), in.repeats(), step);
        Run other = in.baseline()
                ? time(baselineOf(in.backend()), matrix.matrix(), params, in.threads(), in.repeats(), step) : null;
        ObjectNode peerOut = null;
        if (in.peer()) {
            peerOut = runPeer(SKLEARN, List.of(in.dim(), in.k(), in.oversampling(), in.iters(), in.seed(),
                    in.repeats(), in.threads(), params.renormalization().name()), in.threads());
            step.run();
        }
        Accuracy main = accuracy(mainRun.result(), matrix, in.k());
        double gflop = 2.0 * in.dim() * in.dim() * in.blockWidth() * params.products() * 1e-9;
        Timing base = null;
        Double speedup = null;
        if (other != null) {
            Accuracy o = accuracy(other.result(), matrix, in.k());
            base = new Timing(other.backend(), other.median(), other.best(), other.times(), other.warmup(),
                    other.setup(), gflop / other.median(), o.maxRelativeError(), o.maxVectorDeficit());
            speedup = other.median() / mainRun.median();
        }
        Double peerRatio = peerOut != null && peerOut.has("seconds") ? mainRun.median() / peerOut.get("seconds")
                .asDouble() : null;
        return new Report("rsvd bench", in, in.seed(), Versions.all(), mainRun.median(),
                "median of " + in.repeats() + " after 1 warm-up", mainRun.best(), mainRun.times(), mainRun.warmup(),
                construction, mainRun.setup(), params.products(), gflop, gflop / mainRun.median(),
                main.maxRelativeError(), main.maxLeftVectorDeficit(), main.maxRightVectorDeficit(),
                mainRun.result().singularValues().clone(), main.relativeErrors(), base, speedup, peerOut, peerRatio,
                seconds(start), main.within(in.tol()) ? "holds" : "fails");
    }

    /** The spectrum {@code σ_i = 1/i}, {@code i = 1…dim}. */
    public static double[] spectrum(int dim) {
        double[] sigma = new double[dim];
        for (int i = 0; i < dim; i++) {
            sigma[i] = 1.0 / (i + 1);
        }
        return sigma;
    }

    /** The benchmark's matrix: {@code D×D} with singular values {@link #spectrum} and bases from {@code seed}. */
    public static KnownSpectrumMatrix problem(int dim, long seed) {
        return KnownSpectrumMatrix.of(dim, spectrum(dim), seed);
    }

    /**
     * The operator of a backend on {@code a}: {@code vector} and {@code java} are {@link DenseOperator} with its
     * Vector API and portable kernels, {@code ejml} is {@link EjmlOperator} (multi-threaded for more than one thread).
     */
    public static LinearOperator operator(String backend, DMatrixRMaj a, int threads) {
        switch (backend) {
            case "vector":
                return new DenseOperator(a, threads, DenseOperator.Kernel.VECTOR);
            case "java":
                return new DenseOperator(a, threads, DenseOperator.Kernel.PORTABLE);
            case "ejml":
                if (threads > 1) {
                    EjmlConcurrency.setMaxThreads(threads);
                }
                return new EjmlOperator(a, threads > 1);
            default:
                throw new IllegalArgumentException("no backend '" + backend + "' (vector, java or ejml)");
        }
    }

    /** The baseline of a backend: {@code java} for {@code vector} and {@code ejml}, {@code ejml} for {@code java}. */
    public static String baselineOf(String backend) {
        return backend.equals("java") ? "ejml" : "java";
    }

    /** The largest {@code |σ̂_j − σ_j| / σ_j}, {@code j = 1…k}, of {@code t} against {@code sigma}. */
    public static double maxRelativeError(TruncatedSvd t, double[] sigma, int k) {
        double max = 0;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, Math.abs(t.value(j) - sigma[j]) / sigma[j]);
        }
        return max;
    }

    /** The error of {@code t}'s top {@code k} triplets against those of {@code a}. */
    public static Accuracy accuracy(TruncatedSvd t, KnownSpectrumMatrix a, int k) {
        double[] sigma = a.singularValues();
        DMatrixRMaj u = a.leftVectors(k);
        DMatrixRMaj v = a.rightVectors(k);
        double[] rel = new double[k];
        double maxRel = 0;
        double left = 0;
        double right = 0;
        for (int j = 0; j < k; j++) {
            rel[j] = Math.abs(t.value(j) - sigma[j]) / sigma[j];
            maxRel = Math.max(maxRel, rel[j]);
            left = Math.max(left, deficit(t.u(), u, j));
            right = Math.max(right, deficit(t.v(), v, j));
        }
        return new Accuracy(rel, maxRel, left, right);
    }

    /** The resolved backend name; {@code auto} as {@link #inputs} says. */
    private static String backend(String name) {
        String b = name.toLowerCase(Locale.ROOT);
        if (b.equals("auto")) {
            return DenseOperator.Kernel.best() == DenseOperator.Kernel.VECTOR ? "vector" : "java";
        }
        if (!b.equals("vector") && !b.equals("java") && !b.equals("ejml")) {
            throw new InvalidInputException("backend", "{backend} must be auto, vector, java or ejml, got '%s'",
                    name);
        }
        if (b.equals("vector") && !DenseOperator.Kernel.vectorAvailable()) {
            throw new InvalidInputException("backend", "{backend} vector needs the JVM option --add-modules "
                    + "jdk.incubator.vector (bin/resalign adds it for rsvd)");
        }
        return b;
    }

    /** Why {@code auto} chose what it did. */
    private static String autoChoice() {
        String why = DenseOperator.Kernel.bestReason();
        return why.isEmpty() ? "auto: vector, preferred vector width " + DenseOperator.Kernel.vectorBits() + " bits"
                : "auto: java, " + why;
    }

    /** The matrix, the java backend's two copies and EJML's working set must fit the heap. */
    private static void requireMemory(int dim, String main, boolean baseline) {
        long entries = (long) dim * dim;
        if (entries > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("dim", "{dim} " + dim + " is too large for one dense array (at most "
                    + "46340)");
        }
        boolean java = !main.equals("ejml") || baseline;
        long bytes = 8 * entries * (java ? 3 : 1) + (64L << 20);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new InvalidInputException("dim", String.format(Locale.ROOT, "{dim} %d needs about %.1f GiB of heap "
                    + "(the matrix%s), this JVM has %.1f GiB; raise it with java -Xmx…", dim, bytes / 1073741824.0,
                    java ? " and the java backend's two copies" : "", max / 1073741824.0));
        }
    }

    /**
     * Runs the peer with {@code args} and this bench's thread count for OpenBLAS (overriding an inherited
     * {@code OMP_NUM_THREADS}, which bin/resalign sets to 1 for ND4J); its JSON plus {@code wallSeconds}, or
     * {@code {"absent": why}} when it cannot run here, or {@code {"failed": why}} when it ran and failed: the peer
     * never fails the bench.
     */
    static ObjectNode runPeer(Peer p, List<Object> args, int threads) {
        ObjectNode out = Json.mapper().createObjectNode();
        Optional<String> why = p.unavailable();
        if (why.isPresent()) {
            return out.put("absent", why.get());
        }
        String n = Integer.toString(threads);
        try {
            Peer.Result r = p.run(args.stream().map(String::valueOf).toList(), Map.of("OPENBLAS_NUM_THREADS", n,
                    "OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n), PEER_TIMEOUT_SECONDS);
            r.number("seconds");
            out.setAll((ObjectNode) r.output());
            return out.put("wallSeconds", r.wallSeconds());
        } catch (RuntimeException e) {
            return out.put("failed", e.getMessage());
        }
    }

    /** One backend's warm-up and timed runs; {@code result} is the last decomposition. */
    record Run(String backend, double setup, double warmup, double[] times, double median, double best,
               TruncatedSvd result) {
    }

    private static Run time(String which, DMatrixRMaj a, RandomizedSvd.Parameters params, int threads, int repeats,
                            Runnable step) {
        long t0 = System.nanoTime();
        LinearOperator op = operator(which, a, threads);
        double setup = seconds(t0);
        step.run();
        return time(which, op, setup, params, repeats, step);
    }

    /**
     * One warm-up decomposition of {@code op} and {@code repeats} timed ones; fails when the last differs from the
     * first, as the same seed must give the same result.
     */
    static Run time(String which, LinearOperator op, double setup, RandomizedSvd.Parameters params, int repeats,
                    Runnable step) {
        long t0 = System.nanoTime();
        TruncatedSvd first = RandomizedSvd.decompose(op, params);
        double warmup = seconds(t0);
        step.run();
        double[] times = new double[repeats];
        TruncatedSvd last = first;
        for (int r = 0; r < repeats; r++) {
            t0 = System.nanoTime();
            last = RandomizedSvd.decompose(op, params);
            times[r] = seconds(t0);
            step.run();
        }
        if (!Arrays.equals(first.singularValues(), last.singularValues())) {
            throw new IllegalStateException("the " + which + " backend gave different results for the same seed");
        }
        return new Run(which, setup, warmup, times, OrderStatistics.median(times), Arrays.stream(times).min()
                .orElseThrow(), last);
    }

    /** {@code 1 − |⟨est_j, ref_j⟩|}, with the cosine of unit vectors capped at 1. */
    private static double deficit(DMatrixRMaj est, DMatrixRMaj ref, int j) {
        double dot = 0;
        for (int i = 0; i < est.numRows; i++) {
            dot += est.get(i, j) * ref.get(i, j);
        }
        return 1 - Math.min(1, Math.abs(dot));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }
}
