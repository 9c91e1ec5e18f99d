package org.resalign.properties;

import java.util.List;
import java.util.random.RandomGenerator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.ejml.data.DMatrixRMaj;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.OptimizationResult;
import org.resalign.core.opt.StopReason;
import org.resalign.core.search.ParameterSpace.Range;
import org.resalign.core.search.ParameterSpace;
import org.resalign.core.seed.Seeds;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * Theorem 3.3 (paper §3.3, Appendix B) over random binary one-input Unconstrained Jacobians Models: the full solver
 * ends at the aligned family's optimum with the theorem's structure, and no other point beats that optimum.
 */
class Theorem33Properties {

    /** The binary one-input problems the theorem speaks of, with the two classification losses. */
    static final ParameterSpace SPACE = new ParameterSpace(new Range(1, 10), new Range(1, 8), 1e-3, 1.0,
            List.of(Loss.LOGISTIC, Loss.EXPONENTIAL), new Range(1, 1), new Range(2, 2), 0.25, 4.0, false);

    /** The same box with the squared loss too: the aligned family's minimum is global for all three losses. */
    static final ParameterSpace ALL_LOSSES = new ParameterSpace(SPACE.dim(), SPACE.depth(), SPACE.lambdaMin(),
            SPACE.lambdaMax(), List.of(Loss.values()), SPACE.samples(), SPACE.classes(), SPACE.normMin(),
            SPACE.normMax(), false);

    /**
     * Below {@code alignedObjective} by more than this relative amount a point counts as beating it. Both sides are
     * sums of non-negative terms (a loss value and at most {@code L·D² + D = 810} squares), so their relative rounding
     * error stays below {@code 810·1.1e-16 < 1e-13} even in the worst case; 1e-12 is ten times that and still far
     * below any real improvement a misplaced optimum would allow.
     */
    static final double BEAT = 1e-12;

    @Provide
    Arbitrary<UjmProblem> problems() {
        return Spaces.problems(SPACE);
    }

    /**
     * Paper §3.3, Theorem 3.3 (proof in Appendix B): L-BFGS over full {@code D×D} Jacobians from a random start never
     * ends below the aligned optimum by more than 1e-10 relative (no counterexample), and its optimum has the
     * theorem's structure as docs/definitions.md §verdict defines it ({@link Theorem33Verdict} with the default tolerances: objective
     * within 1e-8, rank one, aligned singular vectors, {@code w ∥ Δx}, equal top singular values). A run that stops on
     * its iteration budget fails the property.
     *
     * <p>Where the aligned family has more than one stationary point (for the logistic loss with {@code L ≥ 6},
     * {@code λ ≳ 0.6} and {@code r ≲ 0.35} it has two local minima), a local solver may end at the non-global one:
     * L-BFGS does so in about 3.5% of the problems drawn uniformly from that corner (53 of 1500; objective 7e-5 to 2e-2
     * above {@code alignedObjective}), e.g. {@code D = 1, L = 8, λ = 0.8092026223723358, ‖Δx‖ = 0.2680798541551523,
     * seed = 304547627} (relative gap 0.0099). That does not contradict a theorem about the global minimum, so there
     * the property asks for what still must hold: the point is not below the aligned optimum, and it has the aligned
     * structure in full (rank one, aligned vectors, equal top singular values, {@code w ∥ Δx}); only the objective gap
     * may fail. Everywhere else the whole verdict must hold.
     */
    @Property(seed = "3303")
    void lbfgsEndsAtTheAlignedOptimumWithTheTheoremsStructure(@ForAll("problems") UjmProblem problem) {
        UjmSolution solution = UjmSolver.solve(problem, SolverSettings.defaults(SolverKind.LBFGS, problem.seed()),
                IterationMonitor.NONE);
        OptimizationResult r = solution.result();
        Spaces.check(r.reason() != StopReason.MAX_ITERATIONS, () -> "the solver ran out of iterations ("
                + r.iterations() + ", gradient norm " + r.gradientNorm() + ")");
        AlignedOptimum aligned = alignedOptimum(problem);
        Theorem33Verdict v = Theorem33Verdict.judge(solution.model(), solution.theta(), r.value(), aligned,
                Theorem33Tolerances.DEFAULT);
        Spaces.check(!v.counterexample(), () -> "counterexample: objective " + r.value() + " is below the aligned "
                + "optimum " + aligned.objective() + " (relative gap " + v.relativeGap() + ")");
        boolean otherLocalMinimum = aligned.stationaryPointsFound() > 1 && v.relativeGap() > 0
                && v.failures().equals(List.of("objectiveGap"));
        Spaces.check(v.holds() || otherLocalMinimum, () -> "Theorem 3.3 structure fails: " + v.failures() + "; relative gap "
                + v.relativeGap() + ", max σ₂/σ₁ " + v.structure().maxRankOneRatio() + ", min left/right "
                + v.structure().minLeftRightAlignment() + ", min cross-layer "
                + v.structure().minCrossLayerAlignment() + ", input " + v.minInputAlignment() + ", cos(w, Δx) "
                + v.classifierInputCosine() + ", spread " + v.structure().singularValueSpread() + ", stop "
                + r.reason() + " after " + r.iterations() + " iterations, gradient norm " + r.gradientNorm()
                + ", aligned s " + aligned.s() + ", ω " + aligned.omega() + ", stationary points "
                + aligned.stationaryPointsFound());
    }

    /** An offset {@code ±10^e}, {@code e ∈ [−9, 1]}, or none. */
    @Provide
    Arbitrary<Double> offsets() {
        Arbitrary<Double> magnitude = Arbitraries.doubles().between(-9, 1).ofScale(2).withDistribution(Spaces.UNIFORM)
                .map(e -> Math.pow(10, e));
        Arbitrary<Double> signed = Arbitraries.of(1.0, -1.0).flatMap(sign -> magnitude.map(m -> sign * m));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0.0)), Tuple.of(6, signed));
    }

    @Provide
    Arbitrary<UjmProblem> allLosses() {
        return Spaces.problems(ALL_LOSSES);
    }

    /**
     * Paper §3.3, Theorem 3.3 reduced to the aligned family {@code f(s, ω) = ℓ(y·ω·r(1+s)^L) + λ/2 (L s² + ω²)}
     * (Appendix B): no point of the {@code (s, ω)} plane, near the optimum (offsets down to 1e-9) or far from it
     * (up to 10), has an objective below {@code alignedObjective} by more than {@link #BEAT} relative.
     */
    @Property(seed = "3304")
    void noPointOfTheAlignedPlaneBeatsTheAlignedOptimum(@ForAll("allLosses") UjmProblem problem,
                                                         @ForAll("offsets") double ds,
                                                         @ForAll("offsets") double dOmega) {
        AlignedOptimum aligned = alignedOptimum(problem);
        int label = problem.data().labels()[0];
        double s = aligned.s() + ds;
        double omega = aligned.omega() + dOmega;
        double f = AlignedFamily.objective(problem.loss(), problem.depth(), problem.lambda(), problem.inputNorm(),
                label, s, omega);
        Spaces.check(f >= aligned.objective() * (1 - BEAT), () -> "f(" + s + ", " + omega + ") = " + f
                + " is below the aligned optimum " + aligned.objective() + " at (" + aligned.s() + ", "
                + aligned.omega() + ")");
    }

    /** How a full-model point is drawn. */
    enum PointKind {
        /** The aligned optimum written out as matrices, plus a Gaussian perturbation of norm {@code scale}. */
        PERTURBED_OPTIMUM,
        /** The aligned optimum's {@code s} and {@code ω} along a random unit direction instead of {@code Δx}. */
        TURNED_OPTIMUM,
        /** Independent Gaussian entries of standard deviation {@code scale}. */
        GAUSSIAN
    }

    /**
     * Paper §3.3, Theorem 3.3 (Appendix B: the aligned family contains a global optimum of the full model): random
     * points {@code θ = (J_1..J_L, w)} of the full model — perturbations of the aligned optimum of norm 1e-7 to 1,
     * the optimum turned to a random direction, and Gaussian points of scale 0.01 to 10 — never have an objective
     * below {@code alignedObjective} by more than {@link #BEAT} relative.
     */
    @Property(seed = "3305")
    void noRandomFullModelPointBeatsTheAlignedOptimum(@ForAll("allLosses") UjmProblem problem,
                                                       @ForAll PointKind kind,
                                                       @ForAll("scales") double scale,
                                                       @ForAll("pointSeeds") long pointSeed) {
        AlignedOptimum aligned = alignedOptimum(problem);
        UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(problem);
        RandomGenerator rng = Seeds.stream(pointSeed, Seeds.Purpose.PERTURBATION);
        int d = problem.dim();
        double[] u = unit(problem.data().inputs()[0]);
        double[] theta;
        switch (kind) {
            case PERTURBED_OPTIMUM -> {
                theta = writeOut(model, aligned.s(), aligned.omega(), u);
                double[] g = new double[theta.length];
                double norm = 0;
                for (int k = 0; k < g.length; k++) {
                    g[k] = rng.nextGaussian();
                    norm += g[k] * g[k];
                }
                norm = Math.sqrt(norm);
                for (int k = 0; k < g.length; k++) {
                    theta[k] += scale * g[k] / norm;
                }
            }
            case TURNED_OPTIMUM -> theta = writeOut(model, aligned.s(), aligned.omega(), Seeds.onSphere(rng, d, 1));
            default -> {
                theta = new double[model.dimension()];
                for (int k = 0; k < theta.length; k++) {
                    theta[k] = scale * rng.nextGaussian();
                }
            }
        }
        double f = model.value(theta);
        double[] point = theta;
        Spaces.check(f >= aligned.objective() * (1 - BEAT), () -> kind + " point (scale " + scale + ") has objective "
                + f + " below the aligned optimum " + aligned.objective() + "; θ = "
                + java.util.Arrays.toString(point));
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.doubles().between(-7, 1).ofScale(2).withDistribution(Spaces.UNIFORM)
                .map(e -> Math.pow(10, e));
    }

    @Provide
    Arbitrary<Long> pointSeeds() {
        return Arbitraries.longs().between(0, 1_000_000).withDistribution(Spaces.UNIFORM);
    }

    static AlignedOptimum alignedOptimum(UjmProblem p) {
        return AlignedFamily.solve(p.loss(), p.depth(), p.lambda(), p.inputNorm(), p.data().labels()[0]);
    }

    /** {@code J_i = s·vvᵀ}, {@code w = ω·v} as a parameter vector of {@code model} (dense Jacobians). */
    static double[] writeOut(UnconstrainedJacobiansModel model, double s, double omega, double[] v) {
        int d = v.length;
        double[] theta = new double[model.dimension()];
        DMatrixRMaj j = new DMatrixRMaj(d, d);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                j.set(r, c, s * v[r] * v[c]);
            }
        }
        for (int i = 0; i < model.jacobians().depth(); i++) {
            model.jacobians().setJacobian(theta, i, j);
        }
        int off = model.jacobians().classifierOffset();
        for (int k = 0; k < d; k++) {
            theta[off + k] = omega * v[k];
        }
        return theta;
    }

    static double[] unit(double[] x) {
        double n = 0;
        for (double v : x) {
            n += v * v;
        }
        n = Math.sqrt(n);
        double[] u = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            u[k] = x[k] / n;
        }
        return u;
    }
}
