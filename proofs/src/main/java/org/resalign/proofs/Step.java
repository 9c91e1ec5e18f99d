package org.resalign.proofs;

import java.util.Objects;

/**
 * One step of a proof as a checked claim, with a deliberately false twin beside it.
 *
 * @param id       a short name used in the Markdown proof and the JSON, e.g. "A6"
 * @param paperRef where the step is in the paper, e.g. "App. A, eq. (2)"
 * @param claim    the step as a statement, in the paper's notation
 * @param method   how the check works
 * @param check    the check: returns what it found
 * @param twin     the false twin the checker must refute
 */
public record Step(String id, String paperRef, String claim, Method method, Check check, Twin twin) {

    public Step {
        Objects.requireNonNull(id);
        Objects.requireNonNull(paperRef);
        Objects.requireNonNull(claim);
        Objects.requireNonNull(method);
        Objects.requireNonNull(check);
        Objects.requireNonNull(twin);
    }

    /** A claim's check: deterministic for given settings. */
    @FunctionalInterface
    public interface Check {
        Evidence run(AuditSettings settings);
    }

    /**
     * A false claim beside a true step.
     *
     * @param claim  the false statement
     * @param flaw   how it differs from the true step
     * @param method how the checker refutes it
     * @param check  the check, which must return a counterexample ({@code holds == false})
     */
    public record Twin(String claim, Flaw flaw, Method method, Check check) {

        public Twin {
            Objects.requireNonNull(claim);
            Objects.requireNonNull(flaw);
            Objects.requireNonNull(method);
            Objects.requireNonNull(check);
        }
    }
}
