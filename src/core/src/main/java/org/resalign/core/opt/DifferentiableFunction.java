package org.resalign.core.opt;

/**
 * A smooth objective {@code f : R^n -> R} with its exact gradient.
 *
 * <p>Implementations may return {@code +Infinity} for points where the objective overflows (a line search then
 * backtracks); they must never return NaN for finite input.
 */
public interface DifferentiableFunction {

    /** The number of variables {@code n}. */
    int dimension();

    /**
     * Evaluates {@code f(x)} and writes {@code ∇f(x)} into {@code gradient}.
     *
     * @param x        the point, length {@link #dimension()}; not modified
     * @param gradient output, length {@link #dimension()}; fully overwritten
     * @return {@code f(x)}
     */
    double valueAndGradient(double[] x, double[] gradient);

    /** Evaluates {@code f(x)} only; the default computes and discards the gradient. */
    default double value(double[] x) {
        return valueAndGradient(x, new double[dimension()]);
    }
}
