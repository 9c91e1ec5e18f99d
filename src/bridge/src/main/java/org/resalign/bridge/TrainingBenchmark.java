package org.resalign.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.resalign.core.bench.Peer;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * Training speed of the paper's networks under either {@link TrainingEngine}, beside the matrix-multiply bound of the
 * same step measured in the same process.
 *
 * <p>A measurement builds the network as {@link Trainer} does (the default optimiser on the cosine schedule,
 * weight decay {@link #WEIGHT_DECAY}, float32), feeds it synthetic mini-batches drawn from the seed (Gaussian
 * pixels, uniform labels; a few distinct batches made before the clock starts and used in turn), runs the warm-up
 * steps, and times the timed steps as one interval: {@code graph.fit(DataSet)} for DL4J's engine,
 * {@link LeanNetwork#fit} on the same network, batches and learning rates for the lean one.
 *
 * <p><b>The baseline.</b> {@link #flopsPerStep} counts the floating-point operations of one training step's matrix
 * products (a multiply-add is two): forward, the products of every weight layer; backward, two more of the same size
 * per layer (the input gradient and the weight gradient), so three times the forward count. Then, in the same
 * process and with the same threads, ND4J's GEMM ({@link Nd4j#gemm}, OpenBLAS's {@code sgemm}) is timed on the three
 * products of one block layer at the step's shapes (for a fully-connected type {@code X·W}, {@code dZ·Wᵀ} and
 * {@code Xᵀ·dZ} with {@code X} of {@code batch × D} and {@code W} of {@code D × D}; for a convolutional type the
 * same three on the im2col matrix of a 3×3 convolution at 16×16). {@code flopsPerStep / gemmFlops} is the time a
 * step would take if it did nothing but those products at that rate, the bound any framework (PyTorch included) is
 * held to on this CPU; {@code rooflineFraction} is that time over the measured step time. What is left,
 * {@code 1 − rooflineFraction}, is batch norm, activations, the updater, the loss, and the framework's overhead.
 *
 * <p><b>Threads.</b> ND4J sizes its OpenMP pool from {@code OMP_NUM_THREADS} (else the core count) when its native
 * library loads, and in ND4J 1.0.0-M2.1 {@code Environment.setMaxThreads} does nothing. {@link Threads#use} can lower
 * the count ND4J's own loops use ({@code maxMasterThreads}, clamped to the pool) and set OpenBLAS's either way, but it
 * cannot raise the loops above the pool, and a pool of two told to use one is not a pool of one (some operations still
 * use the whole pool). So a thread count is measured in a process that started with it: {@link #inChildProcess} runs
 * the measurement in a fresh JVM on the same class path with {@code OMP_NUM_THREADS} set, and
 * {@link #inThisProcess} measures with whatever threads the current process has. The OpenMP wait policy the child
 * inherits matters as much as the count (libgomp's threads spin between parallel regions and take the core that
 * OpenBLAS's threads need), so the result records it.
 *
 * <p><b>The peer.</b> {@link #peer} runs the same step in PyTorch ({@code training_peer.py} beside this class, through
 * {@link Peer}): the same layers, biases and batch-norm settings as {@link ResNetBuilder}'s fully-connected types, the
 * same optimiser as {@link Trainer} (the default of {@link RunDefaults} on the cosine schedule, learning rate 0.1,
 * coupled weight decay {@link #WEIGHT_DECAY} on every parameter), batch, float32 and synthetic batches, with
 * {@code torch.set_num_threads(n)} and {@code OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = n}. Both sides time each
 * step, and the ratio {@link #peerRatio} is our engine's median step time over PyTorch's.
 */
public final class TrainingBenchmark {

    /** The paper's mini-batch size. */
    public static final int DEFAULT_BATCH = RunDefaults.BATCH;
    /** Classes of FashionMNIST. */
    public static final int DEFAULT_CLASSES = 10;
    /**
     * {@code λ}: the paper's value for fully-connected networks. Any {@code λ > 0} does the same work (DL4J adds the
     * L2 gradient whatever its size).
     */
    public static final double WEIGHT_DECAY = 5e-2;
    /** For {@link #inChildProcess}: leave {@code OMP_NUM_THREADS} unset, so ND4J chooses (all cores). */
    public static final int DEFAULT_THREADS = 0;

    /** Distinct synthetic mini-batches, used in turn. */
    private static final int BATCHES = 4;
    /** The GEMM baseline is the best of this many intervals, each at least {@link #GEMM_WINDOW_SECONDS} long. */
    private static final int GEMM_WINDOWS = 5;
    private static final double GEMM_WINDOW_SECONDS = 0.1;
    /** The environment variables that set the measuring process's threads, as {@link Result} records them. */
    static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
            "OMP_PROC_BIND", "OPENBLAS_NUM_THREADS", "ND4J_SKIP_BLAS_THREADS", "SD_MAX_THREADS", "SD_MASTER_THREADS");

    private TrainingBenchmark() {
    }

    /**
     * What to measure.
     *
     * @param spec        the network
     * @param batch       mini-batch size
     * @param warmupSteps untimed steps first (JIT, ND4J workspaces, OpenBLAS buffers)
     * @param timedSteps  steps in the timed interval
     * @param seed        seed of the initialisation and of the synthetic data
     * @param engine      what computes the steps: DL4J's graph, or {@link LeanNetwork} (the fully-connected types)
     */
    public record Config(ResNetSpec spec, int batch, int warmupSteps, int timedSteps, long seed,
            TrainingEngine engine) {

        public Config {
            if (spec == null) {
                throw new NullPointerException("a network is needed");
            }
            if (engine == null) {
                throw new NullPointerException("an engine is needed");
            }
            if (engine == TrainingEngine.LEAN && !LeanNetwork.covers(spec, 0)) {
                throw new InvalidInputException("engine", "{engine} lean trains the fully-connected types 1, 4a and "
                        + "4b; type " + spec.type().optionName() + " needs the dl4j engine");
            }
            if (batch < 1) {
                throw new InvalidInputException("batch", "{batch} must be ≥ 1, got " + batch);
            }
            if (warmupSteps < 0) {
                throw new InvalidInputException("warmupSteps", "{warmupSteps} must be ≥ 0, got " + warmupSteps);
            }
            if (timedSteps < 1) {
                throw new InvalidInputException("timedSteps", "{timedSteps} must be ≥ 1, got " + timedSteps);
            }
        }

        /** With DL4J's engine. */
        public Config(ResNetSpec spec, int batch, int warmupSteps, int timedSteps, long seed) {
            this(spec, batch, warmupSteps, timedSteps, seed, TrainingEngine.DL4J);
        }

        /** Batch {@value TrainingBenchmark#DEFAULT_BATCH}, {@value TrainingBenchmark#DEFAULT_CLASSES} classes. */
        public static Config of(ModelType type, int width, int depth, int warmupSteps, int timedSteps, long seed) {
            return new Config(new ResNetSpec(type, width, depth, DEFAULT_CLASSES), DEFAULT_BATCH, warmupSteps,
                    timedSteps, seed);
        }
    }

    /**
     * One measurement.
     *
     * @param engine           what computed the steps
     * @param type             model type
     * @param width            {@code D} (channels for convolutional types)
     * @param depth            {@code L}
     * @param classes          {@code C}
     * @param batch            mini-batch size
     * @param threads          the thread count of ND4J's own loops in the measuring process
     *                         ({@code Environment.maxMasterThreads}; its pool, {@code maxThreads}, may be larger)
     * @param blasThreads      OpenBLAS's thread count in the measuring process
     * @param threadEnvironment those of {@code OMP_NUM_THREADS}, {@code OMP_WAIT_POLICY}, {@code GOMP_SPINCOUNT},
     *                         {@code OMP_PROC_BIND}, {@code OPENBLAS_NUM_THREADS}, {@code ND4J_SKIP_BLAS_THREADS},
     *                         {@code SD_MAX_THREADS} and {@code SD_MASTER_THREADS} that were set in the measuring
     *                         process (the wait policy alone can halve the speed at two threads)
     * @param warmupSteps      untimed steps
     * @param timedSteps       timed steps
     * @param seconds          wall time of the timed steps
     * @param stepsPerSecond   {@code timedSteps / seconds}
     * @param imagesPerSecond  {@code batch · stepsPerSecond}
     * @param busyCores        process CPU time over wall time during the timed steps (threads spinning in wait
     *                         count as busy); {@code NaN} where the JVM cannot tell
     * @param flopsPerStep     matrix-product flops of one step, {@link #flopsPerStep}
     * @param gemmGflops       ND4J's GEMM rate at the step's shapes, same process, same threads (10⁹ flop/s)
     * @param rooflineFraction {@code flopsPerStep · stepsPerSecond / (gemmGflops · 10⁹)}
     * @param medianStepSeconds the median of the timed steps' own times
     * @param javacpp          JavaCPP's settings in the measuring process: the native build it loaded
     *                         ({@code loaded}, {@link NativeBuild#loaded}, and {@code platform.extension}) and its
     *                         memory bounds
     *                         ({@code maxBytes}, {@code maxPhysicalBytes}, 0 for none), and the workspace mode
     */
    public record Result(TrainingEngine engine, ModelType type, int width, int depth, int classes, int batch, int threads, int blasThreads,
            Map<String, String> threadEnvironment, int warmupSteps, int timedSteps, double seconds,
            double stepsPerSecond, double imagesPerSecond, double busyCores, double flopsPerStep, double gemmGflops,
            double rooflineFraction, double medianStepSeconds, Map<String, String> javacpp) {

        public Result {
            threadEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(threadEnvironment));
            javacpp = javacpp == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(javacpp));
        }
    }

    /**
     * Measures {@code config} in this process with the threads it has now (see the class comment).
     *
     * @throws IllegalStateException if training diverges during the run (its timing would not be representative)
     */
    public static Result inThisProcess(Config config) {
        ResNetSpec spec = config.spec();
        int total = config.warmupSteps() + config.timedSteps();
        TrainingSettings settings = TrainingSettings.paper(1, WEIGHT_DECAY, config.seed());
        IUpdater updater = Trainer.updater(settings, total);
        ComputationGraph graph = ResNetBuilder.build(spec, updater, WEIGHT_DECAY, settings.decayScope(), 0,
                config.seed(), DataType.FLOAT);
        List<DataSet> batches = syntheticBatches(spec.classes(), config.batch(), config.seed());
        Step step;
        double[] score = {Double.NaN};
        if (config.engine() == TrainingEngine.LEAN) {
            LeanNetwork lean = LeanNetwork.of(graph, spec, new TrainingSettings(settings.epochs(), config.batch(),
                    settings.learningRate(), settings.momentum(), WEIGHT_DECAY, settings.seed(),
                    settings.checkpointEvery(), 0, TrainingEngine.LEAN, settings.optimizer(), settings.decayScope()));
            float[][] images = new float[BATCHES][];
            int[][] labels = new int[BATCHES][];
            for (int b = 0; b < BATCHES; b++) {
                images[b] = batches.get(b).getFeatures().ravel().toFloatVector();
                labels[b] = batches.get(b).getLabels().argMax(1).toIntVector();
            }
            // the learning rate of step s is the schedule's at iteration s, as Trainer gives it to the lean engine
            step = s -> score[0] = lean.fit(images[s % BATCHES], labels[s % BATCHES], config.batch(),
                    updater.getLearningRate(s, 0));
        } else {
            step = s -> {
                graph.fit(batches.get(s % BATCHES));
                score[0] = graph.score();
            };
        }
        for (int s = 0; s < config.warmupSteps(); s++) {
            step.run(s);
        }
        long[] steps = new long[config.timedSteps() + 1];
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        steps[0] = t0;
        for (int s = 0; s < config.timedSteps(); s++) {
            step.run(config.warmupSteps() + s);
            steps[s + 1] = System.nanoTime();
        }
        long t1 = steps[config.timedSteps()];
        long cpu1 = processCpuNanos();
        if (!Double.isFinite(score[0])) {
            throw new IllegalStateException("training diverged during the benchmark: the loss is " + score[0]);
        }
        double seconds = (t1 - t0) / 1e9;
        double busy = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9 / seconds;
        double flops = flopsPerStep(spec, config.batch());
        double gemmFlops = gemmFlopsPerSecond(gemmShape(spec, config.batch()), config.seed());
        double stepsPerSecond = config.timedSteps() / seconds;
        return new Result(config.engine(), spec.type(), spec.width(), spec.depth(), spec.classes(), config.batch(),
                Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads(),
                threadEnvironment(), config.warmupSteps(), config.timedSteps(), seconds,
                stepsPerSecond, config.batch() * stepsPerSecond, busy, flops, gemmFlops / 1e9,
                flops * stepsPerSecond / gemmFlops, medianStepSeconds(steps), javacppSettings(graph));
    }

    /** One training step, the {@code s}-th of the run. */
    private interface Step {
        void run(int s);
    }

    /** The median of the intervals between consecutive time stamps, in seconds. */
    static double medianStepSeconds(long[] stamps) {
        double[] d = new double[stamps.length - 1];
        for (int k = 0; k < d.length; k++) {
            d[k] = (stamps[k + 1] - stamps[k]) / 1e9;
        }
        java.util.Arrays.sort(d);
        int n = d.length;
        return n % 2 == 1 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
    }

    private static Map<String, String> javacppSettings(ComputationGraph graph) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("loaded", NativeBuild.loaded());
        m.put("platform.extension", System.getProperty(NativeBuild.PROPERTY, ""));
        m.put("maxBytes", Long.toString(org.bytedeco.javacpp.Pointer.maxBytes()));
        m.put("maxPhysicalBytes", Long.toString(org.bytedeco.javacpp.Pointer.maxPhysicalBytes()));
        m.put("trainingWorkspaceMode", String.valueOf(graph.getConfiguration().getTrainingWorkspaceMode()));
        m.put("inferenceWorkspaceMode", String.valueOf(graph.getConfiguration().getInferenceWorkspaceMode()));
        return m;
    }

    /** The PyTorch peer's script, beside this class. */
    private static final Peer PEER = new Peer(TrainingBenchmark.class, "training_peer.py", List.of("torch"));

    /**
     * What the PyTorch peer measured for one configuration.
     *
     * @param framework         {@code pytorch} and its version
     * @param threads           {@code torch.get_num_threads()} in the peer
     * @param medianStepSeconds the median of its timed steps
     * @param meanStepSeconds   their mean
     * @param stepsPerSecond    {@code 1 / medianStepSeconds}
     * @param parameters        its trainable parameters (DL4J counts batch norm's running mean and variance as
     *                          parameters too, PyTorch as buffers)
     * @param decayedParameters those of them its weight decay acts on
     * @param wallSeconds       the peer process's wall time, interpreter start included
     */
    public record PeerResult(String framework, int threads, double medianStepSeconds, double meanStepSeconds,
            double stepsPerSecond, long parameters, long decayedParameters, double wallSeconds) {
    }

    /**
     * Empty when the PyTorch peer can measure {@code spec} here; else why not, in one line (no PyTorch, or a
     * convolutional type, which the peer does not build).
     */
    public static Optional<String> peerUnavailable(ResNetSpec spec) {
        if (spec.type().convolutional()) {
            return Optional.of("the PyTorch peer builds the fully-connected types (1, 4a, 4b) only");
        }
        return PEER.unavailable();
    }

    /**
     * Runs the PyTorch peer on {@code config} with {@code threads} threads ({@link #DEFAULT_THREADS}: PyTorch's
     * default and {@code OMP_NUM_THREADS} as this process has it). Call only when {@link #peerUnavailable} is empty.
     *
     * <p>With more than one thread the peer runs with {@code OMP_WAIT_POLICY=PASSIVE} unless this process sets the
     * policy: Debian's PyTorch calls OpenBLAS's own threads from inside its OpenMP pool, and with libgomp's default
     * policy the pool's spinning threads take the cores OpenBLAS needs (type 4a, D = 512, two threads, measured on a
     * 2-core machine: 6.3 steps/s spinning, 16.4 passive, 12–16 at one thread). The peer is given its faster setting.
     *
     * @throws IllegalStateException if the peer fails
     */
    public static PeerResult peer(Config config, int threads) {
        ResNetSpec s = config.spec();
        TrainingSettings settings = TrainingSettings.paper(1, WEIGHT_DECAY, config.seed());
        Map<String, String> env = new LinkedHashMap<>();
        if (threads != DEFAULT_THREADS) {
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        }
        if (threads != 1 && System.getenv("OMP_WAIT_POLICY") == null) {
            env.put("OMP_WAIT_POLICY", "PASSIVE");
        }
        List<String> args = new ArrayList<>();
        for (Object a : new Object[] {s.type().optionName(), s.width(), s.depth(), s.classes(), config.batch(),
                config.warmupSteps(), config.timedSteps(), config.seed(), threads, settings.learningRate(),
                settings.momentum(), WEIGHT_DECAY, settings.optimizer().optionName(),
                settings.decayScope().optionName()}) {
            args.add(String.valueOf(a));
        }
        Peer.Result r = PEER.run(args, env, 3600);
        return new PeerResult(r.output().path("framework").asText(), (int) r.number("threads"),
                r.number("medianStepSeconds"), r.number("meanStepSeconds"), r.number("stepsPerSecond"),
                (long) r.number("parameters"), (long) r.number("decayedParameters"), r.wallSeconds());
    }

    /** Our median step time over the peer's: how many times slower our step is (below 1: faster). */
    public static double peerRatio(Result ours, PeerResult peer) {
        return ours.medianStepSeconds() / peer.medianStepSeconds();
    }

    /**
     * Measures {@code config} in a fresh JVM on this process's class path whose ND4J loads with
     * {@code OMP_NUM_THREADS = threads} ({@link #DEFAULT_THREADS}: unset). The child inherits this process's other
     * environment variables (the OpenMP wait policy among them), and its heap and direct-memory limits and JavaCPP
     * settings, nothing else of its command line.
     *
     * @throws IllegalStateException if the child fails (its output is in the message)
     */
    public static Result inChildProcess(Config config, int threads) {
        if (threads < 0) {
            throw new InvalidInputException("threads", "{threads} must be ≥ 1, or " + DEFAULT_THREADS
                    + " for ND4J's default, got " + threads);
        }
        Path out = null;
        Path log = null;
        try {
            out = Files.createTempFile("resalign-bench", ".json");
            log = Files.createTempFile("resalign-bench", ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:MaxDirectMemorySize")
                        || a.startsWith("-Dorg.bytedeco.")) {
                    cmd.add(a);
                }
            }
            String extension = System.getProperty(NativeBuild.PROPERTY);
            if (extension != null) {
                cmd.add("-D" + NativeBuild.PROPERTY + "=" + extension);   // chosen in this process, not on its line
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Child.class.getName());
            ResNetSpec s = config.spec();
            for (Object a : new Object[] {s.type().optionName(), s.width(), s.depth(), s.classes(), config.batch(),
                    config.warmupSteps(), config.timedSteps(), config.seed(), config.engine().optionName(), out}) {
                cmd.add(String.valueOf(a));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (threads == DEFAULT_THREADS) {
                pb.environment().remove("OMP_NUM_THREADS");
            } else {
                pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            }
            Process p = pb.start();
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the benchmark ran in a child JVM", e);
            }
            if (code != 0) {
                throw new IllegalStateException("the benchmark's child JVM exited with " + code + ": "
                        + tail(Files.readString(log, StandardCharsets.UTF_8)));
            }
            return MAPPER.readValue(out.toFile(), Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the benchmark in a child JVM", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(log);
        }
    }

    /**
     * Floating-point operations of the matrix products of one training step of {@code batch} images: three times
     * the forward count, {@code 3 · 2 · batch · M} with {@code M} the forward multiply-adds per image. For a
     * fully-connected type {@code M = 784·D + 2·L·D² + D·C}. For a convolutional one each convolution contributes
     * {@code side_out² · k² · c_in · c_out}: the 4×4 stem {@code 16²·16·c}, each block {@code 2 · 16²·9·c²} (Type 3
     * after its middle: {@code 2 · 8²·9·(2c)²}, and its downsampling block {@code 8²·9·c·2c + 8²·9·(2c)²} plus the
     * 1×1 projection {@code 8²·c·2c}), and the classifier {@code c_last·C}. Pooling, batch norm and activations are
     * not counted. The stem's input gradient is counted although a framework may skip it, and the stem's and the
     * classifier's products are compared at the block layers' GEMM rate.
     */
    public static double flopsPerStep(ResNetSpec spec, int batch) {
        return 3.0 * 2.0 * batch * forwardMultiplyAdds(spec);
    }

    /** Forward multiply-adds of one image (see {@link #flopsPerStep}). */
    static long forwardMultiplyAdds(ResNetSpec spec) {
        int l = spec.depth();
        int classes = spec.classes();
        if (!spec.type().convolutional()) {
            long d = spec.width();
            return ResNetSpec.INPUT_SIZE * d + 2L * l * d * d + d * classes;
        }
        long side = ResNetSpec.CONV_SIDE;
        long m = side * side * 16 * spec.channelsAt(1);
        for (int i = 1; i <= l; i++) {
            long in = spec.channelsAt(i);
            long out = spec.channelsAt(i + 1);
            long area = (long) spec.sideAt(i + 1) * spec.sideAt(i + 1);
            m += area * 9 * in * out + area * 9 * out * out;
            if (spec.type().skips() && i == spec.downsamplingBlock()) {
                m += area * in * out;
            }
        }
        return m + (long) spec.channelsAt(l + 1) * classes;
    }

    /** A product {@code (m × k) · (k × n)}. */
    record GemmShape(int m, int k, int n) {
    }

    /**
     * The block layer as a GEMM: {@code batch × D} by {@code D × D}; for a convolutional type, the im2col matrix of a
     * 3×3 convolution at 16×16, {@code (batch·16²) × 9c} by {@code 9c × c}.
     */
    static GemmShape gemmShape(ResNetSpec spec, int batch) {
        int c = spec.width();
        if (!spec.type().convolutional()) {
            return new GemmShape(batch, c, c);
        }
        return new GemmShape(batch * ResNetSpec.CONV_SIDE * ResNetSpec.CONV_SIDE, 9 * c, c);
    }

    /**
     * ND4J's GEMM rate in flop/s on the three products of a layer's step: {@code Z = X·W}, {@code dX = dZ·Wᵀ},
     * {@code dW = Xᵀ·dZ}, into preallocated outputs. After a warm-up, the best of {@link #GEMM_WINDOWS} intervals of
     * at least {@link #GEMM_WINDOW_SECONDS} each: the rate the machine reaches at this shape, which other work on the
     * machine can only lower.
     */
    static double gemmFlopsPerSecond(GemmShape s, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, s.m(), s.k());
        INDArray w = Nd4j.randn(DataType.FLOAT, s.k(), s.n());
        INDArray dz = Nd4j.randn(DataType.FLOAT, s.m(), s.n());
        INDArray z = Nd4j.create(DataType.FLOAT, s.m(), s.n());
        INDArray dx = Nd4j.create(DataType.FLOAT, s.m(), s.k());
        INDArray dw = Nd4j.create(DataType.FLOAT, s.k(), s.n());
        double flopsPerRound = 3.0 * 2.0 * s.m() * s.k() * s.n();
        Runnable round = () -> {
            Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
            Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
            Nd4j.gemm(x, dz, dw, true, false, 1.0, 0.0);
        };
        long start = System.nanoTime();
        int warm = 0;
        while (warm < 3 || System.nanoTime() - start < 50_000_000L) {
            round.run();
            warm++;
        }
        double perRound = (System.nanoTime() - start) / 1e9 / warm;
        int rounds = (int) Math.max(3, Math.min(1_000_000, Math.ceil(GEMM_WINDOW_SECONDS / perRound)));
        double best = 0;
        for (int window = 0; window < GEMM_WINDOWS; window++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                round.run();
            }
            best = Math.max(best, rounds * flopsPerRound / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }

    /** {@value #BATCHES} mini-batches: N(0, 1) pixels and uniformly drawn one-hot labels, from the seed. */
    static List<DataSet> syntheticBatches(int classes, int batch, long seed) {
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.DATA);
        int side = ResNetSpec.INPUT_SIZE;
        List<DataSet> batches = new ArrayList<>(BATCHES);
        for (int b = 0; b < BATCHES; b++) {
            float[] x = new float[batch * side];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) rng.nextGaussian();
            }
            float[] y = new float[batch * classes];
            for (int r = 0; r < batch; r++) {
                y[r * classes + rng.nextInt(classes)] = 1f;
            }
            batches.add(new DataSet(Nd4j.create(x, new long[] {batch, side}),
                    Nd4j.create(y, new long[] {batch, classes})));
        }
        return batches;
    }

    private static Map<String, String> threadEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : THREAD_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 2000 ? t : "…" + t.substring(t.length() - 2000);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /**
     * The child JVM of {@link #inChildProcess}: measures in its own process and writes the result as JSON. Its
     * arguments are that method's, in order: type, width, depth, classes, batch, warm-up steps, timed steps, seed,
     * engine, output file.
     */
    static final class Child {

        private Child() {
        }

        public static void main(String[] args) throws IOException {
            NativeBuild.choose();
            if (args.length != 10) {
                throw new IllegalArgumentException("expected 10 arguments, got " + args.length);
            }
            ResNetSpec spec = new ResNetSpec(ModelType.parse(args[0]), Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            Config config = new Config(spec, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Long.parseLong(args[7]), TrainingEngine.parse(args[8]));
            Result r = inThisProcess(config);
            MAPPER.writeValue(Path.of(args[9]).toFile(), r);
            System.exit(0);
        }
    }
}
