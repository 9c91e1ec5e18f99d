package org.resalign.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Json#comparable}: two runs' reports compared apart from wall times and the engine record. */
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
}
