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
    void refusesToReplaceAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(IllegalArgumentException.class, () -> ReportFolder.write(file, f -> { }));
        assertEquals("x", Files.readString(file));
    }
}
