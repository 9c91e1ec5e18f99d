package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The test JVM's ND4J loads with OMP_NUM_THREADS=1 (the bridge's surefire configuration). */
class ThreadsTest {

    @Test
    void aCountAboveThePoolIsRefusedNotHalfApplied() {
        int pool = Nd4j.getEnvironment().maxThreads();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.use(pool + 1));
        assertTrue(e.getMessage().contains("OMP_NUM_THREADS=" + (pool + 1)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Threads.use(0));
    }

    @Test
    void oneThreadIsApplied() {
        Threads.use(1);
        assertEquals(1, Threads.current());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
    }
}
