package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Symja wrapper: identities hold, non-identities are refuted with their difference, and nothing leaks. */
class SymbolicTest {

    @Test
    void anIdentityHoldsAndANonIdentityIsRefuted() {
        assertTrue(Symbolic.identity("", "Expand", "(a + b)^2", "a^2 + 2*a*b + b^2").holds());
        Evidence wrong = Symbolic.identity("", "Expand", "(a + b)^2", "a^2 + b^2");
        assertFalse(wrong.holds());
        assertEquals("2*a*b", wrong.counterexample().get("lhs − rhs"));
    }

    @Test
    void assignmentsStayInsideTheirBlock() {
        assertTrue(Symbolic.identity("x = {1, 2}", "Expand", "x.x", "5").holds());
        assertEquals("x", Symbolic.eval("x"), "x is unassigned again");
    }

    @Test
    void aMessageFromSymjaIsAnErrorNotAPass() {
        assertThrows(IllegalStateException.class, () -> Symbolic.eval("{1, 2} + {1, 2, 3}"));
    }
}
