package org.resalign.proofs;

import java.util.List;

/**
 * The audit of one theorem's proof.
 *
 * @param theorem   "3.1" or "3.3"
 * @param statement the theorem, short
 * @param section   where statement and proof are in the paper
 * @param passes    every step holds and every false twin is refuted
 * @param steps     the steps in the order of the proof
 * @param notes     where the paper's text is wrong or unclear
 */
public record TheoremAudit(String theorem, String statement, String section, boolean passes, List<StepResult> steps,
                           List<PaperNote> notes) {
}
