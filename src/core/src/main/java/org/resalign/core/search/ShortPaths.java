package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.paths.PathShares;
import org.resalign.core.paths.UjmPaths;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmSolution;

/**
 * {@code short-paths}: Veit et al. (NeurIPS 2016, §5) find that a trained ResNet's effective paths are much shorter
 * than the network; asked of the UJM's optimum for one input and two classes: the effective path length of the
 * margin ({@link PathShares#effectiveLength}) is below {@code L/2}, the mean length of a path drawn at random.
 *
 * <p>At Theorem 3.3's aligned optimum the margin's shares are Binomial(L, s/(1+s)), so the claim is {@code s < 1}.
 * That fails for shallow networks with little regularisation and small inputs (the aligned family's {@code s} is
 * 1.66 at {@code L = 2}, {@code λ = 1e-3}, {@code ‖Δx‖ = 0.5}), so the box starts at {@code L = 4}, where the aligned
 * family's {@code s} stayed below 0.65 on a grid of the box: open, not proven.
 */
final class ShortPaths implements Conjecture {

    private static final About ABOUT = new About("short-paths",
            "For one input and two classes, the margin's effective path length at the optimum is below L/2",
            "Veit et al. 2016 §5 (effective paths are short); at the aligned optimum it is L·s/(1+s), so s < 1",
            Expectation.OPEN,
            new ParameterSpace(new ParameterSpace.Range(2, 12), new ParameterSpace.Range(4, 12), 1e-3, 1,
                    List.of(Loss.LOGISTIC), new ParameterSpace.Range(1, 1), new ParameterSpace.Range(2, 2), 0.5, 2,
                    false));

    @Override
    public About about() {
        return ABOUT;
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        int depth = solution.problem().depth();
        String measure = "effective path length / L";
        if (!Conjecture.stationary(solution)) {
            return Judgement.inconclusive(measure, 0.5, Conjecture.notStationary(solution), Map.of());
        }
        PathShares shares = UjmPaths.shares(solution, UjmPaths.parts(solution));
        double length = shares.effectiveLength() / depth;
        boolean holds = length < 0.5;
        return new Judgement(holds ? Outcome.HOLDS : Outcome.VIOLATED, measure, length, 0.5, 0.5 - length,
                String.format(Locale.ROOT, "effective path length %.4f of L = %d (%.3f·L)", shares.effectiveLength(),
                        depth, length),
                Map.of("effectivePathLength", shares.effectiveLength(), "shortestShare", shares.pathShare()[0],
                        "iterations", (double) solution.result().iterations()));
    }
}
