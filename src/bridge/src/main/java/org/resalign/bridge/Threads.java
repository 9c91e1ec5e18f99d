package org.resalign.bridge;

import org.nd4j.linalg.factory.Nd4j;

import org.resalign.core.input.InvalidInputException;

/**
 * Sets ND4J's thread counts deliberately. Left alone, ND4J's OpenMP pool takes every core and its threads spin-wait
 * between operations, taking the cores OpenBLAS needs: on a 2-core machine one thread trains the paper's
 * fully-connected networks 2–3 times faster than two (README, Benchmarks; {@link TrainingBenchmark}).
 *
 * <p>ND4J sizes its OpenMP pool from {@code OMP_NUM_THREADS} (else the core count) when its native library loads;
 * in 1.0.0-M2.1 {@code Environment.setMaxThreads} does nothing, and the count its loops use can be lowered but not
 * raised above that pool. {@link #use} therefore lowers it and sets OpenBLAS's, and refuses a count above the pool
 * rather than silently doing half of it. {@code bin/resalign} exports {@code OMP_NUM_THREADS} from {@code --threads}
 * before the JVM starts. The counts apply to the whole process.
 */
public final class Threads {

    private Threads() {
    }

    /**
     * Uses {@code n} threads for ND4J's own loops and for BLAS.
     *
     * @throws IllegalArgumentException if {@code n < 1}, or above the pool ND4J was started with
     */
    public static void use(int n) {
        if (n < 1) {
            throw new InvalidInputException("threads", "{threads} must be ≥ 1, got " + n);
        }
        int pool = Nd4j.getEnvironment().maxThreads();
        if (n > pool) {
            throw new InvalidInputException("threads", "ND4J was started with " + pool + " thread(s) and cannot use " + n
                    + "; start it with OMP_NUM_THREADS=" + n + " (bin/resalign sets it from {threads})");
        }
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /**
     * Runs {@code work} with one thread for ND4J's loops and BLAS, then restores the counts: for single-precision
     * work whose rounding would otherwise depend on {@code --threads} (summation order), so that its results are the
     * same bit for bit at any count.
     */
    public static void onOne(Runnable work) {
        int master = Nd4j.getEnvironment().maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        try {
            work.run();
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(master);
            Nd4j.factory().blas().setMaxThreads(blas);
        }
    }

    /** The thread count ND4J's own loops use now. */
    public static int current() {
        return Nd4j.getEnvironment().maxMasterThreads();
    }
}
