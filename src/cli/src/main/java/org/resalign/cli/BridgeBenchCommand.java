package org.resalign.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.resalign.bridge.BenchReport;
import org.resalign.bridge.BridgeVersions;
import org.resalign.bridge.LeanNetwork;
import org.resalign.bridge.ModelType;
import org.resalign.bridge.ResNetSpec;
import org.resalign.bridge.RunDefaults;
import org.resalign.bridge.TrainingBenchmark;
import org.resalign.bridge.TrainingEngine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign bridge bench}: training speed against the matrix-multiply bound, per width and thread count. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times training steps of a ResNet type (synthetic batches, the optimiser of 'train') for "
                + "each engine, width and ND4J thread count, each in a fresh JVM started with that OMP_NUM_THREADS (ND4J "
                + "sizes its pool only when it loads). Beside each it measures, in the same JVM and with the same "
                + "threads, ND4J's GEMM rate on the step's matrix products, and prints the roofline fraction: the "
                + "time the step's products would take at that rate over the measured step time, the bound any "
                + "framework (PyTorch included) meets on this CPU. It also prints each thread count's speed "
                + "relative to the first. When PyTorch is installed (bin/install-peers) it runs the same training step "
                + "in PyTorch with the same threads after each measurement (the same layers, optimiser, batch and "
                + "float32; fully-connected types) and prints PyTorch's steps/s and the ratio of each engine's median "
                + "step time to PyTorch's.",
                "Exit code 0 when every configuration was measured."})
public final class BridgeBenchCommand implements Callable<Integer> {

    @Option(names = "--type", defaultValue = "4a", description = "Model type (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--engines", split = ",", paramLabel = "E,E,…",
            description = "Training engines, lean and dl4j (default: lean,dl4j for the fully-connected types, dl4j "
                    + "for the convolutional ones).")
    String[] engines;

    @Option(names = "--widths", split = ",", paramLabel = "D,D,…", defaultValue = "64,512",
            description = "Widths (default ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--depth", paramLabel = "L", description = "Blocks (default: the type's, 8 for 4a).")
    Integer depth;

    @Option(names = "--threads", split = ",", paramLabel = "N,N,…", defaultValue = "1,2",
            description = "ND4J thread counts; 0 leaves OMP_NUM_THREADS unset, ND4J's default (default "
                    + "${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "60", description = "Timed steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "" + TrainingBenchmark.DEFAULT_BATCH,
            description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the networks and batches (default "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-peer", description = "Do not run the PyTorch peer.")
    boolean noPeer;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        ModelType t = ModelType.parse(type);
        int d = depth == null ? RunDefaults.depth(t) : depth;
        List<TrainingEngine> chosen = new ArrayList<>();
        if (engines == null) {
            if (LeanNetwork.covers(new ResNetSpec(t, widths[0], d, TrainingBenchmark.DEFAULT_CLASSES), 0)) {
                chosen.add(TrainingEngine.LEAN);
            }
            chosen.add(TrainingEngine.DL4J);
        } else {
            for (String e : engines) {
                TrainingEngine engine = TrainingEngine.parse(e);
                if (chosen.contains(engine)) {
                    throw new BadInputException("--engines names " + e + " twice");
                }
                chosen.add(engine);
            }
        }
        for (int n : threads) {
            if (n < 0) {
                throw new BadInputException("--threads takes counts ≥ 1, or 0 for ND4J's default; got " + n);
            }
        }
        List<List<TrainingBenchmark.Config>> configs = new ArrayList<>();   // per width, per engine
        for (int w : widths) {
            List<TrainingBenchmark.Config> perEngine = new ArrayList<>();
            for (TrainingEngine e : chosen) {
                perEngine.add(new TrainingBenchmark.Config(new ResNetSpec(t, w, d, TrainingBenchmark.DEFAULT_CLASSES),
                        batch, warmup, steps, seed, e));
            }
            configs.add(perEngine);
        }
        Optional<String> absent = noPeer ? Optional.of("--no-peer")
                : TrainingBenchmark.peerUnavailable(configs.get(0).get(0).spec());
        long t0 = System.nanoTime();
        List<TrainingBenchmark.Result> results = new ArrayList<>();
        List<TrainingBenchmark.PeerResult> peers = new ArrayList<>();
        int total = widths.length * threads.length * chosen.size();
        double[] speedups = new double[total];
        double[] ratios = new double[total];
        java.util.Arrays.fill(ratios, Double.NaN);
        String framework = null;
        try (Progress bar = Progress.of("bench", total + (absent.isEmpty() ? widths.length * threads.length : 0),
                quiet)) {
            for (List<TrainingBenchmark.Config> perEngine : configs) {
                double[] first = new double[chosen.size()];
                java.util.Arrays.fill(first, Double.NaN);
                for (int n : threads) {
                    TrainingBenchmark.PeerResult p = null;
                    if (absent.isEmpty()) {
                        p = TrainingBenchmark.peer(perEngine.get(0), n);
                        framework = p.framework();
                        bar.step();
                    }
                    for (int e = 0; e < chosen.size(); e++) {
                        TrainingBenchmark.Result r = TrainingBenchmark.inChildProcess(perEngine.get(e), n);
                        if (Double.isNaN(first[e])) {
                            first[e] = r.stepsPerSecond();
                        }
                        speedups[results.size()] = r.stepsPerSecond() / first[e];
                        if (p != null) {
                            ratios[results.size()] = TrainingBenchmark.peerRatio(r, p);
                        }
                        peers.add(p);
                        results.add(r);
                        bar.step();
                    }
                }
            }
        }
        BenchReport report = new BenchReport("bridge bench", t, d, widths.clone(), threads.clone(), seed,
                BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, "measured", results, speedups,
                framework, absent.orElse(null), peers, ratios);
        PrintWriter human = json.human();
        BridgePrinter.bench(report, human);
        human.flush();
        json.write(report);
        return Main.HOLDS;
    }
}
