package org.resalign.proofs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Versions;

/**
 * Runs the checks of every step of the audited proofs (Theorems 3.1 and 3.3, paper §3.2–3.3 and App. A–B) and of
 * their false twins. A check that throws is recorded as a failure with its message; nothing passes by default.
 */
public final class ProofAudit {

    /** Told about each step as it finishes, for progress bars. */
    @FunctionalInterface
    public interface Listener {
        void stepDone(String theorem, StepResult result);

        Listener NONE = (theorem, result) -> { };
    }

    private ProofAudit() {
    }

    /** Both proofs, in the order of the paper. */
    public static List<AuditedProof> all() {
        return List.of(new Theorem31Proof(), new Theorem33Proof());
    }

    /** The proof of theorem "3.1" or "3.3", or both for {@code null}. */
    public static List<AuditedProof> select(String theorem) {
        if (theorem == null) {
            return all();
        }
        for (AuditedProof p : all()) {
            if (p.theorem().equals(theorem)) {
                return List.of(p);
            }
        }
        throw new InvalidInputException("theorem", "{theorem} must be 3.1 or 3.3, got '%s'", theorem);
    }

    /** The number of steps of these proofs, for a progress bar. */
    public static int stepCount(List<AuditedProof> proofs) {
        return proofs.stream().mapToInt(p -> p.steps().size()).sum();
    }

    /** Audits {@code proofs} step by step. */
    public static AuditReport run(List<AuditedProof> proofs, AuditSettings settings, Listener listener) {
        long t0 = System.nanoTime();
        List<TheoremAudit> audits = new ArrayList<>();
        int steps = 0;
        int holding = 0;
        int refuted = 0;
        for (AuditedProof proof : proofs) {
            List<StepResult> results = new ArrayList<>();
            for (Step step : proof.steps()) {
                StepResult r = audit(step, settings);
                results.add(r);
                listener.stepDone(proof.theorem(), r);
                steps++;
                holding += r.status() == Status.HOLDS ? 1 : 0;
                refuted += r.twin().status() == Status.REFUTED ? 1 : 0;
            }
            boolean passes = results.stream().allMatch(StepResult::passes);
            audits.add(new TheoremAudit(proof.theorem(), proof.statement(), proof.section(), passes,
                    List.copyOf(results), proof.notes()));
        }
        boolean passes = audits.stream().allMatch(TheoremAudit::passes);
        return new AuditReport("proofs", new AuditReport.Inputs(proofs.stream().map(AuditedProof::theorem).toList(),
                settings.seed(), settings.thorough()), versions(), (System.nanoTime() - t0) / 1e9,
                passes ? "holds" : "fails", holding, steps, refuted, List.copyOf(audits));
    }

    /** The versions of the report: resalign's, the numerical libraries' (Symja's too) and the JVM's. */
    static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>(Versions.all());
        Properties p = new Properties();
        try (InputStream in = ProofAudit.class.getResourceAsStream("symja.properties")) {
            if (in == null) {
                throw new IllegalStateException("symja.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        v.put("symja", p.getProperty("symja"));
        return v;
    }

    /** Checks one step and its twin. */
    public static StepResult audit(Step step, AuditSettings settings) {
        long t0 = System.nanoTime();
        Evidence truth = guarded(step.check(), settings);
        Evidence twin = guarded(step.twin().check(), settings);
        Status status = truth.holds() ? Status.HOLDS : Status.FAILS;
        Status twinStatus = !twin.holds() && !twin.counterexample().isEmpty() ? Status.REFUTED : Status.NOT_REFUTED;
        return new StepResult(step.id(), step.paperRef(), step.claim(), step.method(), status, truth,
                new StepResult.TwinResult(step.twin().claim(), step.twin().flaw(), step.twin().method(), twinStatus,
                        twin), (System.nanoTime() - t0) / 1e9);
    }

    /** Runs a check; an exception becomes a failed check with an empty counterexample (so a twin is not refuted). */
    private static Evidence guarded(Step.Check check, AuditSettings settings) {
        try {
            Evidence e = check.run(settings);
            if (e == null) {
                return new Evidence(false, 0, "error", Double.NaN, 0, Map.of(), "the check returned nothing");
            }
            return e;
        } catch (RuntimeException | StackOverflowError e) {
            return new Evidence(false, 0, "error", Double.NaN, 0, Map.of(),
                    "the check failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
