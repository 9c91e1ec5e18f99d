package org.resalign.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.AtomicFile;

/**
 * A report folder written as a whole: its files go into a temporary sibling folder, which replaces the target only
 * when every file is written (moved into place as {@link AtomicFile} moves a file). A reader never sees half a
 * report, and a failure leaves the old folder (or none).
 *
 * <p>Every report folder holds the file {@value #MARK}. An existing folder is replaced only when it holds that mark
 * or is empty: a folder the user made for something else (their home, {@code /}) is refused before any work, never
 * deleted.
 */
public final class ReportFolder {

    /** The file that marks a folder as a resalign report, which the next run of its command may replace. */
    public static final String MARK = ".resalign-report";

    private static final String MARK_TEXT = "A resalign report folder: running its command again replaces this folder"
            + " as a whole.\n";

    /** Writes the files of one report into the (temporary) folder it is given. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path folder) throws IOException;
    }

    private ReportFolder() {
    }

    /**
     * Refuses a report folder {@code target} that exists and may not be replaced: a file, the root of a file system,
     * or a folder that is neither empty nor a report ({@value #MARK}). Absent passes.
     *
     * @throws InvalidInputException naming the parameter {@code out} (the folder), written without its value
     */
    public static void requireReplaceable(Path target) {
        Path folder = target.toAbsolutePath().normalize();
        if (folder.getParent() == null) {
            throw new InvalidInputException("out", "{out} is the root of the file system; give a folder for the "
                    + "report");
        }
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("out", "{out} exists and is not a directory");
        }
        if (!Files.isRegularFile(folder.resolve(MARK)) && !isEmpty(folder)) {
            throw new InvalidInputException("out", "{out} is a folder with files that is not a resalign report (it "
                    + "has no " + MARK + "); the report replaces its folder as a whole, so give a new or empty folder");
        }
    }

    /**
     * Fills a fresh temporary folder beside {@code target} with {@code contents} and the mark, then moves it into
     * place, replacing an existing report folder of that name (which is first moved aside, then deleted).
     *
     * @throws InvalidInputException if {@code target} may not be replaced ({@link #requireReplaceable})
     * @throws UncheckedIOException  if a file cannot be written (the temporary folder is removed)
     */
    public static void write(Path target, Contents contents) {
        requireReplaceable(target);
        Path folder = target.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            Files.createDirectories(folder.getParent());
            tmp = Files.createDirectory(AtomicFile.temporarySibling(folder));
            contents.writeInto(tmp);
            Files.writeString(tmp.resolve(MARK), MARK_TEXT);
            if (Files.exists(folder)) {
                Path old = AtomicFile.temporarySibling(folder);
                AtomicFile.moveIntoPlace(folder, old);
                try {
                    AtomicFile.moveIntoPlace(tmp, folder);
                } catch (IOException e) {
                    AtomicFile.moveIntoPlace(old, folder);
                    throw e;
                }
                tmp = old; // deleted below
            } else {
                AtomicFile.moveIntoPlace(tmp, folder);
                tmp = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report folder " + folder + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // The original failure, or the report written, is what counts.
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

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new InvalidInputException("out", "{out} cannot be read: %s", e.getMessage());
        }
    }
}
