package org.resalign.core.ujm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.bench.Peer;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.io.Versions;
import org.resalign.core.stat.OrderStatistics;

/**
 * The whole {@code ujm solve} command against the whole PyTorch peer process, on the same problem from the same start
 * point, repeated and interleaved so both see the same machine: {@code resalign ujm bench}.
 *
 * <p>Ours is a fresh JVM running the caller's command line (the same jar a user runs) with
 * {@code ujm solve --dim D --depth L --lambda λ --seed S --quiet --json FILE}: start-up, the solve, the Theorem 3.3
 * verdict and the JSON are all inside its wall time. The peer ({@code ujm_solve_peer.py} beside this class, run by
 * {@link Peer}) is {@code torch.optim.LBFGS} with the strong Wolfe search and the same history in float64, from the
 * same {@code Δx} and initial point (written to a file the peer reads), stopping on {@code max|g| ≤ tol}; its wall time
 * includes the interpreter's start and {@code import torch}. The ratio is the peer's median wall time over ours.
 */
public final class UjmSolveBenchmark {

    /** Our command's and the peer's wall time allowance per run. */
    private static final long TIMEOUT_SECONDS = 1800;

    private UjmSolveBenchmark() {
    }

    /**
     * @param dim     D
     * @param depth   L
     * @param lambda  λ
     * @param seed    the seed of Δx and of the initial point
     * @param repeats runs of each side, interleaved (ours, peer, ours, peer, ...)
     */
    public record Config(int dim, int depth, double lambda, long seed, int repeats) {
        public Config {
            new UjmProblem(dim, depth, lambda, Loss.LOGISTIC, 1, 2, 1.0, seed); // validates
            if (repeats < 1) {
                throw new InvalidInputException("repeats", "{repeats} must be >= 1, got " + repeats);
            }
            if ((long) dim * dim * depth > 200_000_000L) {
                throw new InvalidInputException("dim", "{dim} " + dim + " {depth} " + depth + " is too large for the "
                        + "dense solver");
            }
        }
    }

    /** One run of ours: its wall time and what its JSON says. */
    public record OurRun(double wallSeconds, double solverSeconds, double objective, int iterations, int evaluations,
                         double gradientNorm, String verdict) {
    }

    /** One run of the peer: its process wall time and what it printed. */
    public record PeerRun(double wallSeconds, double solverSeconds, double objective, int iterations,
                          int evaluations, double gradientNorm, double gradientMaxNorm, int threads) {
    }

    /**
     * The benchmark's result.
     *
     * @param ratio          median peer wall time over our median wall time (the figure the issue asks for)
     * @param solverRatio    the same for the solve alone (inside each process)
     * @param peerRelativeGap the peer's last objective against the aligned optimum, relative
     */
    public record Report(String command, Config inputs, long seed, Map<String, String> versions,
                         Map<String, String> environment, String peerTorch, int peerThreads, double seconds,
                         double alignedObjective, List<OurRun> ours, List<PeerRun> peer, double oursMedianSeconds,
                         double peerMedianSeconds, double ratio, double oursMedianSolverSeconds,
                         double peerMedianSolverSeconds, double solverRatio, double oursRelativeGap,
                         double peerRelativeGap, boolean bothReachedAlignedOptimum, String loadBefore,
                         String loadAfter) {
    }

    /** The peer; {@link Peer#unavailable} says why it cannot run here. */
    public static Peer peer() {
        return new Peer(UjmSolveBenchmark.class, "ujm_solve_peer.py", List.of("torch", "numpy"));
    }

    /**
     * Runs the benchmark.
     *
     * @param ours     the command line of one timed solve of ours, given the JSON file it must write: the logistic
     *                 problem of {@code c} (its dimension, depth, λ and seed) with L-BFGS's defaults, as the command
     *                 line's {@code ujm solve} runs it
     * @param progress called with the number of runs finished
     */
    public static Report run(Config c, Function<Path, List<String>> ours, IntConsumer progress) {
        Peer peer = peer();
        UjmProblem problem = UjmProblem.binary(c.dim(), c.depth(), c.lambda(), Loss.LOGISTIC, 1.0, c.seed());
        SolverSettings settings = SolverSettings.defaults(SolverKind.LBFGS, c.seed());
        AlignedOptimum aligned = AlignedFamily.solve(Loss.LOGISTIC, c.depth(), c.lambda(), 1.0,
                problem.data().labels()[0]);
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        Path start = null;
        Path json = null;
        List<OurRun> ourRuns = new ArrayList<>();
        List<PeerRun> peerRuns = new ArrayList<>();
        String torch = "";
        try {
            start = Files.createTempFile("resalign-ujm-bench-", ".f64");
            json = Files.createTempFile("resalign-ujm-bench-", ".json");
            writeStart(problem, settings, start);
            int done = 0;
            for (int r = 0; r < c.repeats(); r++) {
                ourRuns.add(runOurs(c, ours, json));
                progress.accept(++done);
                Peer.Result p = peer.run(List.of("--dim", "" + c.dim(), "--depth", "" + c.depth(), "--lambda",
                        "" + c.lambda(), "--label", "" + problem.data().labels()[0], "--history",
                        "" + settings.history(), "--tol", "" + settings.tolerance(), "--max-iter",
                        "" + settings.maxIterations(), "--start", start.toString()), Map.of(), TIMEOUT_SECONDS);
                torch = p.output().path("torch").asText();
                peerRuns.add(new PeerRun(p.wallSeconds(), p.number("seconds"), p.number("objective"),
                        (int) p.number("iterations"), (int) p.number("evaluations"), p.number("gradientNorm"),
                        p.number("gradientMaxNorm"), (int) p.number("threads")));
                progress.accept(++done);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ujm bench: " + e.getMessage(), e);
        } finally {
            delete(start);
            delete(json);
        }
        double oursMedian = OrderStatistics.median(ourRuns.stream().mapToDouble(OurRun::wallSeconds).toArray());
        double peerMedian = OrderStatistics.median(peerRuns.stream().mapToDouble(PeerRun::wallSeconds).toArray());
        double oursSolver = OrderStatistics.median(ourRuns.stream().mapToDouble(OurRun::solverSeconds).toArray());
        double peerSolver = OrderStatistics.median(peerRuns.stream().mapToDouble(PeerRun::solverSeconds).toArray());
        double a = aligned.objective();
        double ourGap = ourRuns.stream().mapToDouble(o -> Math.abs(o.objective() - a) / Math.abs(a)).max()
                .orElseThrow();
        double peerGap = peerRuns.stream().mapToDouble(o -> Math.abs(o.objective() - a) / Math.abs(a)).max()
                .orElseThrow();
        boolean both = ourGap <= Theorem33Tolerances.DEFAULT.objective()
                && peerGap <= Theorem33Tolerances.DEFAULT.objective()
                && ourRuns.stream().allMatch(o -> o.verdict().equals("holds"));
        return new Report("ujm bench", c, c.seed(), Versions.all(), environment(), torch,
                peerRuns.get(0).threads(), (System.nanoTime() - t0) / 1e9, a, ourRuns, peerRuns, oursMedian,
                peerMedian, peerMedian / oursMedian, oursSolver, peerSolver, peerSolver / oursSolver, ourGap,
                peerGap, both, loadBefore, loadAverage());
    }

    private static OurRun runOurs(Config c, Function<Path, List<String>> ours, Path json) throws IOException {
        List<String> cmd = ours.apply(json);
        Files.deleteIfExists(json);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ujm solve did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ujm solve", e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() > 1 || !Files.exists(json)) {
            throw new IllegalStateException("ujm solve failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
        }
        JsonNode r = Json.mapper().readTree(json.toFile());
        return new OurRun(wall, r.path("seconds").asDouble(), r.path("objective").asDouble(),
                r.path("iterations").asInt(), r.path("evaluations").asInt(), r.path("gradientNorm").asDouble(),
                r.path("verdict").asText());
    }

    /** {@code Δx}, then the initial point {@code θ₀} of {@code ujm solve}, as little-endian doubles. */
    static void writeStart(UjmProblem problem, SolverSettings settings, Path file) throws IOException {
        UnconstrainedJacobiansModel model = UjmSolver.model(problem, settings);
        double[] theta = UjmSolver.initialPoint(model, settings);
        double[] dx = problem.data().inputs()[0];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] part : new double[][]{dx, theta}) {
                for (double v : part) {
                    if (!b.hasRemaining()) {
                        b.flip();
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                        b.clear();
                    }
                    b.putDouble(v);
                }
            }
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The environment that sets the numeric libraries' threads and kernels, recorded with the result. */
    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : List.of("OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                "MKL_NUM_THREADS")) {
            env.put(k, System.getenv().getOrDefault(k, "unset"));
        }
        env.put("availableProcessors", "" + Runtime.getRuntime().availableProcessors());
        return env;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** A one-line summary of a run, for people. */
    public static String summary(Report r) {
        return String.format(Locale.ROOT, "ujm solve %.2f s, PyTorch L-BFGS %.2f s (medians of %d): ratio %.2f",
                r.oursMedianSeconds(), r.peerMedianSeconds(), r.ours().size(), r.ratio());
    }
}
