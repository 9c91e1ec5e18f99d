package org.resalign.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.search.Conjecture;
import org.resalign.core.search.CounterexampleSearch;
import org.resalign.core.search.SearchReport;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.Theorem33Sweep;
import org.resalign.core.ujm.UjmProblem;

/**
 * A search gives the same report wherever its instances are solved: here on an engine that does what a cluster does
 * to them (each unit and the task serialized, shipped and read back, the units run in reverse order, some twice as
 * a retried task would be), against this JVM's.
 */
class UnitEngineTest {

    /** Serializes every task and unit as a remote engine must, runs them last first, and runs every third twice. */
    static class ShippingEngine implements UnitEngine {
        int jobs;
        long tasks;

        @Override
        public <T extends Serializable, R extends Serializable> List<R> map(List<T> units, Task<T, R> task) {
            jobs++;
            List<R> out = new ArrayList<>(units.size());
            for (int k = 0; k < units.size(); k++) {
                out.add(null);
            }
            for (int k = units.size() - 1; k >= 0; k--) {
                @SuppressWarnings("unchecked")
                Task<T, R> shipped = (Task<T, R>) copy(task);
                @SuppressWarnings("unchecked")
                T unit = (T) copy(units.get(k));
                R first = shipped.apply(unit);
                tasks++;
                if (k % 3 == 0) {
                    first = shipped.apply(unit);
                    tasks++;
                }
                @SuppressWarnings("unchecked")
                R back = (R) copy(first);
                out.set(k, back);
            }
            return out;
        }

        @Override
        public EngineRecord record() {
            return new EngineRecord("shipping", "1", "test", 1, jobs, tasks, tasks - jobs);
        }

        @Override
        public void close() {
        }
    }

    static Object copy(Object o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aShippedSearchReportsWhatTheInProcessSearchReports() {
        // thm33 at 140 instances: a random phase of 72 in two jobs (64 and 8), then 17 adaptive rounds of 4; the other at
        // 70: one random job of 36, then 9 rounds
        for (String name : List.of("thm33", "rank-le-classes")) {
            int budget = name.equals("thm33") ? 140 : 70;
            CounterexampleSearch.Settings s = new CounterexampleSearch.Settings(budget, 3, 1, 4);
            SearchReport here = CounterexampleSearch.run(Conjecture.named(name), s, e -> { }).report();
            ShippingEngine engine = new ShippingEngine();
            SearchReport shipped = CounterexampleSearch.run(Conjecture.named(name), s, engine, e -> { }).report();
            assertNull(here.engine());
            assertEquals("shipping", shipped.engine().name());
            assertEquals(budget == 140 ? 19 : 10, engine.jobs, name);
            assertEquals(Json.comparable(here), Json.comparable(shipped), name);
            assertEquals(budget, here.evaluated());
            assertTrue(here.evaluations().stream().anyMatch(e -> e.phase().equals("adaptive")), name);
        }
    }

    /** Negative control: the comparison sees an engine that hands results back out of order. */
    @Test
    void anEngineThatReordersResultsIsCaught() {
        UnitEngine shuffling = new ShippingEngine() {
            @Override
            public <T extends Serializable, R extends Serializable> List<R> map(List<T> units, Task<T, R> task) {
                List<R> out = new ArrayList<>(super.map(units, task));
                java.util.Collections.reverse(out);
                return out;
            }
        };
        CounterexampleSearch.Settings s = new CounterexampleSearch.Settings(12, 3, 1, 4);
        String here = Json.comparable(CounterexampleSearch.run(Conjecture.named("thm33"), s, e -> { }).report());
        SearchReport r = CounterexampleSearch.run(Conjecture.named("thm33"), s, shuffling, e -> { }).report();
        assertNotEquals(here, Json.comparable(r));
    }

    @Test
    void noMasterIsThisJvmAndAMasterWithoutTheSparkModuleIsBadInput() {
        assertEquals(UnitEngine.IN_PROCESS, UnitEngines.open(null));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> UnitEngines.open("local[2]"));
        assertEquals("master", e.parameter());
        assertTrue(e.getMessage().contains("local[2]") && e.getMessage().contains("bin/resalign"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> UnitEngines.open(" "));
    }

    /** A Theorem 3.3 sweep shipped point by point gives this JVM's points, in the grid's order. */
    @Test
    void aShippedSweepGivesTheInProcessPoints() {
        List<UjmProblem> grid = new ArrayList<>();
        for (int d : new int[] {3, 6}) {
            for (int depth : new int[] {1, 4}) {
                grid.add(UjmProblem.binary(d, depth, 0.1, Loss.LOGISTIC, 1, 2));
            }
        }
        int[] done = new int[2];
        List<Theorem33Sweep.Point> here = Theorem33Sweep.run(grid, SolverKind.LBFGS, 2, UnitEngine.IN_PROCESS,
                () -> done[0]++);
        ShippingEngine engine = new ShippingEngine();
        List<Theorem33Sweep.Point> shipped = Theorem33Sweep.run(grid, SolverKind.LBFGS, 2, engine, () -> done[1]++);
        assertEquals(1, engine.jobs);
        assertEquals(4, done[0]);
        assertEquals(4, done[1]);
        assertEquals(Json.comparable(here), Json.comparable(shipped));
        assertEquals(List.of(3, 3, 6, 6), shipped.stream().map(Theorem33Sweep.Point::dim).toList());
        assertTrue(here.stream().allMatch(p -> p.verdict().equals("holds")), Json.comparable(here));
        // negative control: another solver seed starts elsewhere, and the comparison sees it
        assertNotEquals(Json.comparable(here), Json.comparable(Theorem33Sweep.run(grid, SolverKind.LBFGS, 3,
                UnitEngine.IN_PROCESS, () -> { })));
    }
}
