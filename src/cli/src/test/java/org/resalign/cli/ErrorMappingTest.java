package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import org.resalign.core.input.InvalidInputException;

/**
 * Bad input and faults are told apart: the library's {@link InvalidInputException} is exit 2 in the command's own
 * option names; an exception that is not about the input is an internal error (exit 3).
 */
class ErrorMappingTest {

    private static CommandSpec spec(String... path) {
        CommandLine cl = new CommandLine(new ResalignCommand());
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }

    @Test
    void parametersAreSpelledAsTheCommandsOptions() {
        CommandSpec solve = spec("ujm", "solve");
        assertEquals("--dim", OptionNames.of(solve, "dim"));
        assertEquals("--max-iter", OptionNames.of(solve, "maxIterations"));
        assertEquals("--tol", OptionNames.of(solve, "tolerance"));
        assertEquals("--rel-tol", OptionNames.of(solve, "relativeChange"));
        assertEquals("--init-scale", OptionNames.of(solve, "initScale"));
        assertEquals("--input-norm", OptionNames.of(solve, "inputNorm"));
        assertEquals("--solver", OptionNames.of(solve, "kind"));
        assertEquals("--tol-rank-one", OptionNames.of(solve, "rankOne"));
        assertEquals("--rank", OptionNames.of(solve, "rank"));
        assertEquals("--replay", OptionNames.of(solve, "counterexampleFile"));
        assertEquals("--k", OptionNames.of(spec("rsvd", "bench"), "rank"));
        assertEquals("--iters", OptionNames.of(spec("rsvd", "bench"), "iterations"));
        assertEquals("--dims", OptionNames.of(spec("ujm", "sweep"), "dim"));
        // a parameter the command has no option for keeps its own name (a spec file's key, say)
        assertEquals("trainPerClass", OptionNames.of(spec("reproduce"), "trainPerClass"));
        assertEquals("dim", OptionNames.of(null, "dim"));
    }

    @Test
    void invalidInputIsExitTwoInOptionNames() {
        StringWriter err = new StringWriter();
        int code = Main.exitCode(new InvalidInputException("maxIterations", "{maxIterations} must be >= 0, got -1"),
                spec("ujm", "solve"), new PrintWriter(err, true));
        assertEquals(Main.BAD_INPUT, code);
        assertEquals("resalign: --max-iter must be >= 0, got -1", err.toString().strip());
    }

    /** Negative control: a failed invariant inside resalign is resalign's fault, not the user's. */
    @Test
    void aFailedInvariantIsAnInternalError() {
        StringWriter err = new StringWriter();
        int code = Main.exitCode(new IllegalStateException("no check of RANK_ONE"), spec("rsvd", "bench"),
                new PrintWriter(err, true));
        assertEquals(Main.INTERNAL_ERROR, code);
        assertTrue(err.toString().startsWith("resalign: internal error: IllegalStateException: no check"),
                err::toString);
    }

    @Test
    void theLibrarysMessagesReachTheUserInOptionNames() {
        CliTest.Outcome o = CliTest.run("ujm", "solve", "--dim", "8", "--depth", "2", "--solver", "factored",
                "--rank", "9", "--quiet");
        assertEquals(Main.BAD_INPUT, o.code(), o.err());
        assertEquals("resalign: --rank must be between 1 and --dim (8), got 9", o.err().strip());
        CliTest.Outcome tol = CliTest.run("ujm", "solve", "--dim", "8", "--depth", "2", "--tol", "-1", "--quiet");
        assertEquals(Main.BAD_INPUT, tol.code(), tol.err());
        assertTrue(tol.err().startsWith("resalign: --tol must be a finite number >= 0"), tol.err());
    }

    @Test
    void theBridgesMessagesReachTheUserInOptionNames() {
        CliTest.Outcome type = CliTest.run("bridge", "train", "--type", "9", "--out", "never.zip", "--quiet");
        assertEquals(Main.BAD_INPUT, type.code(), type.err());
        assertTrue(type.err().startsWith("resalign: unknown --type '9' (expected one of 1, 2, 3, 4a"), type.err());
        CliTest.Outcome width = CliTest.run("bridge", "train", "--type", "4a", "--width", "0", "--out", "never.zip",
                "--quiet");
        assertEquals(Main.BAD_INPUT, width.code(), width.err());
        assertEquals("resalign: --width must be ≥ 1, got 0", width.err().strip());
        assertEquals("--lambda", OptionNames.of(spec("bridge", "train"), "weightDecay"));
        assertEquals("--train-per-class", OptionNames.of(spec("bridge", "train"), "trainPerClass"));
    }

    @Test
    void unknownNamesAreQuotedInOptionNames() {
        CliTest.Outcome c = CliTest.run("search", "--conjecture", "nope");
        assertEquals(Main.BAD_INPUT, c.code(), c.err());
        assertTrue(c.err().startsWith("resalign: unknown --conjecture 'nope' (expected one of thm33"), c.err());
        CliTest.Outcome b = CliTest.run("bridge", "train", "--type", "4a", "--batch", "0", "--out", "never.zip",
                "--quiet");
        assertEquals("resalign: --batch must be ≥ 1, got 0", b.err().strip());
    }
}
