package org.resalign.proofs;

import java.util.List;
import java.util.Map;

/**
 * The whole proof audit, as {@code resalign proofs} writes it.
 *
 * @param command      "proofs"
 * @param inputs       the theorems audited, the seed and the mode
 * @param versions     resalign's, the numerical libraries' and the JVM's
 * @param seconds      wall time
 * @param verdict      "holds" when every true step holds and every false twin is refuted, else "fails"
 * @param stepsHolding true steps that hold
 * @param steps        true steps in all
 * @param twinsRefuted false twins refuted
 * @param theorems     one audit per theorem
 */
public record AuditReport(String command, Inputs inputs, Map<String, String> versions, double seconds, String verdict,
                          int stepsHolding, int steps, int twinsRefuted, List<TheoremAudit> theorems) {

    /**
     * @param theorems which theorems were audited
     * @param seed     the seed of the random instances
     * @param thorough whether the longer sweeps ran
     */
    public record Inputs(List<String> theorems, long seed, boolean thorough) {
    }

    /** True when every true step holds and every false twin is refuted. */
    public boolean passes() {
        return "holds".equals(verdict);
    }
}
