package org.resalign.core.opt;

/**
 * When an iterative minimiser stops. The rule is applied by one {@link Checker} per run (see {@link #checker}), which
 * every minimiser of this package consults at its start point and at each accepted iterate.
 *
 * @param maxIterations           at most this many iterations (each iteration accepts one step)
 * @param gradientTolerance       stop when {@code ‖∇f‖₂ ≤ gradientTolerance · max(1, |f|)}
 * @param relativeChangeTolerance stop when {@code |f_k − f_{k+1}| ≤ relativeChangeTolerance · max(|f_k|, |f_{k+1}|, tiny)}
 *                                for {@value #STALL_WINDOW} consecutive iterations; 0 disables the test
 */
public record StoppingCriteria(int maxIterations, double gradientTolerance, double relativeChangeTolerance) {

    /** Consecutive small-change iterations needed to stop on relative change. */
    public static final int STALL_WINDOW = 3;

    public StoppingCriteria {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (!(gradientTolerance >= 0) || !(relativeChangeTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be finite and >= 0");
        }
    }

    /**
     * A fresh checker of these criteria for one run, telling {@code monitor} of every accepted iterate
     * ({@code null}: no one).
     */
    public Checker checker(IterationMonitor monitor) {
        return new Checker(this, monitor, "");
    }

    /**
     * As {@link #checker(IterationMonitor)}; {@code hint} is appended to where a non-finite iterate was met in the
     * exception's message (e.g. that a fixed step may be too large).
     */
    Checker checker(IterationMonitor monitor, String hint) {
        return new Checker(this, monitor, hint);
    }

    /**
     * The stopping rule of one run, in the manner of Hipparchus's {@code ConvergenceChecker} but holding the run's
     * state (iterations accepted, the latest value, the current streak of small changes). The minimiser calls
     * {@link #start} once at the evaluated start point, then {@link #accept} at each accepted iterate, or
     * {@link #lineSearchFailed} when it cannot make a step; each returns the {@link StopReason} to stop with, or
     * {@code null} to go on. In order:
     * <ol>
     *   <li>a value or gradient norm that is not finite raises {@link ArithmeticException} (NaN never passes
     *       silently, and no stop reason stands for it);</li>
     *   <li>{@link StopReason#GRADIENT_TOLERANCE}: {@code ‖∇f‖₂ ≤ gradientTolerance · max(1, |f|)}, also at the
     *       start;</li>
     *   <li>{@link StopReason#RELATIVE_CHANGE}: the last {@value #STALL_WINDOW} accepted steps each changed f by at
     *       most {@code relativeChangeTolerance · max(|f_k|, |f_{k+1}|, Double.MIN_NORMAL)} (the first compares with
     *       the start value);</li>
     *   <li>{@link StopReason#MAX_ITERATIONS}: {@code maxIterations} steps accepted ({@code 0}: at the start).</li>
     * </ol>
     * The monitor is told of every accepted iterate (after the finiteness test, before the others). A checker is
     * for one run; once it has returned a reason it refuses further iterates.
     */
    public static final class Checker {
        private final StoppingCriteria criteria;
        private final IterationMonitor monitor;
        private final String hint;
        private boolean started;
        private int iterations;
        /** f at the latest iterate (the start point, then each accepted one). */
        private double value;
        private int smallChanges;
        private StopReason reason;

        private Checker(StoppingCriteria criteria, IterationMonitor monitor, String hint) {
            this.criteria = criteria;
            this.monitor = monitor == null ? IterationMonitor.NONE : monitor;
            this.hint = hint;
        }

        /**
         * The evaluated start point: {@code f = value}, {@code ‖∇f‖₂² = gradientNormSquared}.
         *
         * @return {@link StopReason#GRADIENT_TOLERANCE} or {@link StopReason#MAX_ITERATIONS} (a budget of 0), else
         *         {@code null}
         * @throws ArithmeticException if the value or the gradient norm is not finite
         */
        public StopReason start(double value, double gradientNormSquared) {
            if (started) {
                throw new IllegalStateException("the run has already started");
            }
            started = true;
            requireFinite(value, gradientNormSquared, "the start point");
            this.value = value;
            if (gradientMet(value, gradientNormSquared)) {
                return stop(StopReason.GRADIENT_TOLERANCE);
            }
            if (criteria.maxIterations() == 0) {
                return stop(StopReason.MAX_ITERATIONS);
            }
            return null;
        }

        /**
         * An accepted step to an iterate with {@code f = value}, {@code ‖∇f‖₂² = gradientNormSquared}: counts it,
         * tells the monitor, and applies the rule.
         *
         * @return the reason to stop, or {@code null}
         * @throws ArithmeticException if the value or the gradient norm is not finite
         */
        public StopReason accept(double value, double gradientNormSquared) {
            requireRunning();
            iterations++;
            requireFinite(value, gradientNormSquared, "iterate " + iterations + hint);
            final double previous = this.value;
            this.value = value;
            monitor.iteration(iterations, value, Math.sqrt(gradientNormSquared));
            if (gradientMet(value, gradientNormSquared)) {
                return stop(StopReason.GRADIENT_TOLERANCE);
            }
            smallChanges = smallChange(previous, value) ? smallChanges + 1 : 0;
            if (smallChanges >= STALL_WINDOW) {
                return stop(StopReason.RELATIVE_CHANGE);
            }
            if (iterations >= criteria.maxIterations()) {
                return stop(StopReason.MAX_ITERATIONS);
            }
            return null;
        }

        /** The minimiser could not make a step from the latest iterate: {@link StopReason#LINE_SEARCH_FAILED}. */
        public StopReason lineSearchFailed() {
            requireRunning();
            return stop(StopReason.LINE_SEARCH_FAILED);
        }

        /** Accepted iterations so far. */
        public int iterations() {
            return iterations;
        }

        /** The reason returned, or {@code null} while the run goes on. */
        public StopReason reason() {
            return reason;
        }

        private void requireRunning() {
            if (!started) {
                throw new IllegalStateException("start(value, gradientNormSquared) was not called");
            }
            if (reason != null) {
                throw new IllegalStateException("the run has stopped (" + reason + ")");
            }
        }

        private StopReason stop(StopReason r) {
            reason = r;
            return r;
        }

        private boolean gradientMet(double value, double gradientNormSquared) {
            return Math.sqrt(gradientNormSquared) <= criteria.gradientTolerance() * Math.max(1, Math.abs(value));
        }

        private boolean smallChange(double previous, double current) {
            final double tolerance = criteria.relativeChangeTolerance();
            if (tolerance == 0) {
                return false;
            }
            final double scale = Math.max(Math.max(Math.abs(previous), Math.abs(current)), Double.MIN_NORMAL);
            return Math.abs(previous - current) <= tolerance * scale;
        }

        private static void requireFinite(double value, double gradientNormSquared, String where) {
            if (Double.isNaN(value)) {
                throw new ArithmeticException("objective is NaN at " + where);
            }
            if (Double.isInfinite(value)) {
                throw new ArithmeticException("objective is " + value + " at " + where
                        + "; the minimiser needs a finite value there");
            }
            if (Double.isNaN(gradientNormSquared)) {
                throw new ArithmeticException("gradient contains NaN at " + where + " (f = " + value + ")");
            }
            if (Double.isInfinite(gradientNormSquared)) {
                throw new ArithmeticException("gradient is not finite (overflow) at " + where + " (f = " + value
                        + ")");
            }
        }
    }
}
