package org.resalign.core.opt;

/** Observes the progress of a {@link Minimizer}, e.g. for a progress bar. */
@FunctionalInterface
public interface IterationMonitor {

    /** Does nothing. */
    IterationMonitor NONE = (iteration, value, gradientNorm) -> { };

    /** Called after accepted iteration {@code iteration} (1-based). */
    void iteration(int iteration, double value, double gradientNorm);
}
