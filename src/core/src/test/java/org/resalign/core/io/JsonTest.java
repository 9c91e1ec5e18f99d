package org.resalign.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Json#comparable}: two runs' reports compared apart from wall times and the engine record; and a report read
 * back is the report written, its non-finite numbers included.
 */
class JsonTest {

    record Point(int dim, double seconds, double objective) {
    }

    record Engine(String name, long tasks) {
    }

    record Report(String verdict, double seconds, List<Point> rows, Engine engine) {
    }

    @Test
    void wallTimesAtAnyDepthAndTheEngineAreLeftOut() {
        Report a = new Report("holds", 1.5, List.of(new Point(16, 0.25, -0.5)), null);
        Report b = new Report("holds", 9.0, List.of(new Point(16, 3.0, -0.5)), new Engine("spark", 9));
        assertEquals(Json.comparable(a), Json.comparable(b));
        String text = Json.comparable(b);
        assertFalse(text.contains("seconds"), text);
        assertFalse(text.contains("engine"), text);
        assertTrue(text.contains("\"objective\" : -0.5"), text);
        // a tree is compared the same way as the record it was read from, and is not changed
        var tree = Json.mapper().valueToTree(b);
        assertEquals(Json.comparable(a), Json.comparable(tree));
        assertTrue(tree.get("rows").get(0).has("seconds"));
    }

    /** Negative control: a result that differs in its last bit is seen. */
    @Test
    void aResultThatDiffersIsSeen() {
        Report a = new Report("holds", 1.5, List.of(new Point(16, 0.25, -0.5)), null);
        Report b = new Report("holds", 1.5, List.of(new Point(16, 0.25, Math.nextUp(-0.5))), null);
        assertNotEquals(Json.comparable(a), Json.comparable(b));
        assertNotEquals(Json.comparable(a), Json.comparable(new Report("fails", 1.5, a.rows(), null)));
    }

    record Measures(double value, Double boxed, double[] values, List<Double> list) {
    }

    @Test
    void aNonFiniteNumberWrittenAsNullIsReadBackAsNaNNotAsZero() throws Exception {
        Measures m = new Measures(Double.NaN, Double.POSITIVE_INFINITY, new double[] {1.5, Double.NaN},
                java.util.Arrays.asList(Double.NEGATIVE_INFINITY, 2.0));
        String text = Json.toJson(m);
        assertTrue(text.contains("\"value\" : null"), text);
        Measures back = Json.mapper().readValue(text, Measures.class);
        assertTrue(Double.isNaN(back.value()), "a primitive null is NaN, not 0");
        assertEquals(null, back.boxed(), "a boxed null is the setting not given");
        assertEquals(1.5, back.values()[0], 0);
        assertTrue(Double.isNaN(back.values()[1]));
        assertEquals(null, back.list().get(0));
        assertEquals(2.0, back.list().get(1), 0);
        Measures absent = Json.mapper().readValue("{\"boxed\" : 2.5}", Measures.class);
        assertEquals(0.0, absent.value(), 0, "an absent double, from a file written before its field, is 0");
        Measures finite = new Measures(0.1, -3.0, new double[] {Math.nextUp(1.0)}, List.of(1e-300));
        assertEquals(Json.toJson(finite), Json.toJson(Json.mapper().readValue(Json.toJson(finite), Measures.class)),
                "finite numbers come back bit for bit");
    }
}
