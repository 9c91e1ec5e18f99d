package org.resalign.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.resalign.core.bench.Peer;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.linalg.DenseOperator;
import org.resalign.core.linalg.EjmlOperator;
import org.resalign.core.linalg.KnownSpectrumMatrix;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.RandomizedSvd;
import org.resalign.core.linalg.TruncatedSvd;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resalign rsvd bench}: times the randomized SVD on a dense {@code D×D} matrix with the slowly decaying
 * spectrum {@code σ_i = 1/i} and random singular bases, and measures its error against the known triplets.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds A = U·diag(1/i)·Vᵀ (D×D, random orthogonal factors from the seed), then times the "
                + "top-K randomized SVD (Algorithm 971, T iterations) after one warm-up run, and compares the "
                + "result with the known singular values and vectors.",
                "seconds is the median of --repeats timed runs of the decomposition alone; the matrix construction "
                        + "and the operator setup (the java backend's tiled and transposed copies) are timed apart.",
                "With --peer (the default), scikit-learn's randomized_svd then runs on a matrix of the same shape "
                        + "and spectrum with the same K, oversampling, iterations, renormalization, repeats and "
                        + "threads, and the ratio of the two medians is printed (peerRatio; below 1: resalign is "
                        + "faster). An absent peer (no python3 with numpy, scipy and scikit-learn) is reported, not an "
                        + "error.",
                "Exit code 0: the top-K values (relative) and vectors (1 − |cos|) are within --tol; 1: they are not."})
public final class RsvdBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "4096",
            description = "Side of the square matrix (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--k", paramLabel = "K", defaultValue = "30",
            description = "Singular triplets computed (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--iters", paramLabel = "T", defaultValue = "" + RandomizedSvd.Parameters.DEFAULT_ITERATIONS,
            description = "Power iterations T (default ${DEFAULT-VALUE}, the paper's §2.4).")
    int iters;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the matrix's singular bases and of the test block (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "vector: resalign's dense operator with the Vector API kernel at the CPU's preferred "
                    + "vector width (needs --add-modules jdk.incubator.vector, which bin/resalign adds for rsvd); "
                    + "java: the same operator with its portable kernel; ejml: EJML's CommonOps_MT_DDRM products; "
                    + "auto: vector where the module is present and the preferred width is 256 or 512 bits with "
                    + "fused multiply-add, else java (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--oversampling", paramLabel = "P",
            defaultValue = "" + RandomizedSvd.Parameters.DEFAULT_OVERSAMPLING,
            description = "Extra columns of the test block, l = K + P (default ${DEFAULT-VALUE}; Algorithm 971 "
                    + "uses 2).")
    int oversampling;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per product (default: the available processors, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--renormalization", paramLabel = "lu|qr", defaultValue = "lu",
            description = "lu: Algorithm 971 (LU between products, QR at the end); qr: QR after every product "
                    + "(default ${DEFAULT-VALUE}).")
    String renormalization;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3",
            description = "Timed decompositions after the warm-up; seconds is their median (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--baseline",
            description = "Also time a baseline backend (java for vector, ejml for java, java for ejml) on the same "
                    + "matrix, with its own warm-up, and "
                    + "report the ratio. Off by default: EJML takes about 6 s per decomposition at D = 4096.")
    boolean baseline;

    @Option(names = "--peer", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time scikit-learn's randomized_svd in the same run and print the ratio "
                    + "(default on; --no-peer skips it).")
    boolean peer;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "1e-8",
            description = "Largest accepted relative error of the top-K values and 1 − |cos| of the vectors "
                    + "(default ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    /**
     * The inputs, as given; {@code backend} is the one that ran ({@code auto} resolved, with {@code backendChoice}
     * saying why), {@code vectorBits} the vector kernel's width (0 for the others).
     */
    public record Inputs(int dim, int k, int iters, long seed, String backend, String backendChoice, int vectorBits,
                         int oversampling, int blockWidth, int threads, String renormalization, int repeats,
                         boolean baseline, boolean peer, double tol, String spectrum, int reflectors,
                         List<String> jvmOptions) {
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

    /** The peer: scikit-learn's randomized SVD, run by {@link Peer} from the script beside this class. */
    static final Peer SKLEARN = new Peer(RsvdBenchCommand.class, "rsvd_peer.py", List.of("numpy", "scipy",
            "sklearn"));

    @Override
    public Integer call() {
        long start = System.nanoTime();
        json.validate();
        String main = parseBackend(backend);
        String choice = backend.equalsIgnoreCase("auto") ? autoChoice() : "as given";
        int bits = main.equals("vector") ? DenseOperator.Kernel.vectorBits() : 0;
        if (dim < 1) {
            throw new BadInputException("--dim must be ≥ 1, got " + dim);
        }
        if (k < 1) {
            throw new BadInputException("--k must be ≥ 1, got " + k);
        }
        if (k > dim) {
            throw new BadInputException("--k " + k + " exceeds --dim " + dim);
        }
        if (iters < 0) {
            throw new BadInputException("--iters must be ≥ 0, got " + iters);
        }
        if (oversampling < 0) {
            throw new BadInputException("--oversampling must be ≥ 0, got " + oversampling);
        }
        if (threads < 1) {
            throw new BadInputException("--threads must be ≥ 1, got " + threads);
        }
        if (repeats < 1) {
            throw new BadInputException("--repeats must be ≥ 1, got " + repeats);
        }
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new BadInputException("--tol must be finite and > 0, got " + tol);
        }
        RandomizedSvd.Renormalization ren = switch (renormalization.toLowerCase(Locale.ROOT)) {
            case "lu" -> RandomizedSvd.Renormalization.LU;
            case "qr" -> RandomizedSvd.Renormalization.QR;
            default -> throw new BadInputException("--renormalization must be lu or qr, got '" + renormalization
                    + "'");
        };
        requireMemory(main);

        RandomizedSvd.Parameters params = new RandomizedSvd.Parameters(k, oversampling, iters, seed, ren);
        int l = params.blockWidth(dim, dim);
        Inputs inputs = new Inputs(dim, k, iters, seed, main, choice, bits, oversampling, l, threads,
                ren.name().toLowerCase(Locale.ROOT), repeats, baseline, peer, tol, "1/i",
                KnownSpectrumMatrix.DEFAULT_REFLECTORS, ManagementFactory.getRuntimeMXBean().getInputArguments());
        double[] sigma = new double[dim];
        for (int i = 0; i < dim; i++) {
            sigma[i] = 1.0 / (i + 1);
        }
        int steps = 2 + (1 + repeats) + (baseline ? 2 + repeats : 0) + (peer ? 1 : 0);
        Run mainRun;
        Run other = null;
        ObjectNode peerOut = null;
        double construction;
        KnownSpectrumMatrix matrix;
        try (Progress progress = Progress.of("rsvd bench", steps, quiet)) {
            long t0 = System.nanoTime();
            matrix = KnownSpectrumMatrix.of(dim, sigma, seed);
            construction = seconds(t0);
            progress.step();
            mainRun = time(main, matrix.matrix(), params, progress);
            if (baseline) {
                other = time(main.equals("java") ? "ejml" : "java", matrix.matrix(), params, progress);
            }
            if (peer) {
                peerOut = runPeer(SKLEARN, List.of(dim, k, oversampling, iters, seed, repeats, threads,
                        ren.name()), threads);
                progress.step();
            }
        }
        DMatrixRMaj u = matrix.leftVectors(k);
        DMatrixRMaj v = matrix.rightVectors(k);
        TruncatedSvd t = mainRun.result;
        double[] values = t.singularValues().clone();
        double[] rel = new double[k];
        double maxRel = 0;
        double left = 0;
        double right = 0;
        for (int j = 0; j < k; j++) {
            rel[j] = Math.abs(values[j] - sigma[j]) / sigma[j];
            maxRel = Math.max(maxRel, rel[j]);
            left = Math.max(left, deficit(t.u(), u, j));
            right = Math.max(right, deficit(t.v(), v, j));
        }
        double gflop = 2.0 * dim * dim * l * params.products() * 1e-9;
        Timing base = null;
        Double speedup = null;
        if (other != null) {
            double otherRel = 0;
            double otherVec = 0;
            for (int j = 0; j < k; j++) {
                otherRel = Math.max(otherRel, Math.abs(other.result.value(j) - sigma[j]) / sigma[j]);
                otherVec = Math.max(otherVec, Math.max(deficit(other.result.u(), u, j),
                        deficit(other.result.v(), v, j)));
            }
            base = new Timing(other.backend, other.median, other.best, other.times, other.warmup, other.setup,
                    gflop / other.median, otherRel, otherVec);
            speedup = other.median / mainRun.median;
        }
        Double peerRatio = peerOut != null && peerOut.has("seconds") ? mainRun.median / peerOut.get("seconds")
                .asDouble() : null;
        boolean holds = maxRel <= tol && left <= tol && right <= tol;
        Report report = new Report("rsvd bench", inputs, seed, Versions.all(), mainRun.median,
                "median of " + repeats + " after 1 warm-up", mainRun.best, mainRun.times, mainRun.warmup,
                construction, mainRun.setup, params.products(), gflop, gflop / mainRun.median, maxRel, left, right,
                values, rel, base, speedup, peerOut, peerRatio, seconds(start), holds ? "holds" : "fails");
        PrintWriter human = json.toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        print(report, human);
        json.write(report, spec.commandLine().getOut());
        return holds ? Main.HOLDS : Main.FAILS;
    }

    private static String parseBackend(String name) {
        String b = name.toLowerCase(Locale.ROOT);
        if (b.equals("auto")) {
            return DenseOperator.Kernel.best() == DenseOperator.Kernel.VECTOR ? "vector" : "java";
        }
        if (!b.equals("vector") && !b.equals("java") && !b.equals("ejml")) {
            throw new BadInputException("--backend must be auto, vector, java or ejml, got '" + name + "'");
        }
        if (b.equals("vector") && !DenseOperator.Kernel.vectorAvailable()) {
            throw new BadInputException("--backend vector needs the JVM option --add-modules jdk.incubator.vector "
                    + "(bin/resalign adds it for rsvd)");
        }
        return b;
    }

    /** Why {@code auto} chose what it did. */
    private static String autoChoice() {
        String why = DenseOperator.Kernel.bestReason();
        return why.isEmpty() ? "auto: vector, preferred vector width " + DenseOperator.Kernel.vectorBits() + " bits"
                : "auto: java, " + why;
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
                    "OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n), 3600);
            r.number("seconds");
            out.setAll((ObjectNode) r.output());
            return out.put("wallSeconds", r.wallSeconds());
        } catch (RuntimeException e) {
            return out.put("failed", e.getMessage());
        }
    }

    /** The matrix, the java backend's two copies and EJML's working set must fit the heap. */
    private void requireMemory(String main) {
        long entries = (long) dim * dim;
        if (entries > Integer.MAX_VALUE - 16) {
            throw new BadInputException("--dim " + dim + " is too large for one dense array (at most 46340)");
        }
        boolean java = !main.equals("ejml") || baseline;
        long bytes = 8 * entries * (java ? 3 : 1) + (64L << 20);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new BadInputException(String.format(Locale.ROOT, "--dim %d needs about %.1f GiB of heap "
                    + "(the matrix%s), this JVM has %.1f GiB; raise it with java -Xmx…", dim, bytes / 1073741824.0,
                    java ? " and the java backend's two copies" : "", max / 1073741824.0));
        }
    }

    /** One backend's warm-up and timed runs. */
    private record Run(String backend, double setup, double warmup, double[] times, double median, double best,
                       TruncatedSvd result) {
    }

    private Run time(String which, DMatrixRMaj a, RandomizedSvd.Parameters params, Progress progress) {
        long t0 = System.nanoTime();
        LinearOperator op;
        if (which.equals("vector")) {
            op = new DenseOperator(a, threads, DenseOperator.Kernel.VECTOR);
        } else if (which.equals("java")) {
            op = new DenseOperator(a, threads, DenseOperator.Kernel.PORTABLE);
        } else {
            if (threads > 1) {
                EjmlConcurrency.setMaxThreads(threads);
            }
            op = new EjmlOperator(a, threads > 1);
        }
        double setup = seconds(t0);
        progress.step();
        t0 = System.nanoTime();
        TruncatedSvd first = RandomizedSvd.decompose(op, params);
        double warmup = seconds(t0);
        progress.step();
        double[] times = new double[repeats];
        TruncatedSvd last = first;
        for (int r = 0; r < repeats; r++) {
            t0 = System.nanoTime();
            last = RandomizedSvd.decompose(op, params);
            times[r] = seconds(t0);
            progress.step();
        }
        if (!Arrays.equals(first.singularValues(), last.singularValues())) {
            throw new IllegalStateException("the " + which + " backend gave different results for the same seed");
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
        return new Run(which, setup, warmup, times, median, sorted[0], last);
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

    static void print(Report r, PrintWriter out) {
        Table t = new Table(out);
        Inputs in = r.inputs();
        t.title(String.format(Locale.ROOT, "rsvd bench  D=%d K=%d T=%d l=%d seed=%d backend=%s threads=%d "
                + "renormalization=%s  σ_i = 1/i", in.dim(), in.k(), in.iters(), in.blockWidth(), in.seed(),
                in.backend() + (in.vectorBits() > 0 ? " (" + in.vectorBits() + "-bit)" : ""), in.threads(),
                in.renormalization()));
        t.row("backend choice", in.backendChoice());
        t.row("seconds", String.format(Locale.ROOT, "%.3f  (%s; best %.3f; %d products, %.1f GFlop, %.1f GFlop/s)",
                r.seconds(), r.timing(), r.bestSeconds(), r.products(), r.gflop(), r.gflopPerSecond()));
        t.row("construction seconds", String.format(Locale.ROOT, "%.3f", r.constructionSeconds()));
        t.row("operator setup seconds", String.format(Locale.ROOT, "%.3f", r.setupSeconds()));
        t.check("maxRelativeError (top-K σ)", Table.sci(r.maxRelativeError()) + " ≤ " + Table.sci(in.tol()),
                r.maxRelativeError() <= in.tol());
        t.check("1 − |cos| left vectors", "max " + Table.sci(r.maxLeftVectorDeficit()),
                r.maxLeftVectorDeficit() <= in.tol());
        t.check("1 − |cos| right vectors", "max " + Table.sci(r.maxRightVectorDeficit()),
                r.maxRightVectorDeficit() <= in.tol());
        if (r.baseline() != null) {
            Timing b = r.baseline();
            t.row("baseline " + b.backend() + " seconds", String.format(Locale.ROOT,
                    "%.3f  (median; best %.3f; %.1f GFlop/s; maxRelativeError %s)", b.seconds(), b.bestSeconds(),
                    b.gflopPerSecond(), Table.sci(b.maxRelativeError())));
            t.row("ratio " + b.backend() + " / " + in.backend(), String.format(Locale.ROOT, "%.2f", r.speedup()));
        } else {
            t.row("baseline", "not run (--baseline times the other backend)");
        }
        JsonNode p = r.peer();
        if (p == null) {
            t.row("peer", "not run (--no-peer)");
        } else if (p.has("absent")) {
            t.row("peer", "absent: " + p.get("absent").asText());
        } else if (p.has("failed")) {
            t.row("peer", "failed: " + p.get("failed").asText());
        } else {
            JsonNode blas = p.path("threadpools").path(0);
            t.row("peer scikit-learn seconds", String.format(Locale.ROOT, "%.3f  (randomized_svd, %s; best %.3f; %d "
                    + "threads, %s %s %s; maxRelativeError %s)", p.get("seconds").asDouble(), r.timing(),
                    p.path("bestSeconds").asDouble(), p.path("threads").asInt(), blas.path("internal_api").asText("?"),
                    blas.path("version").asText("?"), blas.path("architecture").asText("?"),
                    Table.sci(p.path("maxRelativeError").asDouble())));
            t.row("ratio resalign / scikit-learn", String.format(Locale.ROOT, "%.2f  (below 1: resalign is faster)",
                    r.peerRatio()));
        }
        t.row("total seconds", String.format(Locale.ROOT, "%.2f", r.totalSeconds()));
        out.println();
        out.println("verdict: " + r.verdict().toUpperCase(Locale.ROOT));
        out.flush();
    }
}
