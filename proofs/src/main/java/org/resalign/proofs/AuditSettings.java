package org.resalign.proofs;

import java.util.random.RandomGenerator;

import org.resalign.core.seed.Seeds;

/**
 * How hard the audit looks.
 *
 * @param seed     the seed of every random instance (each step's stream also takes the step's name, so steps draw
 *                 independently)
 * @param thorough longer sweeps: about ten times the instances, larger sizes
 */
public record AuditSettings(long seed, boolean thorough) {

    /** The default: seed 0, the quick sweeps. */
    public static final AuditSettings DEFAULT = new AuditSettings(0, false);

    /** {@code quick} instances by default, {@code deep} in thorough mode. */
    public int count(int quick, int deep) {
        return thorough ? deep : quick;
    }

    /** The random stream of one check, named by its step (and "/twin" for the false twin). */
    public RandomGenerator random(String name) {
        return Seeds.stream(seed, Seeds.Purpose.PROOF_AUDIT, name.hashCode());
    }
}
