package org.resalign.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.report.ReportFolder;

/** Input the user can correct: exit code 2 with the message as one line. */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    /**
     * Fails before any work if the report folder {@code out} ({@code --out}) exists as something other than a folder,
     * or cannot be written; {@code null} (no report asked for) passes.
     */
    static void requireFolderOrAbsent(Path out) {
        if (out != null) {
            requireWritableFolder("--out " + out, out);
        }
    }

    /**
     * Fails before any work unless {@code folder} is a report folder that may be replaced
     * ({@link ReportFolder#requireReplaceable}), or can be created, where a file can be written: the folder itself
     * when it exists, else its nearest existing ancestor is probed with a temporary file.
     *
     * @param what how the one-line message names the folder (an option and its value, or what it is for)
     */
    static void requireWritableFolder(String what, Path folder) {
        Path abs = folder.toAbsolutePath();
        try {
            ReportFolder.requireReplaceable(folder);
        } catch (InvalidInputException e) {
            throw new BadInputException(e.message(parameter -> what));
        }
        probe(what, Files.isDirectory(abs) ? abs : existingAncestor(what, abs));
    }

    /** Fails before any work unless {@code folder} is a folder, or can be created, where a file can be written. */
    static void requireWorkFolder(String what, Path folder) {
        Path abs = folder.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(what + " is not a folder");
        }
        probe(what, Files.isDirectory(abs) ? abs : existingAncestor(what, abs));
    }

    /** As {@link #requireWritableFolder}, for a file to be written (or replaced) at {@code file}. */
    static void requireWritableFile(String what, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new BadInputException(what + " is a directory");
        }
        probe(what, existingAncestor(what, abs));
    }

    /** The nearest existing ancestor of {@code p}, which must be a directory. */
    private static Path existingAncestor(String what, Path p) {
        Path a = p.getParent();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        if (a == null) {
            throw new BadInputException(what + ": no existing folder above it");
        }
        if (!Files.isDirectory(a)) {
            throw new BadInputException(what + ": " + a + " is not a directory");
        }
        return a;
    }

    /** Creates and removes a hidden temporary file in {@code dir}; fails with one line if it cannot. */
    private static void probe(String what, Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".resalign-probe-", ".tmp"));
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.FileSystemException f
                    ? (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName())
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadInputException(what + ": cannot write in " + dir + " (" + why + ")");
        }
    }
}
