package org.resalign.core.search;

/** What one solved instance says about a {@link Conjecture}. */
public enum Outcome {
    /** The claim holds at the solver's optimum. */
    HOLDS,
    /** The claim fails at a point where the conjecture speaks: a counterexample. */
    VIOLATED,
    /** The instance says nothing: the solver did not reach a stationary point, or the claim is undefined there. */
    INCONCLUSIVE
}
