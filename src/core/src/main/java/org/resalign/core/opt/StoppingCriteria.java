package org.resalign.core.opt;

/**
 * When an iterative minimiser stops.
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
}
