package org.resalign.core.check;

import java.util.function.ToDoubleFunction;

/**
 * Finite differences, the independent computation every analytic derivative in resalign is tested against.
 *
 * <p>{@link #directional} is the Richardson extrapolation of two central differences,
 * {@code (4·D(h/2) − D(h)) / 3} with {@code D(h) = (f(x+hv) − f(x−hv)) / 2h}, whose truncation error is
 * {@code O(h⁴)}, so a tolerance of 1e-7 relative is a real test rather than a loose one.
 */
public final class FiniteDifferences {

    /** The default step {@code h}. */
    public static final double STEP = 1e-3;

    private FiniteDifferences() {
    }

    /** The derivative of {@code f} at {@code x} along {@code v}, with step {@link #STEP}. */
    public static double directional(ToDoubleFunction<double[]> f, double[] x, double[] v) {
        return directional(f, x, v, STEP);
    }

    /** The derivative of {@code f} at {@code x} along {@code v}, Richardson-extrapolated from steps h and h/2. */
    public static double directional(ToDoubleFunction<double[]> f, double[] x, double[] v, double h) {
        return (4 * central(f, x, v, h / 2) - central(f, x, v, h)) / 3;
    }

    /** The central difference {@code (f(x+hv) − f(x−hv)) / 2h}. */
    public static double central(ToDoubleFunction<double[]> f, double[] x, double[] v, double h) {
        double[] p = x.clone();
        double[] m = x.clone();
        for (int k = 0; k < x.length; k++) {
            p[k] += h * v[k];
            m[k] -= h * v[k];
        }
        return (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * h);
    }
}
