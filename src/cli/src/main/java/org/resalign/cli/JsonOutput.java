package org.resalign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.resalign.core.io.Json;

import picocli.CommandLine.Option;

/** The {@code --json FILE} option every command shares ({@code -} for standard output). */
public final class JsonOutput {

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the full result as JSON to FILE (written atomically), or '-' for standard output.")
    String file;

    /** True when the JSON goes to standard output, so the human table must go to standard error. */
    public boolean toStdout() {
        return "-".equals(file);
    }

    /** Fails with exit code 2 before any work if FILE cannot be written. */
    public void validate() {
        if (file == null || toStdout()) {
            return;
        }
        BadInputException.requireWritableFile("--json " + file, Path.of(file));
    }

    public void write(Object report, PrintWriter out) {
        if (file == null) {
            return;
        }
        if (toStdout()) {
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
