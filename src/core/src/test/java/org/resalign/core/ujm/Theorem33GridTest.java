package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.StopReason;

/**
 * Theorem 3.3 (paper §3.3, Appendix B) checked numerically on the whole grid the foundation issue names: the full
 * L-BFGS solver over D×D matrices, from a random start, reaches the aligned family's minimum to 1e-9 relative and the
 * verdict holds, for D ∈ {16, 64, 256}, L ∈ {1, 4, 8, 16, 32}, λ ∈ {1e-3, 1e-2, 1e-1, 1}, ‖Δx‖ = 1.
 */
class Theorem33GridTest {

    static Stream<Arguments> grid() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int dim : new int[] {16, 64, 256}) {
            for (int depth : new int[] {1, 4, 8, 16, 32}) {
                for (double lambda : new double[] {1e-3, 1e-2, 1e-1, 1}) {
                    b.add(Arguments.of(dim, depth, lambda));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "D={0} L={1} λ={2}")
    @MethodSource("grid")
    void fullSolverReachesTheAlignedOptimumAndTheVerdictHolds(int dim, int depth, double lambda) {
        UjmProblem p = UjmProblem.binary(dim, depth, lambda, Loss.LOGISTIC, 1.0, 17);
        UjmSolution s = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 17), IterationMonitor.NONE);
        UjmSolveReport r = UjmSolveReport.of(s, Theorem33Tolerances.DEFAULT);
        assertEquals(StopReason.GRADIENT_TOLERANCE, s.result().reason());
        assertTrue(Math.abs(r.relativeGap()) <= 1e-9, () -> "relative gap " + r.relativeGap());
        assertEquals("holds", r.verdict(), () -> "failures " + r.theorem33().verdict().failures());
    }
}
