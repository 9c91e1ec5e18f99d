package org.resalign.core.search;

import java.util.Map;

import org.resalign.core.ujm.UjmSolveReport;

/**
 * A counterexample file: everything {@code resalign ujm solve --replay FILE} needs to re-run the instance and judge it
 * again.
 *
 * @param command      {@code search}
 * @param conjecture   the conjecture's name
 * @param statement    the claim it breaks
 * @param inputs       the {@code ujm solve} inputs
 * @param objective    the solver's objective when it was found (a replay must reproduce it bit for bit)
 * @param judgement    the conjecture's verdict when it was found
 * @param shrunkFrom   the inputs it was shrunk from, or {@code null} if it was found as it is
 * @param versions     library versions
 */
public record Counterexample(String command, String conjecture, String statement, UjmSolveReport.Inputs inputs,
                             double objective, Judgement judgement, UjmSolveReport.Inputs shrunkFrom,
                             Map<String, String> versions) {
}
