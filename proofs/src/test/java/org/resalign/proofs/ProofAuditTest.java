package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default audit, run once: every true step of both proofs holds, every false twin is refuted with a
 * counterexample, every step has a real method and is written up in the Markdown proofs.
 */
class ProofAuditTest {

    private static AuditReport report;

    @BeforeAll
    static void runAudit() {
        report = ProofAudit.run(ProofAudit.all(), AuditSettings.DEFAULT, (theorem, r) -> System.out.printf(
                Locale.ROOT, "%-4s %-8s %-11s %-9s %-12s twin %-11s %.2fs  %s%n", r.id(), r.method().label(),
                r.status().label(), r.evidence().instances(), Double.isNaN(r.evidence().worst()) ? "-"
                        : String.format(Locale.ROOT, "%.2e", r.evidence().worst()), r.twin().status().label(),
                r.seconds(), r.status() == Status.HOLDS ? "" : r.evidence().detail()));
        System.out.printf(Locale.ROOT, "audit: %d/%d steps hold, %d/%d twins refuted, %.1f s%n",
                report.stepsHolding(), report.steps(), report.twinsRefuted(), report.steps(), report.seconds());
    }

    @Test
    void everyTrueStepHoldsAndEveryTwinIsRefuted() {
        for (TheoremAudit audit : report.theorems()) {
            for (StepResult r : audit.steps()) {
                assertEquals(Status.HOLDS, r.status(), () -> r.id() + ": " + r.evidence().detail());
                assertEquals(Status.REFUTED, r.twin().status(), () -> r.id() + " twin: " + r.twin().evidence()
                        .detail());
                assertFalse(r.twin().evidence().counterexample().isEmpty(), r.id() + " twin has a counterexample");
                assertTrue(r.evidence().instances() >= 1, r.id() + " checked at least one instance");
            }
        }
        assertTrue(report.passes());
        assertEquals(report.steps(), report.stepsHolding());
        assertEquals(report.steps(), report.twinsRefuted());
    }

    @Test
    void bothProofsAreCoveredStepByStep() {
        assertEquals(List.of("3.1", "3.3"), report.inputs().theorems());
        assertEquals(8, report.theorems().get(0).steps().size(), "App. A: A1–A8");
        assertEquals(17, report.theorems().get(1).steps().size(), "App. B: B0–B16");
    }

    @Test
    void theMarkdownProofsListEveryStepAndEveryNote() throws IOException {
        for (AuditedProof proof : ProofAudit.all()) {
            String md = Files.readString(Path.of("theorem-" + proof.theorem() + ".md"));
            for (Step step : proof.steps()) {
                assertTrue(md.contains("**" + step.id() + "**"), () -> "theorem-" + proof.theorem() + ".md lacks "
                        + step.id());
            }
            for (PaperNote note : proof.notes()) {
                assertTrue(md.contains("(" + note.step() + ")"), () -> "theorem-" + proof.theorem()
                        + ".md lacks the note on " + note.step());
            }
        }
    }

    @Test
    void theReportCarriesSymjasVersion() {
        assertEquals("3.0.0", report.versions().get("symja"));
        assertEquals(report.versions().get("resalign"), org.resalign.core.io.Versions.resalign());
    }

    @Test
    void everyPaperNoteNamesAnAuditedStep() {
        for (AuditedProof proof : ProofAudit.all()) {
            List<String> ids = proof.steps().stream().map(Step::id).toList();
            for (PaperNote note : proof.notes()) {
                assertTrue(ids.contains(note.step()), note.step());
            }
        }
    }
}
