package org.resalign.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

import org.resalign.core.input.InvalidInputException;

/**
 * Entry point of {@code bin/resalign}. Exit codes (docs/definitions.md §exit): 0 the check holds, 1 the check fails or a
 * counterexample was found, 2 bad input (one line on standard error, nothing written; a run that outgrows the memory it
 * was given is reported so too), 3 internal error. Bad input is a {@link BadInputException} of the command line's own
 * or an {@link InvalidInputException} from the library, whose parameters {@link OptionNames} writes as this command's
 * options; every other exception, a plain {@link IllegalArgumentException} among them, is an internal error.
 */
public final class Main {

    public static final int HOLDS = 0;
    public static final int FAILS = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // before any command loads ND4J: the native build for this CPU (idempotent)
        org.resalign.bridge.NativeBuild.choose();
        CommandLine cl = new CommandLine(new ResalignCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("resalign: " + oneLine(ex.getMessage()));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> exitCode(ex, commandLine.getCommandSpec(),
                err));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // the run's arrays are unreachable once the command has unwound, so there is room for one line
            long heap = Runtime.getRuntime().maxMemory() >> 20;
            err.println("resalign: out of memory (" + oneLine(e.getMessage()) + ", heap " + heap + " MiB): the run "
                    + "is too large for this JVM; give it more with RESALIGN_JAVA_OPTS=-Xmx… or choose smaller sizes");
            return BAD_INPUT;
        }
    }

    /**
     * The exit code of a command {@code spec} that ended in {@code ex}, after its one line on {@code err}: bad input for
     * {@link InvalidInputException} (in the command's option names) and {@link BadInputException}, else an internal
     * error (with the stack trace when {@code RESALIGN_DEBUG} is set).
     */
    static int exitCode(Exception ex, picocli.CommandLine.Model.CommandSpec spec, PrintWriter err) {
        if (ex instanceof InvalidInputException e) {
            err.println("resalign: " + oneLine(OptionNames.message(spec, e)));
            return BAD_INPUT;
        }
        if (ex instanceof BadInputException) {
            err.println("resalign: " + oneLine(ex.getMessage()));
            return BAD_INPUT;
        }
        err.println("resalign: internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage()));
        if (System.getenv("RESALIGN_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return INTERNAL_ERROR;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
