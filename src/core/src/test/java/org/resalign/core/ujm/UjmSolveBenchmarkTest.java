package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.bench.Peer;
import org.resalign.core.opt.IterationMonitor;

class UjmSolveBenchmarkTest {

    /** The start file holds exactly ujm solve's Δx and initial point, little-endian. */
    @Test
    void startFileHoldsTheSolversStartPoint(@TempDir Path dir) throws Exception {
        UjmProblem p = UjmProblem.binary(6, 3, 1e-2, Loss.LOGISTIC, 1.0, 7);
        SolverSettings s = SolverSettings.defaults(SolverKind.LBFGS, 7);
        Path f = Files.createFile(dir.resolve("start.f64"));
        UjmSolveBenchmark.writeStart(p, s, f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        double[] dx = new double[6];
        for (int k = 0; k < dx.length; k++) {
            dx[k] = b.getDouble();
        }
        double[] theta = new double[b.remaining() / 8];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = b.getDouble();
        }
        assertArrayEquals(p.data().inputs()[0], dx);
        assertArrayEquals(UjmSolver.initialPoint(UjmSolver.model(p, s), s), theta);
    }

    @Test
    void badConfig() {
        assertThrows(IllegalArgumentException.class, () -> new UjmSolveBenchmark.Config(8, 2, 1e-2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new UjmSolveBenchmark.Config(0, 2, 1e-2, 0, 1));
    }

    /**
     * Second framework: PyTorch's L-BFGS from the same start reaches the aligned optimum that resalign's solver reaches
     * (skipped where the peer is not installed).
     */
    @Test
    void thePeerReachesTheSameOptimum(@TempDir Path dir) throws Exception {
        Peer peer = UjmSolveBenchmark.peer();
        Assumptions.assumeTrue(peer.available(), () -> peer.unavailable().orElse(""));
        UjmProblem p = UjmProblem.binary(16, 3, 1e-2, Loss.LOGISTIC, 1.0, 2);
        SolverSettings s = SolverSettings.defaults(SolverKind.LBFGS, 2);
        Path f = Files.createFile(dir.resolve("start.f64"));
        UjmSolveBenchmark.writeStart(p, s, f);
        Peer.Result r = peer.run(List.of("--dim", "16", "--depth", "3", "--lambda", "0.01", "--label", "1",
                "--history", "2", "--tol", "1e-11", "--max-iter", "5000", "--start", f.toString()), Map.of(), 300);
        double aligned = AlignedFamily.solve(Loss.LOGISTIC, 3, 1e-2, 1.0, 1).objective();
        double ours = UjmSolver.solve(p, s, IterationMonitor.NONE).result().value();
        assertEquals(aligned, r.number("objective"), 1e-10 * aligned);
        assertEquals(aligned, ours, 1e-12 * aligned);
        assertTrue(r.number("threads") >= 1);
    }
}
