package org.resalign.properties;

import java.util.random.RandomGenerator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.resalign.core.check.FiniteDifferences;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.Seeds;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * The UJM gradient (paper Definition 3.2, backward pass) equals Richardson-extrapolated central differences along
 * random directions, over random D, L, N, C, λ, input norm and loss. A failure shrinks to the smallest such instance.
 */
class UjmGradientProperties {

    @Provide
    Arbitrary<UjmProblem> problems() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(1, 12);
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 8);
        Arbitrary<Double> lambda = Arbitraries.of(0.0, 1e-3, 1e-2, 1e-1, 1.0);
        Arbitrary<Loss> loss = Arbitraries.of(Loss.class);
        Arbitrary<Integer> samples = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> classes = Arbitraries.integers().between(2, 5);
        Arbitrary<Double> norm = Arbitraries.of(0.3, 1.0, 2.5);
        Arbitrary<Long> seed = Arbitraries.longs().between(0, 1_000_000);
        return Combinators.combine(dim, depth, lambda, loss, samples, classes, norm, seed)
                .as(UjmProblem::new);
    }

    @Property(tries = 150, seed = "20261123")
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
}
