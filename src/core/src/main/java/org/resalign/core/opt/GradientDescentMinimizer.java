package org.resalign.core.opt;

/**
 * Gradient descent, Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Ch. 3 (steepest-descent direction
 * {@code p_k = −∇f_k}, §3.1), in one of two variants:
 * <ul>
 *   <li><b>fixed step</b> {@code η > 0}: literally {@code x_{k+1} = x_k − η ∇f(x_k)}, no safeguard of any kind, so that
 *       the trajectory is exactly the discrete gradient flow (used to exhibit the implicit bias of training from a
 *       small initialisation). A non-finite objective value (divergence) raises {@link ArithmeticException};</li>
 *   <li><b>backtracking Armijo</b> (N&amp;W Algorithm 3.1 with contraction ρ = 1/2, c = 1e-4): each iteration tries
 *       twice the previous accepted step (the initial step at first) and halves it until
 *       {@code f(x − α∇f) ≤ f(x) − c α ‖∇f‖²}; after 60 halvings the minimiser stops with
 *       {@link StopReason#LINE_SEARCH_FAILED}. {@code +∞} trial values are simply backtracked from.</li>
 * </ul>
 * Stopping follows {@link StoppingCriteria} through its {@link StoppingCriteria.Checker}, as in every minimiser of
 * this package (gradient test also at the start, then relative change over consecutive iterations, then the iteration
 * budget). Instances are immutable.
 */
public final class GradientDescentMinimizer implements Minimizer {

    /** Sufficient-decrease constant of the Armijo variant. */
    static final double ARMIJO_C = 1e-4;
    /** Halvings allowed per Armijo backtracking search. */
    static final int MAX_BACKTRACKS = 60;

    /** The fixed step, or {@code NaN} for the Armijo variant. */
    private final double fixedStep;
    /** The first trial step of the Armijo variant. */
    private final double initialStep;

    /**
     * @param step the fixed step {@code η} if {@code > 0}; {@code step ≤ 0} selects backtracking Armijo with initial
     *             trial step 1 (see {@link #armijo(double)})
     */
    public GradientDescentMinimizer(double step) {
        this(step > 0 ? step : Double.NaN, 1.0);
        if (Double.isNaN(step) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step must be finite, got " + step);
        }
    }

    private GradientDescentMinimizer(double fixedStep, double initialStep) {
        if (!(initialStep > 0) || Double.isInfinite(initialStep)) {
            throw new IllegalArgumentException("initial step must be finite and > 0, got " + initialStep);
        }
        this.fixedStep = fixedStep;
        this.initialStep = initialStep;
    }

    /** Fixed-step gradient descent {@code x ← x − η∇f(x)}. */
    public static GradientDescentMinimizer fixedStep(double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
        }
        return new GradientDescentMinimizer(eta, 1.0);
    }

    /** Backtracking Armijo gradient descent whose first trial step is 1. */
    public static GradientDescentMinimizer armijo() {
        return armijo(1.0);
    }

    /** Backtracking Armijo gradient descent whose first trial step is {@code initialStep > 0}. */
    public static GradientDescentMinimizer armijo(double initialStep) {
        return new GradientDescentMinimizer(Double.NaN, initialStep);
    }

    /** True for the fixed-step variant. */
    public boolean isFixedStep() {
        return !Double.isNaN(fixedStep);
    }

    @Override
    public OptimizationResult minimize(DifferentiableFunction f, double[] start, StoppingCriteria criteria,
                                       IterationMonitor monitor) {
        Vectors.requireDimension(f, start);
        return isFixedStep() ? fixed(f, start.clone(), criteria, monitor)
                : backtracking(f, start.clone(), criteria, monitor);
    }

    private OptimizationResult fixed(DifferentiableFunction f, double[] x, StoppingCriteria criteria,
                                     IterationMonitor monitor) {
        final int n = x.length;
        final double eta = fixedStep;
        final double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        double gg = Vectors.normSquared(g);
        final StoppingCriteria.Checker checker = criteria.checker(monitor, " (step " + eta + " too large?)");
        StopReason reason = checker.start(fx, gg);
        while (reason == null) {
            for (int i = 0; i < n; i++) {
                x[i] -= eta * g[i];
            }
            fx = f.valueAndGradient(x, g);
            evaluations++;
            gg = Vectors.normSquared(g);
            reason = checker.accept(fx, gg);
        }
        return new OptimizationResult(x, fx, Math.sqrt(gg), checker.iterations(), evaluations, reason);
    }

    private OptimizationResult backtracking(DifferentiableFunction f, double[] x, StoppingCriteria criteria,
                                            IterationMonitor monitor) {
        final int n = x.length;
        double[] g = new double[n];
        double[] xTrial = new double[n];
        double[] gTrial = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        double gg = Vectors.normSquared(g);
        final StoppingCriteria.Checker checker = criteria.checker(monitor);
        StopReason reason = checker.start(fx, gg);
        double step = initialStep / 2; // doubled before the first trial
        while (reason == null) {
            step *= 2;
            double fTrial = Double.NaN;
            boolean accepted = false;
            for (int trial = 0; trial <= MAX_BACKTRACKS; trial++, step *= 0.5) {
                Vectors.addScaled(x, -step, g, xTrial);
                fTrial = f.valueAndGradient(xTrial, gTrial);
                evaluations++;
                if (Double.isNaN(fTrial) && Vectors.allFinite(xTrial)) {
                    throw new ArithmeticException("objective returned NaN at a finite trial point (step " + step
                            + " along −∇f)");
                }
                accepted = fTrial <= fx - ARMIJO_C * step * gg; // false for NaN and +∞
                if (accepted) {
                    break;
                }
            }
            if (!accepted) {
                reason = checker.lineSearchFailed();
                break;
            }
            final double[] oldX = x;
            final double[] oldG = g;
            x = xTrial;
            g = gTrial;
            xTrial = oldX;
            gTrial = oldG;
            fx = fTrial;
            gg = Vectors.normSquared(g);
            reason = checker.accept(fx, gg);
        }
        return new OptimizationResult(x, fx, Math.sqrt(gg), checker.iterations(), evaluations, reason);
    }
}
