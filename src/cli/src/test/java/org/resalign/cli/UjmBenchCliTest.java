package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code resalign ujm bench}: bad input and the command line it starts (the timing itself is not asserted). */
class UjmBenchCliTest {

    @Test
    void badInputIsOneLineAndExitTwo() {
        for (String[] args : List.of(new String[]{"ujm", "bench", "--repeats", "0"},
                new String[]{"ujm", "bench", "--dim", "0"}, new String[]{"ujm", "bench", "--lambda", "-1"})) {
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.out().isEmpty(), o.out());
        }
    }

    /** Ours is this JVM's java running resalign's main class (from the class path in tests, the jar otherwise). */
    @Test
    void ourCommandStartsResalignInAFreshJvm() {
        List<String> cmd = UjmBenchCommand.ourCommand();
        assertTrue(cmd.get(0).endsWith("/bin/java"), cmd.toString());
        assertTrue(cmd.contains("-jar") || cmd.get(cmd.size() - 1).equals(Main.class.getName()), cmd.toString());
        assertFalse(cmd.contains("ujm"), cmd.toString());
    }

    /** The timed solve is the command line's own ujm solve of the benchmark's problem; that command line parses. */
    @Test
    void theTimedSolveIsUjmSolveOfTheBenchmarksProblem() {
        var config = new org.resalign.core.ujm.UjmSolveBenchmark.Config(8, 3, 0.02, 5, 1);
        List<String> cmd = UjmBenchCommand.solveCommand(config, java.nio.file.Path.of("/tmp/r.json"));
        List<String> ours = UjmBenchCommand.ourCommand();
        assertEquals(ours, cmd.subList(0, ours.size()));
        List<String> args = cmd.subList(ours.size(), cmd.size());
        assertEquals(List.of("ujm", "solve", "--dim", "8", "--depth", "3", "--lambda", "0.02", "--seed", "5",
                "--quiet", "--json", "/tmp/r.json"), args);
        var parsed = new picocli.CommandLine(new ResalignCommand()).parseArgs(args.toArray(String[]::new));
        UjmSolveCommand solve = (UjmSolveCommand) parsed.subcommand().subcommand().commandSpec().userObject();
        assertEquals(8, solve.ujm.dim);
        assertEquals(0.02, solve.ujm.lambda);
    }
}
