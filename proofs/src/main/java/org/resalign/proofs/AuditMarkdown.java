package org.resalign.proofs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The audit as Markdown: one table per theorem (step, method, status, worst slack; twin, counterexample) and notes. */
public final class AuditMarkdown {

    private AuditMarkdown() {
    }

    public static String render(AuditReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Proof audit\n\n");
        sb.append(String.format(Locale.ROOT, "resalign %s, seed %d, %s mode, %.1f s. Verdict: **%s**: %d of %d "
                        + "steps hold and %d of %d false twins are refuted.%n%n", report.versions().get("resalign"),
                report.inputs().seed(), report.inputs().thorough() ? "thorough" : "default", report.seconds(),
                report.verdict(), report.stepsHolding(), report.steps(), report.twinsRefuted(), report.steps()));
        sb.append("Each step of the paper's proof is checked in the strongest way that fits: *symbolic* (a Symja "
                + "identity, or an induction, for all values of its symbols), *exact* (rational arithmetic over "
                + "random instances) or *numeric* (double precision over random and adversarial instances, with "
                + "the worst slack). Beside each step is a deliberately false twin, which the checker must refute "
                + "with a concrete counterexample. The proofs in prose are `proofs/theorem-3.1.md` and "
                + "`proofs/theorem-3.3.md`.\n");
        for (TheoremAudit t : report.theorems()) {
            sb.append("\n## Theorem ").append(t.theorem()).append(" (").append(t.section()).append(")\n\n");
            sb.append(t.statement()).append("\n\n");
            sb.append("| step | paper | claim | method | status | instances | worst | false twin | flaw | twin | "
                    + "counterexample |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (StepResult r : t.steps()) {
                Evidence e = r.evidence();
                sb.append("| ").append(r.id()).append(" | ").append(cell(r.paperRef())).append(" | ")
                        .append(cell(r.claim())).append(" | ").append(r.method().label()).append(" | ")
                        .append(r.status() == Status.HOLDS ? "holds" : "**FAILS**").append(" | ")
                        .append(e.instances()).append(" | ").append(worst(e)).append(" | ")
                        .append(cell(r.twin().claim())).append(" | ").append(r.twin().flaw().label()).append(" | ")
                        .append(r.twin().status() == Status.REFUTED ? "refuted" : "**NOT REFUTED**").append(" | ")
                        .append(cell(counterexample(r.twin().evidence().counterexample()))).append(" |\n");
            }
            sb.append("\nHow each step was checked:\n\n");
            for (StepResult r : t.steps()) {
                sb.append("- **").append(r.id()).append("** ").append(sentence(r.evidence().detail())).append(" Twin: ")
                        .append(sentence(r.twin().evidence().detail())).append('\n');
            }
            if (!t.notes().isEmpty()) {
                sb.append("\n### Where the paper is wrong or unclear\n\n");
                for (PaperNote n : t.notes()) {
                    sb.append("- **").append(n.kind()).append("** (").append(n.step()).append("): ")
                            .append(n.text()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The worst value with what it measures, or the method's word when there is no number. */
    static String worst(Evidence e) {
        if (Double.isNaN(e.worst())) {
            return e.measure();
        }
        return String.format(Locale.ROOT, "%.2e (%s)", e.worst(), cell(e.measure()));
    }

    /** A counterexample as {@code key = value; …}. */
    public static String counterexample(Map<String, Object> ce) {
        return ce.entrySet().stream().map(en -> en.getKey() + " = " + value(en.getValue()))
                .collect(Collectors.joining("; "));
    }

    static String value(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6g", d);
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", a[i]));
            }
            return sb.append(')').toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(AuditMarkdown::value).collect(Collectors.joining(", ", "(", ")"));
        }
        return String.valueOf(v);
    }

    /** A cell's text ending in a full stop. */
    private static String sentence(String s) {
        String c = cell(s.strip());
        return c.endsWith(".") ? c : c + ".";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
