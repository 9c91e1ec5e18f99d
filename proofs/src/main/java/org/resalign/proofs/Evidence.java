package org.resalign.proofs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one check found about one claim.
 *
 * @param holds          true when the claim held on everything checked; false when a counterexample was found
 * @param instances      how many instances were checked (1 for a symbolic identity or a single witness)
 * @param measure        what {@code worst} measures, e.g. "min (bound − trace)/bound" or "max relative error"
 * @param worst          the worst value of the measure over the instances (NaN, written as null, when there is none)
 * @param tolerance      the tolerance the measure was held to (0 for symbolic and exact checks)
 * @param counterexample the instance that refutes the claim, empty when it holds
 * @param detail         one line: the identity that simplified to zero, the instance family, the witness
 */
public record Evidence(boolean holds, int instances, String measure, double worst, double tolerance,
                       Map<String, Object> counterexample, String detail) {

    public Evidence {
        counterexample = Collections.unmodifiableMap(new LinkedHashMap<>(counterexample));
    }

    /** The claim held: an identity simplified to zero, or every instance of a rational or numeric check passed. */
    public static Evidence held(int instances, String measure, double worst, double tolerance, String detail) {
        return new Evidence(true, instances, measure, worst, tolerance, Map.of(), detail);
    }

    /** A symbolic identity that held for all values of its symbols. */
    public static Evidence identity(String detail) {
        return held(1, "symbolic", Double.NaN, 0, detail);
    }

    /** The claim failed on {@code counterexample} (keys in insertion order). */
    public static Evidence refuted(int instances, Map<String, Object> counterexample, String detail) {
        if (counterexample.isEmpty()) {
            throw new IllegalArgumentException("a refutation needs its counterexample");
        }
        return new Evidence(false, instances, "counterexample", Double.NaN, 0, counterexample, detail);
    }

    /** An ordered map for a counterexample: key, value, key, value, … */
    public static Map<String, Object> witness(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
