package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The checker's negative controls: a planted false step fails, a true twin is not refuted, an error is no pass. */
class ProofAuditControlTest {

    @Test
    void aPlantedFalseStepFailsAndItsTrueTwinIsNotRefuted() {
        StepResult r = ProofAudit.audit(Controls.planted(), AuditSettings.DEFAULT);
        assertEquals(Status.FAILS, r.status());
        assertEquals(2, r.evidence().counterexample().get("k"));
        assertEquals(Status.NOT_REFUTED, r.twin().status());
        assertFalse(r.passes());
    }

    @Test
    void aCheckThatThrowsIsAFailureAndATwinThatThrowsIsNotRefuted() {
        Step broken = new Step("X", "nowhere", "a check that throws", Method.NUMERIC, s -> {
            throw new ArithmeticException("NaN in the check");
        }, new Step.Twin("a twin that throws", Flaw.REVERSED, Method.NUMERIC, s -> {
            throw new IllegalStateException("no Symja");
        }));
        StepResult r = ProofAudit.audit(broken, AuditSettings.DEFAULT);
        assertEquals(Status.FAILS, r.status());
        assertTrue(r.evidence().detail().contains("NaN in the check"));
        assertEquals(Status.NOT_REFUTED, r.twin().status());
    }

    @Test
    void aProofWithOneFailingStepFailsTheAudit() {
        AuditedProof planted = new AuditedProof() {
            public String theorem() {
                return "0";
            }

            public String statement() {
                return "planted";
            }

            public String section() {
                return "none";
            }

            public List<Step> steps() {
                return List.of(Controls.planted());
            }

            public List<PaperNote> notes() {
                return List.of();
            }
        };
        AuditReport report = ProofAudit.run(List.of(planted), AuditSettings.DEFAULT, ProofAudit.Listener.NONE);
        assertFalse(report.passes());
        assertEquals("fails", report.verdict());
        assertTrue(AuditMarkdown.render(report).contains("**FAILS**"));
    }

    @Test
    void anUnknownTheoremIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProofAudit.select("3.2"));
        assertEquals(1, ProofAudit.select("3.3").size());
        assertEquals(2, ProofAudit.select(null).size());
    }

    @Test
    void theSameSeedGivesTheSameEvidence() {
        Step step = new Theorem33Proof().steps().get(5);
        assertEquals(ProofAudit.audit(step, new AuditSettings(3, false)).evidence(),
                ProofAudit.audit(step, new AuditSettings(3, false)).evidence());
    }
}
