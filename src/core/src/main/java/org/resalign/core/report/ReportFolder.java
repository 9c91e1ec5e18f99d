package org.resalign.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.resalign.core.io.AtomicFile;

/**
 * A report folder written as a whole: its files go into a temporary sibling folder, which replaces the target only
 * when every file is written (moved into place as {@link AtomicFile} moves a file). A reader never sees half a
 * report, and a failure leaves the old folder (or none).
 */
public final class ReportFolder {

    /** Writes the files of one report into the (temporary) folder it is given. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path folder) throws IOException;
    }

    private ReportFolder() {
    }

    /**
     * Fills a fresh temporary folder beside {@code target} with {@code contents}, then moves it into place, replacing
     * an existing folder of that name.
     *
     * @throws IllegalArgumentException if {@code target} exists and is not a folder
     * @throws UncheckedIOException     if a file cannot be written (the temporary folder is removed)
     */
    public static void write(Path target, Contents contents) {
        Path folder = target.toAbsolutePath();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(target + " exists and is not a directory");
        }
        Path tmp = null;
        try {
            Files.createDirectories(folder.getParent());
            tmp = Files.createDirectory(AtomicFile.temporarySibling(folder));
            contents.writeInto(tmp);
            if (Files.exists(folder)) {
                deleteTree(folder);
            }
            AtomicFile.moveIntoPlace(tmp, folder);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report folder " + folder + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // The original failure is the one to report.
                }
            }
        }
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
