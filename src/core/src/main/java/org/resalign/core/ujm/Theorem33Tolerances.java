package org.resalign.core.ujm;

import org.resalign.core.input.InvalidInputException;

/**
 * The tolerances of the Theorem 3.3 verdict (docs/definitions.md §verdict; defaults in {@link #DEFAULT}).
 *
 * @param counterexample objective below {@code alignedObjective} by more than this, relatively: a counterexample
 * @param objective      {@code |objective − alignedObjective| / |alignedObjective|} must not exceed this
 * @param rankOne        {@code σ₂/σ₁} of every Jacobian must not exceed this
 * @param alignment      every alignment cosine must be at least {@code 1 − alignment}
 * @param equalSingular  {@code max σ₁ / min σ₁} must not exceed {@code 1 + equalSingular}
 */
public record Theorem33Tolerances(double counterexample, double objective, double rankOne, double alignment,
                                  double equalSingular) implements java.io.Serializable {

    public static final Theorem33Tolerances DEFAULT = new Theorem33Tolerances(1e-10, 1e-8, 1e-6, 1e-6, 1e-6);

    public Theorem33Tolerances {
        double[] values = {counterexample, objective, rankOne, alignment, equalSingular};
        String[] names = {"counterexample", "objective", "rankOne", "alignment", "equalSingular"};
        for (int i = 0; i < values.length; i++) {
            InvalidInputException.require(values[i] >= 0 && Double.isFinite(values[i]), names[i], "the tolerance {"
                    + names[i] + "} must be finite and >= 0, got " + values[i]);
        }
    }
}
