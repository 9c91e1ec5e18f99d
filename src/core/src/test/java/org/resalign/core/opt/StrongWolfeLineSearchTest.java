package org.resalign.core.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrongWolfeLineSearchTest {

    private static final double[] ORIGIN = {0};
    private static final double[] FORWARD = {1};

    /** Searches φ from α = 0 along +1 and returns the outcome. */
    private static StrongWolfeLineSearch.Outcome search(StrongWolfeLineSearch ls, TestFunctions.Scalar phi,
                                                        TestFunctions.Scalar dphi, double firstStep) {
        final DifferentiableFunction f = TestFunctions.oneDimensional(phi, dphi);
        return ls.search(f, ORIGIN, phi.value(0), dphi.value(0), FORWARD, firstStep, new double[1], new double[1]);
    }

    private static void assertStrongWolfe(StrongWolfeLineSearch ls, TestFunctions.Scalar phi,
                                          TestFunctions.Scalar dphi, StrongWolfeLineSearch.Outcome out) {
        assertTrue(out.success(), () -> "search failed: " + out.message());
        final double a = out.step();
        assertTrue(a > 0 && Double.isFinite(a), "step " + a);
        final double f0 = phi.value(0);
        final double d0 = dphi.value(0);
        // Re-evaluate independently of the reported value.
        assertTrue(phi.value(a) <= f0 + ls.c1() * a * d0, "sufficient decrease violated at α = " + a);
        assertTrue(Math.abs(dphi.value(a)) <= ls.c2() * Math.abs(d0), "strong curvature violated at α = " + a);
        assertEquals(phi.value(a), out.value(), 0);
        assertEquals(dphi.value(a), out.directionalDerivative(), 0);
    }

    static Stream<Arguments> functions() {
        // φ1 = (α − 3)²; φ2, φ3: Moré–Thuente (1994) test functions 1 and 2; φ4 = −α e^{−α}.
        final TestFunctions.Scalar p1 = a -> (a - 3) * (a - 3);
        final TestFunctions.Scalar d1 = a -> 2 * (a - 3);
        final TestFunctions.Scalar p2 = a -> -a / (a * a + 2);
        final TestFunctions.Scalar d2 = a -> (a * a - 2) / ((a * a + 2) * (a * a + 2));
        final TestFunctions.Scalar p3 = a -> Math.pow(a + 0.004, 5) - 2 * Math.pow(a + 0.004, 4);
        final TestFunctions.Scalar d3 = a -> 5 * Math.pow(a + 0.004, 4) - 8 * Math.pow(a + 0.004, 3);
        final TestFunctions.Scalar p4 = a -> -a * Math.exp(-a);
        final TestFunctions.Scalar d4 = a -> (a - 1) * Math.exp(-a);
        final Stream.Builder<Arguments> b = Stream.builder();
        for (double first : new double[] {1e-3, 0.1, 1, 10, 1000}) {
            b.add(Arguments.of("(α−3)²", p1, d1, first));
            b.add(Arguments.of("−α/(α²+2)", p2, d2, first));
            b.add(Arguments.of("(α+.004)⁵−2(α+.004)⁴", p3, d3, first));
            b.add(Arguments.of("−αe^−α", p4, d4, first));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, first step {3}")
    @MethodSource("functions")
    void acceptedStepSatisfiesBothStrongWolfeConditions(String name, TestFunctions.Scalar phi,
                                                        TestFunctions.Scalar dphi, double firstStep) {
        for (StrongWolfeLineSearch ls : new StrongWolfeLineSearch[] {
                new StrongWolfeLineSearch(), new StrongWolfeLineSearch(1e-4, 0.1, 40),
                new StrongWolfeLineSearch(1e-4, 0.9, 40, 0)}) {
            final StrongWolfeLineSearch.Outcome out = search(ls, phi, dphi, firstStep);
            assertStrongWolfe(ls, phi, dphi, out);
            assertTrue(out.evaluations() <= ls.maxEvaluations());
        }
    }

    @Test
    void infiniteValuesBeyondAStepAreTreatedAsTooFar() {
        // (α − 1)² but +∞ (and a NaN gradient) for α ≥ 1.5; the first trials land in the infinite region.
        final TestFunctions.Scalar phi = a -> a < 1.5 ? (a - 1) * (a - 1) : Double.POSITIVE_INFINITY;
        final TestFunctions.Scalar dphi = a -> a < 1.5 ? 2 * (a - 1) : Double.NaN;
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch();
        for (double first : new double[] {2, 100, 1e6}) {
            final StrongWolfeLineSearch.Outcome out = search(ls, phi, dphi, first);
            assertStrongWolfe(ls, phi, dphi, out);
            assertTrue(out.step() < 1.5);
        }
    }

    @Test
    void overflowOfTheTrialPointItselfIsTooFarNotAnError() {
        // f(x) = (x/1e300 − 1)², NaN for non-finite x (allowed by the contract). Along d = 1e300 this is φ(α) = (α−1)²,
        // and the first trial α = 1e10 overflows the point to +∞: the search must back off, not throw.
        final double scale = 1e300;
        final DifferentiableFunction f = new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                if (!Double.isFinite(x[0])) {
                    g[0] = Double.NaN;
                    return Double.NaN;
                }
                final double u = x[0] / scale - 1;
                g[0] = 2 * u / scale;
                return u * u;
            }
        };
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch();
        final double[] xTrial = new double[1];
        final StrongWolfeLineSearch.Outcome out =
                ls.search(f, ORIGIN, 1, -2, new double[] {scale}, 1e10, xTrial, new double[1]);
        assertTrue(out.success(), () -> out.message());
        final double a = out.step();
        assertTrue(Double.isFinite(xTrial[0]));
        assertTrue((a - 1) * (a - 1) <= 1 - 1e-4 * a * 2 + 1e-12, "sufficient decrease, α = " + a);
        assertTrue(Math.abs(2 * (a - 1)) <= 0.9 * 2 + 1e-12, "curvature, α = " + a);
    }

    @Test
    void ascentDirectionIsReportedAsFailureWithoutEvaluating() {
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch();
        final StrongWolfeLineSearch.Outcome up = search(ls, a -> (a + 1) * (a + 1), a -> 2 * (a + 1), 1);
        assertFalse(up.success());
        assertEquals(0, up.evaluations());
        assertEquals(0, up.step());
        assertNotNull(up.message());
        final StrongWolfeLineSearch.Outcome flat = search(ls, a -> a * a, a -> 2 * a, 1);
        assertFalse(flat.success(), "zero slope is not a descent direction");
    }

    @Test
    void unboundedBelowFailsWithinTheEvaluationBudget() {
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1e-4, 0.9, 40);
        final StrongWolfeLineSearch.Outcome out = search(ls, a -> -a, a -> -1, 1);
        assertFalse(out.success());
        assertTrue(out.evaluations() <= 40 && out.evaluations() > 0, "evaluations " + out.evaluations());
        assertFalse(Double.isNaN(out.step()));
        assertNotNull(out.message());
    }

    @Test
    void noDecreaseAvailableFailsCleanly() {
        // A cusp: φ'(0) < 0 is reported, but φ(α) > φ(0) for all α > 0 (a lying gradient).
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch();
        final DifferentiableFunction f = TestFunctions.oneDimensional(a -> Math.abs(a), a -> a > 0 ? 1 : -1);
        final StrongWolfeLineSearch.Outcome out =
                ls.search(f, ORIGIN, 0, -1, FORWARD, 1, new double[1], new double[1]);
        assertFalse(out.success());
        assertTrue(out.evaluations() <= ls.maxEvaluations());
        assertEquals(0, out.step());
        assertEquals(0, out.value());
    }

    @Test
    void nanAtAFiniteTrialPointThrows() {
        final StrongWolfeLineSearch ls = new StrongWolfeLineSearch();
        final DifferentiableFunction f = TestFunctions.nanBeyond(
                TestFunctions.oneDimensional(a -> (a - 3) * (a - 3), a -> 2 * (a - 3)), 0.5);
        final ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> ls.search(f, ORIGIN, 9, -6, FORWARD, 1, new double[1], new double[1]));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void rejectsInvalidConstants() {
        assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(0.5, 0.4, 40));
        assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(0, 0.9, 40));
        assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(1e-4, 1, 40));
        assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(1e-4, 0.9, 0));
    }
}
