package org.resalign.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

class CounterexampleSearchTest {

    @TempDir
    Path tmp;

    /**
     * A planted conjecture over thm33's box that fails exactly when {@code D ≥ 9} and {@code L ≥ 4}; its slack is the
     * integer distance to that corner, so the adaptive phase can walk toward it.
     */
    private static final class Corner implements Conjecture {
        @Override
        public About about() {
            return new About("corner", "D < 9 or L < 4", "planted", Expectation.FALSE,
                    Conjecture.named("thm33").space());
        }

        @Override
        public Judgement judge(UjmSolution s) {
            UjmProblem p = s.problem();
            double slack = Math.max(0, 9 - p.dim()) + Math.max(0, 4 - p.depth()) - 0.5;
            return new Judgement(slack < 0 ? Outcome.VIOLATED : Outcome.HOLDS, "distance", slack, 0, slack, "",
                    Map.of());
        }
    }

    @Test
    void plantedCornerIsFoundAndShrunkToItsExactEdge() {
        Corner corner = new Corner();
        CounterexampleSearch.Result r = CounterexampleSearch.run(corner,
                new CounterexampleSearch.Settings(40, 5, 2, 60), e -> { });
        SearchReport report = r.report();
        assertEquals("counterexample", report.verdict());
        assertTrue(report.violated() > 0);
        assertEquals(2, r.counterexamples().size());
        for (Counterexample c : r.counterexamples()) {
            // Greedy shrinking must stop at the corner itself: D = 9, L = 4, round λ, unit norm, seed 0.
            assertEquals(9, c.inputs().dim());
            assertEquals(4, c.inputs().depth());
            assertEquals(1.0, c.inputs().inputNorm());
            assertEquals(0, c.inputs().seed());
            assertEquals(CounterexampleSearch.round(c.inputs().lambda()), c.inputs().lambda());
            assertNotNull(c.shrunkFrom());
        }
        assertEquals(List.of("counterexample-01.json", "counterexample-02.json"), report.counterexamples());
        long adaptive = report.evaluations().stream().filter(e -> e.phase().equals("adaptive")).count();
        assertEquals(20, adaptive);
        for (SearchReport.Coverage c : report.coverage()) {
            assertEquals(40, c.counts().values().stream().mapToInt(Integer::intValue).sum(), c.parameter());
            assertTrue(c.hit() <= c.total());
        }
    }

    @Test
    void inverseDepthIsRefutedByEveryStationaryInstance() {
        CounterexampleSearch.Result r = CounterexampleSearch.run(Conjecture.named("inverse-depth"),
                new CounterexampleSearch.Settings(8, 0, 1, 30), e -> { });
        assertEquals(8, r.report().violated());
        Counterexample c = r.counterexamples().get(0);
        assertEquals(2, c.inputs().dim()); // the smallest D and L of the box
        assertEquals(3, c.inputs().depth());
        assertEquals(Outcome.VIOLATED, c.judgement().outcome());
    }

    @Test
    void thm33FindsNothingAndCountsItsCoverage() {
        SearchReport r = CounterexampleSearch.run(Conjecture.named("thm33"),
                new CounterexampleSearch.Settings(16, 2, 3, 10), e -> { }).report();
        assertEquals("none-found", r.verdict());
        assertEquals(0, r.violated());
        assertTrue(r.success());
        assertEquals(16, r.evaluated());
        assertNotNull(r.closest());
        assertEquals(0, r.shrinkEvaluations());
    }

    @Test
    void sameSeedGivesIdenticalJsonApartFromWallTimes() {
        CounterexampleSearch.Settings s = new CounterexampleSearch.Settings(12, 9, 1, 8);
        String a = Json.comparable(CounterexampleSearch.run(Conjecture.named("rank-le-classes"), s, e -> { }).report());
        String b = Json.comparable(CounterexampleSearch.run(Conjecture.named("rank-le-classes"), s, e -> { }).report());
        assertEquals(a, b);
        String c = Json.comparable(CounterexampleSearch.run(Conjecture.named("rank-le-classes"),
                new CounterexampleSearch.Settings(12, 10, 1, 8), e -> { }).report());
        assertFalse(a.equals(c), "another seed must draw other instances");
    }

    @Test
    void aCounterexampleFileReplaysBitForBit() throws Exception {
        CounterexampleSearch.Result r = CounterexampleSearch.run(Conjecture.named("inverse-depth"),
                new CounterexampleSearch.Settings(4, 3, 1, 0), e -> { });
        Counterexample stored = r.counterexamples().get(0);
        assertNull(stored.shrunkFrom());
        Path file = tmp.resolve("c.json");
        Json.write(file, stored);
        Counterexample read = Replay.read(file);
        assertEquals(stored.inputs(), read.inputs());
        UjmSolution again = UjmSolver.solve(read.inputs().problem(), read.inputs().settings(), IterationMonitor.NONE);
        Replay replay = Replay.of(file, read, again);
        assertTrue(replay.confirmed());
        assertTrue(replay.identicalObjective());
        assertEquals(stored.judgement().value(), replay.judgement().value(), 0.0);
    }

    @Test
    void replayRejectsFilesThatAreNotCounterexamples() throws Exception {
        Path missing = tmp.resolve("missing.json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Replay.read(missing)).getMessage()
                .contains("no such file"));
        Path garbage = tmp.resolve("garbage.json");
        Files.writeString(garbage, "{\"conjecture\": \"thm33\", ");
        assertThrows(IllegalArgumentException.class, () -> Replay.read(garbage));
        CounterexampleSearch.Result r = CounterexampleSearch.run(Conjecture.named("inverse-depth"),
                new CounterexampleSearch.Settings(1, 0, 1, 0), e -> { });
        String good = Json.toJson(r.counterexamples().get(0));
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, good.replace("\"inverse-depth\"", "\"no-such-claim\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Replay.read(unknown)).getMessage()
                .contains("unknown conjecture"));
        Path negative = tmp.resolve("negative.json");
        Files.writeString(negative, good.replaceFirst("\"dim\" : \\d+", "\"dim\" : -3"));
        InvalidInputException dim = assertThrows(InvalidInputException.class, () -> Replay.read(negative));
        assertEquals("counterexampleFile", dim.parameter());
        assertTrue(dim.getMessage().contains("dim must be a positive integer, got -3"), dim.getMessage());
    }

    @Test
    void settingsRejectBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new CounterexampleSearch.Settings(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CounterexampleSearch.Settings(5, 0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CounterexampleSearch.Settings(5, 0, 1, -1));
    }

    @Test
    void roundKeepsOneSignificantDigit() {
        assertEquals(0.02, CounterexampleSearch.round(0.0237));
        assertEquals(0.8, CounterexampleSearch.round(0.81128904));
        assertEquals(3.0, CounterexampleSearch.round(3.4));
    }
}
