package org.resalign.proofs;

/**
 * The audit of one step and its false twin.
 *
 * @param id       the step's name
 * @param paperRef where it is in the paper
 * @param claim    the step
 * @param method   how it was checked
 * @param status   holds or fails
 * @param evidence what the check found
 * @param twin     what the false twin's check found
 * @param seconds  wall time of both checks
 */
public record StepResult(String id, String paperRef, String claim, Method method, Status status, Evidence evidence,
                         TwinResult twin, double seconds) {

    /** True when the step holds and its twin is refuted. */
    public boolean passes() {
        return status == Status.HOLDS && twin.status() == Status.REFUTED;
    }

    /**
     * The audit of a false twin.
     *
     * @param claim    the false statement
     * @param flaw     how it differs from the true step
     * @param method   how it was refuted
     * @param status   refuted, or not refuted (a defect of the checker or of the twin)
     * @param evidence the counterexample
     */
    public record TwinResult(String claim, Flaw flaw, Method method, Status status, Evidence evidence) {
    }
}
