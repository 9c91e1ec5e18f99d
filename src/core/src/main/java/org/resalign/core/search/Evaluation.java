package org.resalign.core.search;

import org.resalign.core.ujm.UjmSolveReport;

/**
 * One instance the search solved and judged.
 *
 * @param index      0-based position in the search (shrinking steps are not counted)
 * @param phase      {@code random}, {@code adaptive} (a neighbour of one of the closest instances) or {@code shrink}
 * @param inputs     the {@code ujm solve} inputs that reproduce it
 * @param objective  the solver's final objective
 * @param stopReason why the solver stopped
 * @param judgement  the conjecture's verdict
 * @param seconds    wall time of the solve and the judgement
 */
public record Evaluation(int index, String phase, UjmSolveReport.Inputs inputs, double objective, String stopReason,
                         Judgement judgement, double seconds) implements java.io.Serializable {
}
