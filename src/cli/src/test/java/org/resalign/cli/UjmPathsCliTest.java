package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.resalign.core.io.Json;

/** {@code ujm paths}: the must-show instance against a binomial whose s is found here, by other means. */
class UjmPathsCliTest {

    /**
     * The aligned family's optimum s for the logistic loss, ‖Δx‖ = 1, found without the tool's aligned-family solver:
     * the stationarity conditions of f(s, ω) = ℓ(ω(1+s)^L) + λ/2 (L s² + ω²) give ω² = s(1+s) (divide ∂f/∂s by
     * ∂f/∂ω), leaving one equation in s, g(s) = ℓ'(m)(1+s)^L + λ√(s(1+s)) = 0 with m = √(s(1+s))(1+s)^L and
     * ℓ'(m) = −1/(1+e^m); solved by bisection on a bracket where g changes sign once.
     */
    static double alignedS(int depth, double lambda) {
        java.util.function.DoubleUnaryOperator g = s -> {
            double omega = Math.sqrt(s * (1 + s));
            double m = omega * Math.pow(1 + s, depth);
            return -Math.pow(1 + s, depth) / (1 + Math.exp(m)) + lambda * omega;
        };
        double lo = 1e-9;
        double hi = 10;
        assertTrue(g.applyAsDouble(lo) < 0 && g.applyAsDouble(hi) > 0);
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (g.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    static double choose(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return Math.rint(c);
    }

    @Test
    void theMustShowInstanceSplitsItsMarginBinomially() throws Exception {
        CliTest.Outcome o = CliTest.run("ujm", "paths", "--dim", "16", "--depth", "12", "--lambda", "1e-2", "--quiet",
                "--json", "-");
        assertEquals(0, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals("ujm paths", r.get("command").asText());
        assertEquals("holds", r.get("verdict").asText());
        assertEquals("holds", r.get("solve").get("verdict").asText());
        double s = alignedS(12, 1e-2);
        assertEquals(s, r.get("aligned").get("s").asDouble(), 1e-9 * s);
        JsonNode share = r.get("pathShare");
        assertEquals(13, share.size());
        double length = 0;
        for (int k = 0; k <= 12; k++) {
            double binomial = choose(12, k) * Math.pow(s, k) / Math.pow(1 + s, 12);
            assertEquals(binomial, share.get(k).asDouble(), 1e-6, "k=" + k);
            length += k * binomial;
        }
        assertEquals(length, r.get("effectivePathLength").asDouble(), 1e-5);
        assertEquals(13, r.get("pathCountShare").size());
        JsonNode lesions = r.get("lesionMarginRatio");
        assertEquals(12, lesions.size());
        for (JsonNode v : lesions) {
            assertEquals(1 / (1 + s), v.asDouble(), 1e-6); // deleting any block divides the margin by 1+s
        }
    }

    /** Negative control: a tolerance below the measured deviation fails, exit 1. */
    @Test
    void aToleranceBelowTheDeviationFails() throws Exception {
        CliTest.Outcome o = CliTest.run("ujm", "paths", "--dim", "8", "--depth", "6", "--tol-paths", "1e-17",
                "--quiet", "--json", "-");
        assertEquals(1, o.code(), o.err());
        JsonNode r = Json.mapper().readTree(o.out());
        assertEquals("fails", r.get("verdict").asText());
        assertTrue(r.get("aligned").get("maxDeviation").asDouble() > 1e-17);
    }

    @Test
    void badInputIsOneLine() {
        for (String[] args : new String[][] {{"ujm", "paths", "--tol-paths", "-1"}, {"ujm", "paths", "--depth", "0"},
            {"ujm", "paths", "--lambda", "0"}}) {
            CliTest.Outcome o = CliTest.run(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }
}
