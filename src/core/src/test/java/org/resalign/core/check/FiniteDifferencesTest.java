package org.resalign.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FiniteDifferencesTest {

    /** Closed form: d/dt exp(aᵀ(x+tv)) at t = 0 is exp(aᵀx)·aᵀv. */
    @Test
    void matchesTheClosedFormToFourthOrder() {
        double[] a = {0.3, -1.2, 0.7};
        double[] x = {0.5, 0.1, -0.4};
        double[] v = {1, 2, -1};
        double ax = 0.3 * 0.5 - 1.2 * 0.1 - 0.7 * 0.4;
        double av = 0.3 - 2.4 - 0.7;
        double exact = Math.exp(ax) * av;
        double richardson = FiniteDifferences.directional(y -> Math.exp(a[0] * y[0] + a[1] * y[1] + a[2] * y[2]), x,
                v);
        double central = FiniteDifferences.central(y -> Math.exp(a[0] * y[0] + a[1] * y[1] + a[2] * y[2]), x, v,
                FiniteDifferences.STEP);
        assertEquals(exact, richardson, 1e-11 * Math.abs(exact));
        // the plain central difference has an O(h²) error that Richardson removes: a check that can tell them apart
        assertTrue(Math.abs(central - exact) > 100 * Math.abs(richardson - exact));
    }
}
