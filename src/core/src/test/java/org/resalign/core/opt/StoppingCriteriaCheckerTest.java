package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link StoppingCriteria.Checker} on hand-computed sequences of (f, ‖∇f‖²): each stop reason where the arithmetic
 * says it must occur, and the states next to it that must not stop.
 */
class StoppingCriteriaCheckerTest {

    private static StoppingCriteria.Checker started(StoppingCriteria c, double f, double gg) {
        final StoppingCriteria.Checker checker = c.checker(IterationMonitor.NONE);
        assertNull(checker.start(f, gg));
        return checker;
    }

    @Test
    void gradientTestIsRelativeToMaxOfOneAndAbsF() {
        // tol 1e-3: at f = 4 the threshold is 4e-3, at |f| < 1 it is 1e-3.
        final StoppingCriteria c = new StoppingCriteria(100, 1e-3, 0);
        assertEquals(StopReason.GRADIENT_TOLERANCE, c.checker(null).start(4, 3.9e-3 * 3.9e-3));
        assertNull(c.checker(null).start(4, 4.1e-3 * 4.1e-3), "‖∇f‖ = 4.1e-3 > 4e-3 must not stop");
        assertEquals(StopReason.GRADIENT_TOLERANCE, c.checker(null).start(-4, 3.9e-3 * 3.9e-3), "|f| is used");
        assertNull(c.checker(null).start(0.5, 1.5e-3 * 1.5e-3), "below |f| = 1 the threshold stays 1e-3");
        assertEquals(StopReason.GRADIENT_TOLERANCE, c.checker(null).start(0.5, 0.9e-3 * 0.9e-3));
        // Equality stops (≤): ‖∇f‖ = 0.5 = 0.25 · max(1, 2) exactly in binary.
        assertEquals(StopReason.GRADIENT_TOLERANCE,
                new StoppingCriteria(10, 0.25, 0).checker(null).start(2, 0.25));
        // Tolerance 0 stops only at an exactly zero gradient.
        assertNull(new StoppingCriteria(10, 0, 0).checker(null).start(1, Double.MIN_VALUE));
        assertEquals(StopReason.GRADIENT_TOLERANCE, new StoppingCriteria(10, 0, 0).checker(null).start(1, 0));
    }

    @Test
    void gradientTestAtAnAcceptedIterate() {
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 1e-2, 0), 10, 1);
        assertNull(checker.accept(5, 0.06 * 0.06), "0.06 > 1e-2 · 5");
        assertEquals(StopReason.GRADIENT_TOLERANCE, checker.accept(5, 0.04 * 0.04));
        assertEquals(2, checker.iterations());
        assertEquals(StopReason.GRADIENT_TOLERANCE, checker.reason());
    }

    @Test
    void budgetOfZeroStopsAtTheStartUnlessTheGradientTestHoldsFirst() {
        assertEquals(StopReason.MAX_ITERATIONS, new StoppingCriteria(0, 1e-6, 0).checker(null).start(3, 1));
        assertEquals(StopReason.GRADIENT_TOLERANCE, new StoppingCriteria(0, 1e-6, 0).checker(null).start(3, 0));
    }

    @Test
    void budgetStopsAtExactlyMaxIterations() {
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(3, 0, 0), 10, 1);
        assertNull(checker.accept(9, 1));
        assertNull(checker.accept(8, 1));
        assertEquals(StopReason.MAX_ITERATIONS, checker.accept(7, 1));
        assertEquals(3, checker.iterations());
    }

    @Test
    void gradientTestWinsOverTheBudgetAtTheLastIteration() {
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(1, 1e-3, 0), 10, 1);
        assertEquals(StopReason.GRADIENT_TOLERANCE, checker.accept(1, 0));
    }

    @Test
    void relativeChangeNeedsThreeConsecutiveSmallChanges() {
        // tol 1e-2 at f ≈ 100: a change of 0.5 is small (≤ 1.0), a change of 5 is not.
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 0, 1e-2), 100, 1);
        assertNull(checker.accept(99.5, 1)); // small 1
        assertNull(checker.accept(99.0, 1)); // small 2
        assertNull(checker.accept(94.0, 1), "a large change resets the streak");
        assertNull(checker.accept(93.5, 1)); // small 1
        assertNull(checker.accept(93.0, 1)); // small 2
        assertEquals(StopReason.RELATIVE_CHANGE, checker.accept(92.5, 1)); // small 3
        assertEquals(6, checker.iterations());
    }

    @Test
    void relativeChangeScaleIsTheLargerMagnitudeAndIncludesEquality() {
        // |1 − 0.5| = 0.5 ≤ 0.5 · max(1, 0.5): equality counts as small, on the larger of the two magnitudes.
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 0, 0.5), 1, 1);
        assertNull(checker.accept(0.5, 1));
        assertNull(checker.accept(0.25, 1));
        assertEquals(StopReason.RELATIVE_CHANGE, checker.accept(0.125, 1));
        // Just over: |1 − 0.49| = 0.51 > 0.5 · 1 is not small; then 0.19 ≤ 0.245, 0.1 ≤ 0.15, 0.05 ≤ 0.1 are.
        final StoppingCriteria.Checker over = started(new StoppingCriteria(100, 0, 0.5), 1, 1);
        assertNull(over.accept(0.49, 1));
        assertNull(over.accept(0.3, 1));
        assertNull(over.accept(0.2, 1), "the first change was not small, so only two count here");
        assertEquals(StopReason.RELATIVE_CHANGE, over.accept(0.15, 1));
    }

    @Test
    void relativeChangeAtZeroUsesTheSmallestNormalAsScale() {
        // f stays exactly 0: |0 − 0| = 0 ≤ tol · MIN_NORMAL, so three unchanged zeros stop.
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 0, 1e-9), 0, 1);
        assertNull(checker.accept(0, 1));
        assertNull(checker.accept(0, 1));
        assertEquals(StopReason.RELATIVE_CHANGE, checker.accept(0, 1));
        // ...but steps of 1e-310 near 0 are 1e-310 / MIN_NORMAL ≈ 4.5e-3 relative to the scale, never small.
        final StoppingCriteria.Checker moving = started(new StoppingCriteria(100, 0, 1e-9), 0, 1);
        for (int k = 1; k <= 10; k++) {
            assertNull(moving.accept(k * 1e-310, 1));
        }
    }

    @Test
    void relativeChangeToleranceZeroNeverStopsEvenOnEqualValues() {
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 0, 0), 7, 1);
        for (int k = 0; k < 50; k++) {
            assertNull(checker.accept(7, 1));
        }
    }

    @Test
    void nonFiniteValuesThrowWithWhereTheyWereMet() {
        final StoppingCriteria c = new StoppingCriteria(100, 1e-6, 1e-6);
        assertEquals("objective is NaN at the start point",
                assertThrows(ArithmeticException.class, () -> c.checker(null).start(Double.NaN, 1)).getMessage());
        final StoppingCriteria.Checker checker = started(c, 1, 1);
        assertNull(checker.accept(0.5, 1));
        assertEquals("objective is NaN at iterate 2",
                assertThrows(ArithmeticException.class, () -> checker.accept(Double.NaN, 1)).getMessage());
        assertEquals("objective is Infinity at iterate 1; the minimiser needs a finite value there",
                assertThrows(ArithmeticException.class,
                        () -> started(c, 1, 1).accept(Double.POSITIVE_INFINITY, 1)).getMessage());
        assertEquals("gradient contains NaN at iterate 1 (f = 0.5)",
                assertThrows(ArithmeticException.class, () -> started(c, 1, 1).accept(0.5, Double.NaN))
                        .getMessage());
        assertEquals("gradient is not finite (overflow) at the start point (f = 2.0)",
                assertThrows(ArithmeticException.class,
                        () -> c.checker(null).start(2, Double.POSITIVE_INFINITY)).getMessage());
        // A NaN gradient norm is not taken for "converged" even with a huge tolerance (NaN ≤ x is false anyway).
        assertThrows(ArithmeticException.class,
                () -> new StoppingCriteria(100, 1e300, 0).checker(null).start(1, Double.NaN));
    }

    @Test
    void hintIsAppendedToIteratesOnly() {
        final StoppingCriteria c = new StoppingCriteria(100, 0, 0);
        assertEquals("objective is NaN at the start point",
                assertThrows(ArithmeticException.class,
                        () -> c.checker(null, " (step 0.5 too large?)").start(Double.NaN, 1)).getMessage());
        final StoppingCriteria.Checker checker = c.checker(null, " (step 0.5 too large?)");
        checker.start(1, 1);
        assertEquals("objective is -Infinity at iterate 1 (step 0.5 too large?); the minimiser needs a finite value"
                        + " there",
                assertThrows(ArithmeticException.class, () -> checker.accept(Double.NEGATIVE_INFINITY, 1))
                        .getMessage());
    }

    @Test
    void monitorSeesEveryAcceptedIterateAndNotTheStart() {
        final List<String> seen = new ArrayList<>();
        final StoppingCriteria.Checker checker = new StoppingCriteria(2, 0, 0)
                .checker((iteration, value, gradientNorm) -> seen.add(iteration + ":" + value + ":" + gradientNorm));
        checker.start(10, 16);
        checker.accept(5, 9);
        checker.accept(4, 4);
        assertEquals(List.of("1:5.0:3.0", "2:4.0:2.0"), seen);
        // A non-finite iterate is not shown to the monitor.
        final List<Integer> none = new ArrayList<>();
        final StoppingCriteria.Checker nan = new StoppingCriteria(2, 0, 0).checker((i, v, g) -> none.add(i));
        nan.start(1, 1);
        assertThrows(ArithmeticException.class, () -> nan.accept(Double.NaN, 1));
        assertTrue(none.isEmpty());
    }

    @Test
    void lineSearchFailureIsAStopAndTheRunEnds() {
        final StoppingCriteria.Checker checker = started(new StoppingCriteria(100, 0, 0), 1, 1);
        assertNull(checker.accept(0.5, 1));
        assertEquals(StopReason.LINE_SEARCH_FAILED, checker.lineSearchFailed());
        assertEquals(1, checker.iterations());
        assertThrows(IllegalStateException.class, () -> checker.accept(0.25, 1));
        assertThrows(IllegalStateException.class, checker::lineSearchFailed);
    }

    @Test
    void aCheckerIsForOneRun() {
        final StoppingCriteria c = new StoppingCriteria(100, 0, 0);
        assertThrows(IllegalStateException.class, () -> c.checker(null).accept(1, 1), "accept before start");
        final StoppingCriteria.Checker checker = c.checker(null);
        checker.start(1, 1);
        assertThrows(IllegalStateException.class, () -> checker.start(1, 1), "two starts");
        final StoppingCriteria.Checker stopped = new StoppingCriteria(0, 0, 0).checker(null);
        assertEquals(StopReason.MAX_ITERATIONS, stopped.start(1, 1));
        assertThrows(IllegalStateException.class, () -> stopped.accept(1, 1), "accept after a stop");
        assertNull(c.checker(null).reason(), "no reason before the run");
    }
}
