package org.resalign.core.opt;

/**
 * Limited-memory BFGS, Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., §7.2: Algorithm 7.5 (L-BFGS) with
 * the two-loop recursion of Algorithm 7.4 for {@code H_k ∇f_k}, initial matrix {@code H_k⁰ = γ_k I} with
 * {@code γ_k = s_{k-1}ᵀy_{k-1} / y_{k-1}ᵀy_{k-1}} (N&amp;W eq. 7.20), and steps from a {@link StrongWolfeLineSearch}.
 *
 * <p>Details:
 * <ul>
 *   <li>The pair {@code (s, y)} is not stored when {@code sᵀy ≤ ε‖s‖‖y‖} ({@code ε = 1e-10}); the strong Wolfe
 *       conditions make this rare.</li>
 *   <li>The first trial step is {@code α = 1} except on a steepest-descent step (first iteration, or after a
 *       restart), where it is {@code min(1, 1/‖∇f‖₂)}.</li>
 *   <li>If the line search fails along the quasi-Newton direction, the history is cleared and the search is retried
 *       once along {@code −∇f}; a second failure (or a failure along {@code −∇f} itself) stops with
 *       {@link StopReason#LINE_SEARCH_FAILED}, returning the last accepted iterate.</li>
 *   <li>The default line search tolerates rounding-level differences of f (see {@link StrongWolfeLineSearch}), so
 *       near the solution iterations keep following the gradient instead of failing on noisy values; set a
 *       gradient or relative-change tolerance (or an iteration budget) accordingly.</li>
 *   <li>Stopping follows {@link StoppingCriteria} through its {@link StoppingCriteria.Checker}: the gradient test
 *       (also at the start point), then the relative-change test on consecutive accepted iterations, then the
 *       iteration budget; {@code maxIterations = 0} returns the evaluated start point.</li>
 * </ul>
 *
 * <p>Memory traffic: the recursion is run in the vector-free form of Chen et al. (NIPS 2014), see
 * {@link VectorFreeHistory}: on dot products of the stored vectors and the gradient, in O(m²) scalar work, giving the
 * direction as a combination of the basis {@code {s_i, y_i, g}}. Besides the line search (which forms {@code x + t d}
 * and {@code ∇f(x + t d)ᵀd} per trial) and the objective, an iteration makes two fused passes over the history: one
 * that forms {@code y} and the new gradient's dot products with the stored vectors, and one that writes the new
 * direction; about {@code 4m + 2} arrays read and two written, against {@code 6m + 4} read and {@code 2m + 2}
 * written by the two-loop recursion on vectors. The steps are stored implicitly as {@code s_i = α_i d_i}. All
 * {@code n}-vectors ({@code 2m + 2} history vectors, the iterate, the trial point and two gradients) are allocated
 * once per {@link #minimize} call; no {@code n}-length array is allocated or copied per iteration.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LbfgsMinimizer implements Minimizer {

    /**
     * Default number of stored correction pairs, chosen by measurement on the D=512, L=16 UJM solve (n ≈ 4.2·10⁶),
     * where the history's memory traffic dominates: each pair adds ~6.6 ms per iteration (two more arrays streamed in
     * each of the two passes), more than the iterations it saves. Mean wall time over 8 starting points: 7.1 s at
     * m = 2, 7.2 s at 3, 7.7 s at 4, 7.3 s at 5, 7.9 s at 6, 9.2 s at 8 (iterations 139, 130, 125, 111, 108, 101).
     * On the Theorem 3.3 grid (D ≤ 256) m = 2 took ~40% more iterations than m = 8 but less time. Problems with cheap
     * vectors and hard curvature may prefer a longer history: pass it to the constructor.
     */
    public static final int DEFAULT_HISTORY = 2;
    /** Curvature pairs with {@code sᵀy ≤ SKIP_EPSILON·‖s‖‖y‖} are skipped. */
    static final double SKIP_EPSILON = 1e-10;

    private final int history;
    private final StrongWolfeLineSearch lineSearch;
    private final DirectionProbe probe;

    /**
     * History {@value #DEFAULT_HISTORY} and the default strong Wolfe search ({@code c1 = 1e-4}, {@code c2 = 0.9},
     * 40 evaluations).
     */
    public LbfgsMinimizer() {
        this(DEFAULT_HISTORY);
    }

    /** @param history number of stored correction pairs {@code m ≥ 1} */
    public LbfgsMinimizer(int history) {
        this(history, new StrongWolfeLineSearch());
    }

    /**
     * @param history    number of stored correction pairs {@code m ≥ 1}
     * @param lineSearch the line search
     */
    public LbfgsMinimizer(int history, StrongWolfeLineSearch lineSearch) {
        this(history, lineSearch, DirectionProbe.NONE);
    }

    /** For tests: as {@link #LbfgsMinimizer(int, StrongWolfeLineSearch)}, reporting every direction to a probe. */
    LbfgsMinimizer(int history, StrongWolfeLineSearch lineSearch, DirectionProbe probe) {
        if (history < 1) {
            throw new IllegalArgumentException("history must be >= 1, got " + history);
        }
        if (lineSearch == null) {
            throw new IllegalArgumentException("lineSearch is null");
        }
        this.history = history;
        this.lineSearch = lineSearch;
        this.probe = probe;
    }

    /** Package-private observer of the iteration, for tests that recompute the directions independently. */
    interface DirectionProbe {
        DirectionProbe NONE = new DirectionProbe() {
        };

        /**
         * A search direction {@code d} was formed at the current gradient {@code g} from {@code pairs} stored
         * pairs ({@code 0}: steepest descent, also after a restart, which clears the history). The arrays are the
         * minimiser's own and must not be modified or kept.
         */
        default void direction(double[] g, double[] d, int pairs) {
        }

        /** The line search accepted {@code x + step·d}, where the gradient is {@code gNew}. */
        default void accepted(double step, double[] gNew) {
        }
    }

    public int history() {
        return history;
    }

    @Override
    public OptimizationResult minimize(DifferentiableFunction f, double[] start, StoppingCriteria criteria,
                                       IterationMonitor monitor) {
        final int n = Vectors.requireDimension(f, start);
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        double gg = Vectors.normSquared(g);
        final StoppingCriteria.Checker checker = criteria.checker(monitor);
        final StopReason atStart = checker.start(fx, gg);
        if (atStart != null) {
            return new OptimizationResult(x, fx, Math.sqrt(gg), 0, evaluations, atStart);
        }

        // More pairs than iterations can never be stored.
        final VectorFreeHistory h = new VectorFreeHistory(Math.min(history, criteria.maxIterations()), n);
        double[] xNew = new double[n];
        double[] gNew = new double[n];

        // First direction: steepest descent.
        double slope = h.steepestDescent(g);
        probe.direction(g, h.direction(), 0);
        double firstStep = Math.min(1, 1 / Math.sqrt(gg));
        while (true) {
            StrongWolfeLineSearch.Outcome ls = lineSearch.search(f, x, fx, slope, h.direction(), firstStep, xNew,
                    gNew);
            evaluations += ls.evaluations();
            if (!ls.success() && h.count() > 0) {
                // Restart once from steepest descent with an empty history.
                h.clear();
                slope = h.steepestDescent(g);
                probe.direction(g, h.direction(), 0);
                ls = lineSearch.search(f, x, fx, slope, h.direction(), Math.min(1, 1 / Math.sqrt(gg)), xNew, gNew);
                evaluations += ls.evaluations();
            }
            if (!ls.success()) {
                return new OptimizationResult(x, fx, Math.sqrt(gg), checker.iterations(), evaluations,
                        checker.lineSearchFailed());
            }
            fx = ls.value();
            probe.accepted(ls.step(), gNew);

            // Pass 1: y = gNew − g and the new Gram entries; then store the pair or skip it.
            gg = h.measure(ls.step(), gNew, g);
            final StopReason reason = checker.accept(fx, gg);
            h.commit(gNew, SKIP_EPSILON);
            final double[] scratchX = x;
            final double[] scratchG = g;
            x = xNew;
            g = gNew;
            xNew = scratchX;
            gNew = scratchG;

            final double gradientNorm = Math.sqrt(gg);
            if (reason != null) {
                return new OptimizationResult(x, fx, gradientNorm, checker.iterations(), evaluations, reason);
            }

            // Pass 2: the two-loop recursion on the Gram matrix, then d as a combination of the basis.
            if (h.count() == 0) {
                slope = h.steepestDescent(g);
                firstStep = Math.min(1, 1 / gradientNorm);
            } else {
                slope = h.quasiNewtonDirection(g);
                firstStep = 1;
            }
            probe.direction(g, h.direction(), h.count());
        }
    }

    /**
     * N&amp;W Algorithm 7.4 on explicitly stored vectors, with fused passes: writes {@code d = −H g} and returns
     * {@code gᵀd}. This was the minimiser's recursion before the vector-free form ({@link VectorFreeHistory}); it is
     * kept as the independent reference the tests compare the vector-free directions with.
     *
     * @param sg {@code s_newestᵀ g}, already computed
     */
    static double twoLoop(double[] g, double sg, double[] d, double[][] s, double[][] y, double[] rho,
                          double[] alpha, int newest, int count, double gamma) {
        final int m = s.length;
        final int n = g.length;
        // First loop, newest to oldest: α_i = ρ_i s_iᵀq; q ← q − α_i y_i. q lives in d; the first pass reads g.
        double[] q = g;
        double sq = sg;
        int i = newest;
        for (int j = 0; j < count; j++) {
            final double a = rho[i] * sq;
            alpha[i] = a;
            final double[] yi = y[i];
            if (j < count - 1) {
                final int next = (i - 1 + m) % m;
                final double[] sNext = s[next];
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    final double v = q[k] - a * yi[k];
                    d[k] = v;
                    dot += sNext[k] * v;
                }
                sq = dot;
                i = next;
            } else {
                // Oldest pair: finish the loop, scale by γ (r = H⁰q) and start the second loop's first dot y_iᵀr.
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    final double v = gamma * (q[k] - a * yi[k]);
                    d[k] = v;
                    dot += yi[k] * v;
                }
                sq = dot;
            }
            q = d;
        }
        // Second loop, oldest to newest: β = ρ_i y_iᵀr; r ← r + s_i(α_i − β). i is the oldest index; sq = y_iᵀr.
        double yr = sq;
        for (int j = count - 1; j >= 0; j--) {
            final double coefficient = alpha[i] - rho[i] * yr;
            final double[] si = s[i];
            if (j > 0) {
                final int next = (i + 1) % m;
                final double[] yNext = y[next];
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    final double v = d[k] + coefficient * si[k];
                    d[k] = v;
                    dot += yNext[k] * v;
                }
                yr = dot;
                i = next;
            } else {
                // Newest pair: finish, negate to get the descent direction, and form gᵀd.
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    final double v = -(d[k] + coefficient * si[k]);
                    d[k] = v;
                    dot += g[k] * v;
                }
                return dot;
            }
        }
        throw new AssertionError("count must be positive");
    }
}
