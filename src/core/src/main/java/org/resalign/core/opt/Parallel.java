package org.resalign.core.opt;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs the independent parts of a pass over long vectors on the machine's cores, for kernels whose result does not
 * depend on how the parts are shared out: every part writes only its own outputs (its slice of a vector, or its own
 * partial sums, which the caller then adds in part order), so a pass gives the same bits on one core as on many.
 *
 * <p>The parts are split into contiguous groups, one per worker; the calling thread runs the first group and the
 * common fork-join pool the others. With one worker (one core, or {@link #setWorkers(int) setWorkers(1)}) everything
 * runs on the calling thread.
 */
public final class Parallel {

    private static volatile int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    /** The number of workers a pass is shared out to. */
    public static int workers() {
        return workers;
    }

    /**
     * Sets the number of workers (at least 1; more than the common pool's parallelism plus one gives no more speed).
     * For tests that compare the results of one and several workers, and for benchmarks; results are the same bits.
     */
    public static void setWorkers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + n);
        }
        workers = n;
    }

    /** Runs {@code body.accept(p)} for every part {@code 0 ≤ p < parts}, each exactly once, and returns when all did. */
    public static void forEach(int parts, IntConsumer body) {
        final int w = Math.min(workers, parts);
        if (w <= 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            for (int p = 0; p < parts; p++) {
                body.accept(p);
            }
            return;
        }
        @SuppressWarnings("unchecked")
        final ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[w - 1];
        for (int g = 1; g < w; g++) {
            final int lo = (int) ((long) parts * g / w);
            final int hi = (int) ((long) parts * (g + 1) / w);
            tasks[g - 1] = ForkJoinPool.commonPool().submit(() -> {
                for (int p = lo; p < hi; p++) {
                    body.accept(p);
                }
            });
        }
        final int end = (int) ((long) parts / w);
        Throwable failure = null;
        try {
            for (int p = 0; p < end; p++) {
                body.accept(p);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
