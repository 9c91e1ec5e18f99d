package org.resalign.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    private static final byte[] OLD = {1, 2, 3};

    @Test
    void replacesAnExistingFileAndLeavesNoTemporary() throws IOException {
        Path target = Files.write(dir.resolve("report.json"), OLD);
        byte[] fresh = new byte[200_000];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = (byte) (i * 31 + 7);
        }
        AtomicFile.write(target, out -> {
            out.write(fresh, 0, 1000);
            out.write(fresh, 1000, fresh.length - 1000);
        });
        assertArrayEquals(fresh, Files.readAllBytes(target));
        assertEquals(List.of("report.json"), listing(dir));
    }

    @Test
    void createsMissingFolders() throws IOException {
        Path target = dir.resolve("a/b/summary.md");
        AtomicFile.writeString(target, "x\n");
        assertEquals("x\n", Files.readString(target));
        assertEquals(List.of("summary.md"), listing(target.getParent()));
    }

    /** Negative control: a body that fails half way must leave the old file as it was, and nothing else. */
    @Test
    void aFailingBodyKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path target = Files.write(dir.resolve("plot.png"), OLD);
        IOException io = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", io.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, out -> {
            out.write(9);
            throw new IllegalStateException("encoder failure");
        }));
        assertArrayEquals(OLD, Files.readAllBytes(target), "the old file is untouched");
        assertEquals(List.of("plot.png"), listing(dir), "no temporary file is left");

        Path absent = dir.resolve("new.png");
        assertThrows(IOException.class, () -> AtomicFile.write(absent, out -> {
            throw new IOException("no");
        }));
        assertFalse(Files.exists(absent), "a failed first write leaves no file");
        assertEquals(List.of("plot.png"), listing(dir));
    }

    /** A file system without atomic moves: the second move, without ATOMIC_MOVE, puts the file in place. */
    @Test
    void withoutAtomicMovesTheFileReplacesTheTargetByAPlainMove() throws IOException {
        Path target = Files.write(dir.resolve("net.zip"), OLD);
        List<List<CopyOption>> calls = new ArrayList<>();
        AtomicFile.Mover noAtomicMove = (source, to, options) -> {
            calls.add(List.of(options));
            if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(source.toString(), to.toString(), "not here");
            }
            Files.move(source, to, options);
        };
        AtomicFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), noAtomicMove);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
                List.of(StandardCopyOption.REPLACE_EXISTING)), calls);
        assertEquals(List.of("net.zip"), listing(dir), "the temporary file was moved, not copied");
    }

    /** Negative control of the fallback: any other failure of the move is not retried and leaves the old file. */
    @Test
    void anotherMoveFailureIsNotRetriedAndKeepsTheOldFile() throws IOException {
        Path target = Files.write(dir.resolve("net.zip"), OLD);
        List<List<CopyOption>> calls = new ArrayList<>();
        FileSystemException denied = new FileSystemException("denied");
        AtomicFile.Mover failing = (source, to, options) -> {
            calls.add(List.of(options));
            throw denied;
        };
        assertSame(denied, assertThrows(FileSystemException.class, () -> AtomicFile.write(target,
                out -> out.write("new".getBytes(StandardCharsets.UTF_8)), failing)));
        assertEquals(1, calls.size());
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of("net.zip"), listing(dir));
    }

    /** The text written is Files.writeString's, byte for byte, and what it refuses is refused. */
    @Test
    void writeStringWritesWhatFilesWriteStringWrites() throws IOException {
        String text = "# RA1–RA4\n\n| λ | σ₁ | 1/σ₁ |\n|---|---|---|\n| 1e-3 | ∞ | − |\n\u00e9\uD83D\uDE00\n";
        Path ours = dir.resolve("ours.md");
        Path theirs = dir.resolve("theirs.md");
        AtomicFile.writeString(ours, text);
        Files.writeString(theirs, text);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
        assertNotEquals(text.length(), Files.size(ours), "the check covers multi-byte characters");

        String lone = "a\uD800b";
        assertThrows(CharacterCodingException.class, () -> Files.writeString(dir.resolve("x.md"), lone));
        assertThrows(CharacterCodingException.class, () -> AtomicFile.writeString(dir.resolve("y.md"), lone));
        assertFalse(Files.exists(dir.resolve("y.md")));
    }

    /** Json.write writes Json.toJson's text, as Files.writeString would. */
    @Test
    void jsonWriteWritesTheJsonText() throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("command", "thm31");
        value.put("σ", new double[] {1.5, Double.NaN, 1e-300});
        value.put("verdict", "holds");
        Path ours = dir.resolve("thm31.json");
        Path theirs = dir.resolve("expected.json");
        Json.write(ours, value);
        Files.writeString(theirs, Json.toJson(value));
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
        assertTrue(Files.readString(ours).contains("null"), "NaN is written as null");
    }

    @Test
    void temporarySiblingsAreHiddenDistinctAndBesideTheTarget() throws IOException {
        Path target = dir.resolve("net.zip");
        Path a = AtomicFile.createTemporarySibling(target);
        Path b = AtomicFile.createTemporarySibling(target);
        assertNotEquals(a, b);
        assertTrue(Files.isRegularFile(a) && Files.isRegularFile(b));
        assertEquals(0, Files.size(a));
        for (Path p : List.of(a, b)) {
            assertEquals(dir, p.getParent());
            assertTrue(p.getFileName().toString().startsWith(".net.zip."), p.toString());
        }
    }

    @Test
    void moveIntoPlaceMovesAFolder() throws IOException {
        Path tmp = Files.createDirectory(AtomicFile.temporarySibling(dir.resolve("report")));
        Files.writeString(tmp.resolve("summary.md"), "x");
        AtomicFile.moveIntoPlace(tmp, dir.resolve("report"));
        assertEquals("x", Files.readString(dir.resolve("report/summary.md")));
        assertEquals(List.of("report"), listing(dir));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
