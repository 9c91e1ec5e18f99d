package org.resalign.cli;

import java.util.concurrent.Callable;

import org.resalign.core.linalg.RandomizedSvd;
import org.resalign.core.linalg.RsvdBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code resalign rsvd bench}: the options of {@link RsvdBenchmark}, which times the randomized SVD on a dense
 * {@code D×D} matrix with the slowly decaying spectrum {@code σ_i = 1/i} and random singular bases, and measures its
 * error against the known triplets.
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

    @Override
    public Integer call() {
        json.validate();
        RsvdBenchmark.Inputs inputs = RsvdBenchmark.inputs(dim, k, iters, seed, backend, oversampling, threads,
                renormalization, repeats, baseline, peer, tol);
        RsvdBenchmark.Report report;
        try (Progress progress = Progress.of("rsvd bench", RsvdBenchmark.steps(inputs), quiet)) {
            report = RsvdBenchmark.run(inputs, progress::step);
        }
        RsvdPrinter.print(report, json.human());
        json.write(report);
        return report.verdict().equals("holds") ? Main.HOLDS : Main.FAILS;
    }
}
