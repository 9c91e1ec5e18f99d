package org.resalign.core.ujm;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The conditions of the Theorem 3.3 verdict (paper §3.3, Appendix B), in the order docs/definitions.md §verdict lists
 * them. Each is stated as a deficit that must not exceed its tolerance, so that one comparison
 * ({@code measured ≤ threshold}, {@link Theorem33Check}) decides every condition and the distance from the threshold
 * reads the same way for all of them.
 */
public enum Theorem33Condition {
    /** (a) {@code −(objective − alignedObjective)/|alignedObjective| ≤ counterexample}; failing it is a counterexample. */
    NOT_BELOW_ALIGNED("notBelowAligned", 'a', "not below aligned optimum", "−gap"),
    /** (b) {@code |objective − alignedObjective|/|alignedObjective| ≤ objective}. */
    OBJECTIVE_GAP("objectiveGap", 'b', "equals aligned optimum", "|gap|"),
    /** (c) {@code max_i σ₂(J_i)/σ₁(J_i) ≤ rankOne}. */
    RANK_ONE("rankOne", 'c', "rank one", "max σ₂/σ₁"),
    /** (d) {@code 1 − min_i |⟨u₁(J_i), v₁(J_i)⟩| ≤ alignment}. */
    LEFT_RIGHT_ALIGNMENT("leftRightAlignment", 'd', "u₁ ∥ v₁ in every layer", "1 − min |⟨u₁,v₁⟩|"),
    /** (d) {@code 1 − min_{i,j} |⟨u₁(J_i), u₁(J_j)⟩| ≤ alignment}. */
    CROSS_LAYER_ALIGNMENT("crossLayerAlignment", 'd', "u₁ aligned across layers", "1 − min |⟨u₁(J_i),u₁(J_j)⟩|"),
    /** (d) {@code 1 − min_i |⟨u₁(J_i), Δx/‖Δx‖⟩| ≤ alignment}. */
    INPUT_ALIGNMENT("inputAlignment", 'd', "u₁ ∥ Δx", "1 − min |⟨u₁,Δx̂⟩|"),
    /** (d) {@code 1 − |cos(w, Δx)| ≤ alignment}. */
    CLASSIFIER_PARALLEL_TO_INPUT("classifierParallelToInput", 'd', "w ∥ Δx", "1 − |cos(w,Δx)|"),
    /** (e) {@code max_i σ₁(J_i) / min_i σ₁(J_i) − 1 ≤ equalSingular}. */
    EQUAL_TOP_SINGULAR_VALUES("equalTopSingularValues", 'e', "equal top singular values", "max/min σ₁ − 1");

    private final String key;
    private final char clause;
    private final String statement;
    private final String deficit;

    Theorem33Condition(String key, char clause, String statement, String deficit) {
        this.key = key;
        this.clause = clause;
        this.statement = statement;
        this.deficit = deficit;
    }

    /** The stable name in JSON and in {@link Theorem33Verdict#failures()}. */
    @JsonValue
    public String key() {
        return key;
    }

    /** The clause of docs/definitions.md §verdict, {@code 'a'} to {@code 'e'}. */
    public char clause() {
        return clause;
    }

    /** What the condition asserts, in words. */
    public String statement() {
        return statement;
    }

    /** The measured deficit, as a formula. */
    public String deficit() {
        return deficit;
    }

    /** The tolerance this condition is held to. */
    public double threshold(Theorem33Tolerances tol) {
        return switch (this) {
            case NOT_BELOW_ALIGNED -> tol.counterexample();
            case OBJECTIVE_GAP -> tol.objective();
            case RANK_ONE -> tol.rankOne();
            case LEFT_RIGHT_ALIGNMENT, CROSS_LAYER_ALIGNMENT, INPUT_ALIGNMENT, CLASSIFIER_PARALLEL_TO_INPUT ->
                    tol.alignment();
            case EQUAL_TOP_SINGULAR_VALUES -> tol.equalSingular();
        };
    }
}
