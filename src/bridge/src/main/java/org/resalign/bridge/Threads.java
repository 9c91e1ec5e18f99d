package org.resalign.bridge;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets ND4J's thread counts deliberately. Left alone, ND4J's OpenMP and OpenBLAS pools each take every core and
 * oversubscribe a small machine; on the 2-core machines this project is measured on, one thread trains the small
 * networks several times faster (the README's benchmark table). The counts apply to the whole process.
 */
public final class Threads {

    private Threads() {
    }

    /** Uses {@code n} threads for ND4J's element-wise ops and for BLAS. */
    public static void use(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /** ND4J's current element-wise thread count. */
    public static int current() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
