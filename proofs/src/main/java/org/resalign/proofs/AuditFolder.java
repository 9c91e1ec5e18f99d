package org.resalign.proofs;

import java.io.IOException;
import java.nio.file.Path;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;
import org.resalign.core.report.ReportFolder;

/** The report folder of the proof audit: {@code audit.json} and {@code audit.md} ({@link AuditMarkdown}). */
public final class AuditFolder {

    private AuditFolder() {
    }

    /** Writes {@code audit.json} and {@code audit.md} into {@code folder}, atomically as a whole. */
    public static void write(Path folder, AuditReport report) {
        ReportFolder.write(folder, tmp -> writeInto(tmp, report));
    }

    /** Writes {@code audit.json} and {@code audit.md} into an existing folder. */
    public static void writeInto(Path folder, AuditReport report) throws IOException {
        Json.write(folder.resolve("audit.json"), report);
        AtomicFile.writeString(folder.resolve("audit.md"), AuditMarkdown.render(report));
    }
}
