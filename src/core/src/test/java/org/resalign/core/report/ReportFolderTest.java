package org.resalign.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.resalign.core.input.InvalidInputException;

class ReportFolderTest {

    @TempDir
    Path tmp;

    @Test
    void replacesTheFolderAsAWhole() throws IOException {
        Path target = tmp.resolve("report");
        ReportFolder.write(target, f -> Files.writeString(f.resolve("old.txt"), "old"));
        ReportFolder.write(target, f -> Files.writeString(f.resolve("new.txt"), "new"));
        assertTrue(Files.exists(target.resolve("new.txt")));
        assertFalse(Files.exists(target.resolve("old.txt")), "the old folder is replaced, not merged");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aFailureKeepsTheOldFolderAndLeavesNoTemporaryOne() throws IOException {
        Path target = tmp.resolve("report");
        ReportFolder.write(target, f -> Files.writeString(f.resolve("old.txt"), "old"));
        assertThrows(UncheckedIOException.class, () -> ReportFolder.write(target, f -> {
            Files.writeString(f.resolve("half.txt"), "half");
            throw new IOException("disk full");
        }));
        assertTrue(Files.exists(target.resolve("old.txt")));
        assertFalse(Files.exists(target.resolve("half.txt")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary folder left");
        }
    }

    @Test
    void refusesToReplaceAFolderThatIsNotAReportAndDeletesNothing() throws IOException {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "years of work");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ReportFolder.write(home, f -> Files.writeString(f.resolve("r.json"), "{}")));
        assertEquals("out", e.parameter());
        assertTrue(e.getMessage().contains(ReportFolder.MARK), e.getMessage());
        assertEquals("years of work", Files.readString(home.resolve("thesis.tex")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary folder left");
        }
        try (var s = Files.list(home)) {
            assertEquals(1, s.count(), "nothing added");
        }
    }

    @Test
    void anEmptyFolderOrAMarkedOneIsReplacedAndTheRootIsRefused() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        ReportFolder.write(empty, f -> Files.writeString(f.resolve("r.json"), "1"));
        assertTrue(Files.isRegularFile(empty.resolve(ReportFolder.MARK)), "a written report carries the mark");
        Files.writeString(empty.resolve("added-by-hand.txt"), "x");
        ReportFolder.write(empty, f -> Files.writeString(f.resolve("r.json"), "2"));
        assertEquals("2", Files.readString(empty.resolve("r.json")));
        assertFalse(Files.exists(empty.resolve("added-by-hand.txt")), "a report folder is replaced as a whole");
        InvalidInputException root = assertThrows(InvalidInputException.class,
                () -> ReportFolder.requireReplaceable(tmp.getRoot()));
        assertTrue(root.getMessage().contains("root"), root.getMessage());
    }

    @Test
    void refusesToReplaceAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(IllegalArgumentException.class, () -> ReportFolder.write(file, f -> { }));
        assertEquals("x", Files.readString(file));
    }
}
