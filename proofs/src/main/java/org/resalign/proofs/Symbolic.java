package org.resalign.proofs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.matheclipse.core.eval.ExprEvaluator;

/**
 * The computer-algebra side of the audit: Symja expressions, each evaluated in a fresh evaluator so that no
 * assignment leaks from one claim into another. Symja's messages are captured, never printed: a claim whose
 * evaluation produced a message is not accepted as an identity.
 */
final class Symbolic {

    static {
        // Symja logs through Log4j 2 without a binding; the simple context keeps its start-up notice quiet.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory",
                    "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }

    private Symbolic() {
    }

    /** The evaluated form of {@code expression}, in Symja's input syntax. */
    static String eval(String expression) {
        return evaluate(expression, e -> e.eval(expression).toString().replaceAll("\\s+", ""));
    }

    /** The numeric value of {@code expression}, which must evaluate to a finite real number. */
    static double number(String expression) {
        double v = evaluate(expression, e -> e.evalf(expression));
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("Symja: not a finite number: " + v + " (in " + expression + ")");
        }
        return v;
    }

    /** Runs {@code query} in a fresh evaluator whose messages are captured; any message is an error. */
    private static synchronized <T> T evaluate(String expression, Function<ExprEvaluator, T> query) {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(messages, true, StandardCharsets.UTF_8);
        ExprEvaluator evaluator = new ExprEvaluator();
        evaluator.getEvalEngine().setOutPrintStream(sink);
        evaluator.getEvalEngine().setErrorPrintStream(sink);
        T result = query.apply(evaluator);
        String said = messages.toString(StandardCharsets.UTF_8).strip();
        if (!said.isEmpty()) {
            throw new IllegalStateException("Symja: " + said.lines().findFirst().orElse(said) + " (in " + expression
                    + ")");
        }
        return result;
    }

    /** True when {@code expression} evaluates to 0, or to a list (of lists) of zeros. */
    static boolean isZero(String expression) {
        return eval(expression).replaceAll("[{},]", "").chars().allMatch(c -> c == '0');
    }

    /**
     * The identity {@code lhs == rhs} for all values of the symbols: {@code simplifier(lhs − (rhs))} must evaluate to
     * zero. {@code symbols} are local assignments ({@code "J = {{a, b}, {c, d}}, h = {x, y}"}, or empty), made inside
     * a {@code Block} so that they do not outlive the query. Returns the evidence, or a refutation carrying the non-zero difference (and {@code witness}, a concrete
     * instance, when given).
     */
    static Evidence identity(String symbols, String simplifier, String lhs, String rhs, Object... witness) {
        String difference0 = simplifier + "((" + lhs + ") - (" + rhs + "))";
        String query = symbols.isEmpty() ? difference0 : "Block({" + symbols + "}, " + difference0 + ")";
        String difference = eval(query);
        if (difference.replaceAll("[{},]", "").chars().allMatch(c -> c == '0')) {
            return Evidence.identity(query + " = 0");
        }
        Object[] kv = new Object[witness.length + 2];
        kv[0] = "lhs − rhs";
        kv[1] = difference;
        System.arraycopy(witness, 0, kv, 2, witness.length);
        return Evidence.refuted(1, Evidence.witness(kv), query + " = " + difference + " ≠ 0");
    }
}
