package org.resalign.core.opt;

/**
 * The outcome of a minimisation.
 *
 * @param point        the final iterate
 * @param value        {@code f(point)}
 * @param gradientNorm {@code ‖∇f(point)‖₂}
 * @param iterations   accepted steps
 * @param evaluations  calls of {@link DifferentiableFunction#valueAndGradient}
 * @param reason       why it stopped
 */
public record OptimizationResult(double[] point, double value, double gradientNorm, int iterations, int evaluations,
                                 StopReason reason) {
}
