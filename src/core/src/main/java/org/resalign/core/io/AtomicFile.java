package org.resalign.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way every report, figure and model file is written: the bytes go into a fresh temporary file beside the
 * target (a hidden name in the same folder, so on the same file system), which is then moved over the target with
 * an atomic move. A reader sees the old file or the whole new one, never a part. On a file system without atomic
 * moves the temporary file replaces the target with a plain move. If anything fails, the temporary file is removed
 * and the old file is left as it was.
 */
public final class AtomicFile {

    /** Writes a file's bytes to the stream it is given (which {@link AtomicFile} closes). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@link Files#move}, replaceable in tests to stand for a file system without atomic moves. */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target, CopyOption... options) throws IOException;
    }

    private static final Mover FILES = Files::move;

    private AtomicFile() {
    }

    /**
     * Writes what {@code body} writes to {@code target} atomically, replacing an existing file. Missing folders
     * above {@code target} are created.
     */
    public static void write(Path target, Body body) throws IOException {
        write(target, body, FILES);
    }

    /** Writes {@code text} to {@code target} as UTF-8, atomically (as {@link #write}). */
    public static void writeString(Path target, String text) throws IOException {
        // as Files.writeString: a string UTF-8 cannot encode (a lone surrogate) is an error, not a '?'
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        write(target, out -> out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()));
    }

    static void write(Path target, Body body, Mover mover) throws IOException {
        Path file = target.toAbsolutePath();
        Files.createDirectories(file.getParent());
        Path tmp = createTemporarySibling(file);
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                body.writeTo(out);
            }
            moveIntoPlace(tmp, file, mover);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Moves {@code source} to {@code target}, replacing it: atomically where the file system can, else with a plain
     * move. Both must be in the same folder (as a {@link #temporarySibling} is).
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        moveIntoPlace(source, target, FILES);
    }

    static void moveIntoPlace(Path source, Path target, Mover mover) throws IOException {
        try {
            mover.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            mover.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A fresh hidden name beside {@code target} for a temporary file or folder. (Not {@code Files.createTempFile}:
     * that makes owner-only files, and a report must get the user's usual permissions.)
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
    }

    /**
     * Creates an empty file under a fresh {@link #temporarySibling} name of {@code target} and returns it; a name
     * that is taken (two draws within one clock tick) is drawn again, so two calls never share a file.
     */
    public static Path createTemporarySibling(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(temporarySibling(target));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report; the name is hidden and unique
        }
    }
}
