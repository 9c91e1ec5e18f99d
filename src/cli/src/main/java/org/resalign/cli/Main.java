package org.resalign.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/**
 * Entry point of {@code bin/resalign}. Exit codes (docs/definitions.md §exit): 0 the check holds, 1 the check fails or a
 * counterexample was found, 2 bad input (one line on standard error, nothing written; a run that outgrows the memory it
 * was given is reported so too), 3 internal error.
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
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof BadInputException) {
                err.println("resalign: " + oneLine(ex.getMessage()));
                return BAD_INPUT;
            }
            err.println("resalign: internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage()));
            if (System.getenv("RESALIGN_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        });
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

    private static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
