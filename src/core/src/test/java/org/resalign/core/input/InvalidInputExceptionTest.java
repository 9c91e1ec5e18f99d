package org.resalign.core.input;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;

class InvalidInputExceptionTest {

    @Test
    void namesEveryParameterAndLetsAFrontEndSpellThem() {
        InvalidInputException e = new InvalidInputException("rank", "{rank} must be between 1 and {dim} (64), got 65");
        assertEquals("rank must be between 1 and dim (64), got 65", e.getMessage());
        assertEquals("--rank must be between 1 and --dim (64), got 65", e.message(n -> "--" + n));
        assertEquals("rank", e.parameter());
        assertEquals(List.of("rank", "dim"), e.parameters());
    }

    /** Text from the user is a value, never read as a name or a format: braces and percent signs stay as they are. */
    @Test
    void userTextIsNeverReadAsAName() {
        InvalidInputException e = new InvalidInputException("loss", "unknown {loss} '%s'", "{dim}%n%s");
        assertEquals("unknown loss '{dim}%n%s'", e.getMessage());
        assertEquals("unknown --loss '{dim}%n%s'", e.message(n -> "--" + n));
        assertEquals(List.of("loss"), e.parameters());
        InvalidInputException noValues = new InvalidInputException("k", "{k} is 100% too large");
        assertEquals("k is 100% too large", noValues.getMessage());
    }

    /** Negative control: a message that does not name its parameter is a programming error, not bad input. */
    @Test
    void aMessageMustNameItsParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InvalidInputException("rank", "the rank must be positive"));
        assertEquals(IllegalArgumentException.class, e.getClass());
        // and so is a value slot without its value, or a value without its slot
        assertEquals(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                () -> new InvalidInputException("loss", "unknown {loss} '%s'")).getClass());
        assertEquals(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                () -> new InvalidInputException("loss", "unknown {loss}", "hinge")).getClass());
    }

    @Test
    void requireThrowsOnlyWhenTheConditionFails() {
        assertDoesNotThrow(() -> InvalidInputException.require(true, "k", "{k} bad"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InvalidInputException.require(false, "k", "{k} bad"));
        assertEquals("k bad", e.getMessage());
        IOException cause = new IOException("disk");
        assertSame(cause, new InvalidInputException("k", "{k}").causedBy(cause).getCause());
    }

    /** The records users build throw it, naming their own components. */
    @Test
    void recordsNameTheirComponents() {
        InvalidInputException dim = assertThrows(InvalidInputException.class,
                () -> new UjmProblem(0, 4, 1e-2, Loss.LOGISTIC, 1, 2, 1.0, 0));
        assertEquals("dim", dim.parameter());
        InvalidInputException max = assertThrows(InvalidInputException.class,
                () -> SolverSettings.defaults(SolverKind.LBFGS, 0).withMaxIterations(-1));
        assertEquals("maxIterations", max.parameter());
        assertEquals("maxIterations must be >= 0, got -1", max.getMessage());
        InvalidInputException loss = assertThrows(InvalidInputException.class, () -> Loss.parse("hinge"));
        assertEquals("loss", loss.parameter());
    }

    /** Every parser of a name the user types quotes what was typed. */
    @Test
    void unknownNamesAreQuoted() {
        for (Runnable parse : List.<Runnable>of(() -> Loss.parse("x{y}%s"), () -> SolverKind.parse("x{y}%s"),
                () -> org.resalign.core.search.Conjecture.named("x{y}%s"),
                () -> org.resalign.core.thm31.Violation.parse("x{y}%s"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, parse::run);
            assertTrue(e.getMessage().contains("'x{y}%s'"), e.getMessage());
        }
    }
}
