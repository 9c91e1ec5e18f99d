package org.resalign.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Input the user can correct: exit code 2 with the message as one line. */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    /**
     * Fails before any work if the report folder {@code out} ({@code --out}) exists as something other than a folder;
     * {@code null} (no report asked for) passes.
     */
    static void requireFolderOrAbsent(Path out) {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " exists and is not a directory");
        }
    }
}
