package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        try {
            org.resalign.bridge.NativeBuild.loadCudaRuntime();
        } catch (UnsatisfiedLinkError e) {
            err.println("resalign: " + nativeLoadFailure(e).orElseThrow());
            return BAD_INPUT;
        }
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
        } catch (LinkageError e) {
            // ND4J's native backend failed to load as a class initialised (an Error, which picocli passes on)
            Optional<String> why = nativeLoadFailure(e);
            if (why.isEmpty()) {
                throw e;
            }
            err.println("resalign: " + why.get());
            return BAD_INPUT;
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
        Optional<String> link = nativeLoadFailure(ex);
        if (link.isPresent()) {
            err.println("resalign: " + link.get());
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

    /** The shared library a native load failed for: {@code libcuda.so.1} in "…: libcuda.so.1: cannot open …". */
    private static final Pattern MISSING_LIBRARY = Pattern.compile(
            "([\\w.+-]+\\.so(?:\\.[\\d.]+)?): cannot open shared object file");

    /**
     * One line for a failure to load ND4J's native backend somewhere in {@code ex}'s causes (an
     * {@link UnsatisfiedLinkError}): the library missing and, for the CUDA build on a machine without NVIDIA's driver,
     * what to install or build instead. Empty when no native load failed.
     */
    static Optional<String> nativeLoadFailure(Throwable ex) {
        // JavaCPP's last attempt ("no jnicudart in java.library.path") carries the first ("libcuda.so.1: cannot
        // open ...") as its cause or a suppressed exception: look through all of them
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(ex));
        while (!todo.isEmpty() && all.size() < 64) {
            Throwable t = todo.pop();
            if (all.stream().noneMatch(seen -> seen == t)) {
                all.add(t);
                if (t.getCause() != null) {
                    todo.add(t.getCause());
                }
                todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
            }
        }
        java.util.List<String> links = all.stream().filter(t -> t instanceof UnsatisfiedLinkError)
                .map(t -> t.getMessage() == null ? "" : t.getMessage()).toList();
        if (links.isEmpty()) {
            return Optional.empty();
        }
        String library = null;
        for (String message : links) {
            Matcher m = MISSING_LIBRARY.matcher(message);
            if (m.find()) {
                library = m.group(1);
                break;
            }
        }
        String missing = library == null ? oneLine(links.get(0)) : library + " is missing";
        if (links.stream().anyMatch(m -> m.toLowerCase(java.util.Locale.ROOT).contains("cuda"))) {
            return Optional.of("cannot load ND4J's CUDA backend: " + missing + "; this build needs an NVIDIA GPU with "
                    + "its driver and CUDA 11.6 (libcuda.so.1 comes with the driver), or build for the CPU without "
                    + "-Dcuda");
        }
        return Optional.of("cannot load ND4J's native backend: " + missing + " (see the README's GPU and platforms "
                + "entry under resalign bridge)");
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
