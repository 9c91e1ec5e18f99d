package org.resalign.properties;

import java.util.List;
import java.util.random.RandomGenerator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

import org.resalign.core.check.FiniteDifferences;
import org.resalign.core.search.ParameterSpace.Range;
import org.resalign.core.search.ParameterSpace;
import org.resalign.core.seed.Seeds;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * The UJM gradient (paper Definition 3.2, backward pass) equals Richardson-extrapolated central differences along
 * random directions, over random D, L, N, C, λ, input norm and loss. A failure shrinks to the smallest such instance.
 */
class UjmGradientProperties {

    /**
     * Every size, loss, sample count and class count the solver takes. {@link ParameterSpace} requires
     * {@code λ > 0}, so its floor is a tiny {@code 10⁻⁴}; {@code λ = 0} itself is mixed in by {@link #problems()}.
     */
    static final ParameterSpace SPACE = new ParameterSpace(new Range(1, 12), new Range(1, 8), 1e-4, 1.0,
            List.of(Loss.values()), new Range(1, 5), new Range(2, 5), 0.3, 2.5, false);

    @Provide
    Arbitrary<UjmProblem> problems() {
        Arbitrary<UjmProblem> regularised = Spaces.problems(SPACE);
        Arbitrary<UjmProblem> unregularised = regularised.map(p -> new UjmProblem(p.dim(), p.depth(), 0.0, p.loss(),
                p.samples(), p.classes(), p.inputNorm(), p.seed()));
        return Arbitraries.frequencyOf(Tuple.of(4, regularised), Tuple.of(1, unregularised));
    }

    /**
     * Paper §3.3, Definition 3.2: the analytic gradient of the Unconstrained Jacobians Model objective (with its
     * N-input, C-class generalisation and every loss) agrees with finite differences of the objective along four
     * random unit directions, to {@code 1e-7·max(‖∇f‖, 1e-3)}, at a random point of scale 0.3.
     */
    @Property(seed = "20261123")
    boolean gradientEqualsFiniteDifferences(@ForAll("problems") UjmProblem problem,
                                            @ForAll @IntRange(min = 0, max = 1000) int pointSeed) {
        UnconstrainedJacobiansModel f = UnconstrainedJacobiansModel.dense(problem);
        RandomGenerator rng = Seeds.stream(pointSeed, Seeds.Purpose.PERTURBATION);
        double[] x = new double[f.dimension()];
        for (int k = 0; k < x.length; k++) {
            x[k] = 0.3 * rng.nextGaussian();
        }
        double[] grad = new double[x.length];
        f.valueAndGradient(x, grad);
        double gradNorm = 0;
        for (double g : grad) {
            gradNorm += g * g;
        }
        gradNorm = Math.sqrt(gradNorm);
        for (int d = 0; d < 4; d++) {
            double[] v = new double[x.length];
            double vv = 0;
            for (int k = 0; k < v.length; k++) {
                v[k] = rng.nextGaussian();
                vv += v[k] * v[k];
            }
            double analytic = 0;
            for (int k = 0; k < v.length; k++) {
                v[k] /= Math.sqrt(vv);
                analytic += grad[k] * v[k];
            }
            double numeric = FiniteDifferences.directional(f::value, x, v);
            if (!(Math.abs(numeric - analytic) <= 1e-7 * Math.max(gradNorm, 1e-3))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Paper Definition 3.2 and its generalisation, as the shared {@link ParameterSpace} describes them: every
     * generated instance lies in the box it was drawn from (including {@code D > C} when the box asks for it), so the
     * properties and the counterexample search test the same problems.
     */
    @Property(seed = "20261124")
    void generatedProblemsLieInTheirSpace(@ForAll("spacesAndProblems") Tuple2<ParameterSpace, UjmProblem> drawn) {
        ParameterSpace space = drawn.get1();
        UjmProblem p = drawn.get2();
        Spaces.check(space.contains(p), () -> p + " is not in " + space.describe());
    }

    /** Small boxes of every shape, with a problem drawn from each. */
    @Provide
    Arbitrary<Tuple2<ParameterSpace, UjmProblem>> spacesAndProblems() {
        Arbitrary<Range> sizes = Arbitraries.integers().between(1, 6)
                .flatMap(lo -> Arbitraries.integers().between(lo, lo + 6).map(hi -> new Range(lo, hi)));
        Arbitrary<Range> classes = Arbitraries.integers().between(2, 5)
                .flatMap(lo -> Arbitraries.integers().between(lo, lo + 3).map(hi -> new Range(lo, hi)));
        Arbitrary<ParameterSpace> spaces = Combinators.combine(sizes, sizes, classes, Arbitraries.of(true, false))
                .as((dim, depth, cls, above) -> new ParameterSpace(
                        new Range(dim.min(), Math.max(dim.max(), cls.min() + 1)), depth, 1e-3, 1.0,
                        List.of(Loss.LOGISTIC, Loss.SQUARED), new Range(1, 3), cls, 0.5, 2.0, above));
        return spaces.flatMap(space -> Spaces.problems(space).map(p -> Tuple.of(space, p)));
    }
}
