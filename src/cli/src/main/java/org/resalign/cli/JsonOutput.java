package org.resalign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.resalign.core.io.Json;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --json FILE} option every command shares ({@code -} for standard output), and with it the choice of
 * stream: the JSON goes to FILE or standard output, the table for people to standard output, or to standard error
 * when the JSON takes standard output.
 */
public final class JsonOutput {

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the full result as JSON to FILE (written atomically), or '-' for standard output.")
    String file;

    /** The command this option belongs to, for its output streams. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** True when the JSON goes to standard output, so the human table must go to standard error. */
    private boolean toStdout() {
        return "-".equals(file);
    }

    /** Fails with exit code 2 before any work if FILE cannot be written. */
    public void validate() {
        if (file == null || toStdout()) {
            return;
        }
        BadInputException.requireWritableFile("--json " + file, Path.of(file));
    }

    /** Where the table for people goes: standard error when the JSON goes to standard output, else standard output. */
    public PrintWriter human() {
        return toStdout() ? command.commandLine().getErr() : command.commandLine().getOut();
    }

    /** Writes {@code report} as JSON to FILE (atomically) or to standard output; nothing without {@code --json}. */
    public void write(Object report) {
        if (file == null) {
            return;
        }
        if (toStdout()) {
            PrintWriter out = command.commandLine().getOut();
            out.print(Json.toJson(report));
            out.flush();
            return;
        }
        try {
            Json.write(Path.of(file), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
