package org.resalign.core.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.resalign.core.paths.UjmPaths;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmSolution;

/**
 * {@code lesion-robust}: Veit et al. (NeurIPS 2016, §4) find that deleting one block of a trained ResNet barely
 * changes its accuracy; asked of the UJM's optimum for {@code N = 2..6} inputs and two classes: deleting any one block
 * ({@code J_i = 0}) leaves every input's margin positive, so the lesioned model still classifies every input.
 *
 * <p>For one input, Theorem 3.3's aligned optimum divides the margin by {@code 1+s} whichever block is deleted, so the
 * claim holds there; for several inputs the optimum is not rank one and nothing is proven: open. The measure is the
 * smallest ratio of a lesioned margin to the whole one, over blocks and inputs, which must stay above 0.
 */
final class LesionRobust implements Conjecture {

    private static final About ABOUT = new About("lesion-robust",
            "For N = 2–6 inputs and two classes, deleting any one block (J_i = 0) at the optimum leaves every input's "
                    + "margin positive",
            "Veit et al. 2016 §4 (lesions barely hurt a ResNet); for N = 1 the margin is divided by 1+s (Theorem 3.3)",
            Expectation.OPEN,
            new ParameterSpace(new ParameterSpace.Range(2, 12), new ParameterSpace.Range(2, 10), 1e-3, 1,
                    List.of(Loss.LOGISTIC), new ParameterSpace.Range(2, 6), new ParameterSpace.Range(2, 2), 0.5, 2,
                    false));

    @Override
    public About about() {
        return ABOUT;
    }

    @Override
    public Judgement judge(UjmSolution solution) {
        String measure = "min over blocks and inputs of lesioned margin / margin";
        if (!Conjecture.stationary(solution)) {
            return Judgement.inconclusive(measure, 0, Conjecture.notStationary(solution), Map.of());
        }
        double[][] ratios = UjmPaths.lesionRatios(solution);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int block = -1;
        for (int i = 0; i < ratios.length; i++) {
            for (double r : ratios[i]) {
                if (r < min) {
                    min = r;
                    block = i + 1;
                }
                max = Math.max(max, r);
            }
        }
        if (Double.isNaN(min) || Double.isNaN(max)) {
            return Judgement.inconclusive(measure, 0, "a lesioned margin is NaN", Map.of());
        }
        boolean holds = min > 0;
        return new Judgement(holds ? Outcome.HOLDS : Outcome.VIOLATED, measure, min, 0, min,
                String.format(Locale.ROOT, "the smallest lesioned margin is %.4g of the whole (block %d deleted); "
                        + "the largest %.4g", min, block, max),
                Map.of("minLesionRatio", min, "maxLesionRatio", max, "block", (double) block,
                        "iterations", (double) solution.result().iterations()));
    }
}
