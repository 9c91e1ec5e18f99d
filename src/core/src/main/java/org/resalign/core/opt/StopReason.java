package org.resalign.core.opt;

/** Why a minimiser stopped. */
public enum StopReason {
    /** The gradient-norm test of {@link StoppingCriteria} was met. */
    GRADIENT_TOLERANCE,
    /** The relative-change test of {@link StoppingCriteria} was met. */
    RELATIVE_CHANGE,
    /** The iteration budget ran out first. */
    MAX_ITERATIONS,
    /** The line search could not make progress (the iterate is optimal to rounding, or the function is not smooth). */
    LINE_SEARCH_FAILED
}
