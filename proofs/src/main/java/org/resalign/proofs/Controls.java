package org.resalign.proofs;

import org.hipparchus.fraction.BigFraction;

/**
 * The audit's own negative control: a planted step whose "true" claim is false and whose "false twin" is true. The
 * checker must report the step as failing and the twin as not refuted, or it cannot tell a proof from a wrong constant.
 */
public final class Controls {

    private Controls() {
    }

    /** App. A's S_{i,1} = 1/4, as the copy read here has it, planted as a true step, with the correct telescoping product as its "twin". */
    public static Step planted() {
        return new Step("control", "App. A, as printed", "Π_{i=1}^{k−1} (1 + 1/4) = k for every k ≥ 1 (planted "
                + "false claim)", Method.EXACT, s -> product(new BigFraction(1, 4), "1/4"),
                new Step.Twin("Π_{i=1}^{k−1} (1 + 1/i) = k is false (planted true claim)", Flaw.AS_READ,
                        Method.EXACT, s -> product(null, "1/i")));
    }

    /** Checks Π_{i=1}^{k−1}(1 + c_i) = k for k = 1…200, with c_i = constant, or 1/i when constant is null. */
    private static Evidence product(BigFraction constant, String name) {
        BigFraction p = BigFraction.ONE;
        for (int k = 1; k <= 200; k++) {
            if (!p.equals(new BigFraction(k))) {
                return Evidence.refuted(k, Evidence.witness("k", k, "Π(1 + " + name + ")", Rationals.text(p)),
                        "the product is not k");
            }
            p = p.multiply(BigFraction.ONE.add(constant != null ? constant : new BigFraction(1, k)));
        }
        return Evidence.held(200, "exact equality", 0, 0, "Π(1 + " + name + ") = k for k = 1…200");
    }
}
