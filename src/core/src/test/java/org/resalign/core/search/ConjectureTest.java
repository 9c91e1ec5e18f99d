package org.resalign.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.opt.StopReason;
import org.resalign.core.seed.Seeds;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.AlignedOptimum;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

/**
 * Each conjecture's judge: on real solver optima (where the expected answer is known), and on planted points it must
 * reject (its negative controls).
 */
class ConjectureTest {

    private static UjmSolution solve(UjmProblem p) {
        return UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, p.seed()), IterationMonitor.NONE);
    }

    @Test
    void namesAreUniqueAndLookedUp() {
        List<String> names = Conjecture.all().stream().map(Conjecture::name).toList();
        assertEquals(List.of("thm33", "rank-le-classes", "aligned-multisample", "inverse-depth", "other-losses",
                "short-paths", "lesion-robust"), names);
        for (String n : names) {
            assertEquals(n, Conjecture.named(" " + n.toUpperCase() + " ").name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conjecture.named("rank"));
        assertTrue(e.getMessage().contains("thm33"), e.getMessage());
    }

    @Test
    void theorem33HoldsAtTheSolversOptimumAndRejectsAPointBelowTheAlignedMinimum() {
        Conjecture c = Conjecture.named("thm33");
        UjmProblem p = UjmProblem.binary(6, 4, 0.05, Loss.LOGISTIC, 1.0, 7);
        UjmSolution s = solve(p);
        assertEquals(Outcome.HOLDS, c.judge(s).outcome(), c.judge(s).detail());

        AlignedOptimum a = AlignedFamily.solve(Loss.LOGISTIC, 4, 0.05, 1.0, 1);
        UjmSolution below = Planted.at(s, s.theta(), a.objective() * (1 - 1e-6), StopReason.GRADIENT_TOLERANCE);
        Judgement j = c.judge(below);
        assertEquals(Outcome.VIOLATED, j.outcome(), j.detail());
        assertTrue(j.slack() < 0);
    }

    @Test
    void theorem33PolishesAStructuralMissBeforeItCountsAndRejectsOneThatSurvives() {
        // The optimum's objective at a point whose Jacobians carry a second direction of 0.05: a structural miss at
        // the minimum. Polishing must take it back to the aligned optimum (the theorem holds, so no such optimum
        // exists), and say so.
        Conjecture c = Conjecture.named("thm33");
        UjmProblem p = UjmProblem.binary(5, 3, 0.1, Loss.LOGISTIC, 1.0, 3);
        UjmSolution s = solve(p);
        double[] theta = s.theta().clone();
        for (int i = 0; i < 3; i++) {
            DMatrixRMaj j = s.model().jacobians().jacobian(theta, i);
            j.add(0, 1, 0.05);
            s.model().jacobians().setJacobian(theta, i, j);
        }
        UjmSolution miss = Planted.at(s, theta, s.result().value(), StopReason.GRADIENT_TOLERANCE);
        Judgement polished = c.judge(miss);
        assertEquals(Outcome.HOLDS, polished.outcome(), polished.detail());
        assertTrue(polished.detail().contains("after polishing"), polished.detail());
        UjmSolution stalled = Planted.at(s, theta, s.result().value(), StopReason.MAX_ITERATIONS);
        assertEquals(Outcome.INCONCLUSIVE, c.judge(stalled).outcome());

        // Tolerances no optimum can meet (σ₂/σ₁ = 0 exactly): the polished aligned optimum still "misses", but it is
        // the aligned optimum itself, so the judge must not call it a second optimum.
        Theorem33Structure strict = ((Theorem33Structure) c).withTolerances(new Theorem33Tolerances(1e-10, 1e-8, 0,
                0, 0));
        Judgement rounding = strict.judge(miss);
        assertEquals(Outcome.INCONCLUSIVE, rounding.outcome(), rounding.detail());
        assertTrue(rounding.figures().get("distanceToAligned") < 1e-9, rounding.detail());
    }

    @Test
    void theorem33CountsAPolishedMissFarFromTheAlignedOptimum() {
        // A stationary point 7% above the global minimum (found by the search: the aligned family's second local
        // minimum, small s). With an objective tolerance of 1 it counts as "at the minimum", and with a zero rank
        // tolerance its rounding-level σ₂ is a structural miss; it lies far from the aligned optimum, so the judge
        // must call it a counterexample: the negative control of the second-optimum branch.
        UjmProblem p = UjmProblem.binary(12, 11, 0.658156747498326, Loss.LOGISTIC, 0.14104491853809528, 174560393);
        UjmSolution s = solve(p);
        Judgement plain = Conjecture.named("thm33").judge(s);
        assertEquals(Outcome.INCONCLUSIVE, plain.outcome(), plain.detail());
        assertTrue(plain.detail().contains("local optimum"), plain.detail());
        Theorem33Structure loose = ((Theorem33Structure) Conjecture.named("thm33")).withTolerances(
                new Theorem33Tolerances(1e-10, 1.0, 0, 1e-6, 1e-6));
        Judgement j = loose.judge(s);
        assertEquals(Outcome.VIOLATED, j.outcome(), j.detail());
        assertTrue(j.figures().get("distanceToAligned") > 0.01, j.detail());
    }

    /**
     * The slack reads every structural condition: layers aligned with each other along a direction 0.01 rad off Δx
     * (w ∥ Δx) miss only the input alignment, by {@code 1 − cos 0.01}, so the slack is {@code log₁₀(1e-6 / (1 − cos
     * 0.01))} ≈ −1.7, however well the other conditions hold.
     */
    @Test
    void theorem33SlackCountsTheInputAlignment() {
        UjmProblem p = UjmProblem.binary(6, 3, 0.05, Loss.LOGISTIC, 1.0, 2);
        AlignedOptimum a = AlignedFamily.solve(Loss.LOGISTIC, 3, 0.05, 1.0, 1);
        double[] u = p.data().inputs()[0];
        double[] e = new double[6];
        e[u[0] == 0 ? 0 : 1] = 1;
        double proj = 0;
        for (int k = 0; k < 6; k++) {
            proj += e[k] * u[k];
        }
        double norm = 0;
        for (int k = 0; k < 6; k++) {
            e[k] -= proj * u[k];
            norm += e[k] * e[k];
        }
        double angle = 0.01;
        double[] v = new double[6];
        for (int k = 0; k < 6; k++) {
            v[k] = Math.cos(angle) * u[k] + Math.sin(angle) * e[k] / Math.sqrt(norm);
        }
        DMatrixRMaj[] js = new DMatrixRMaj[3];
        for (int i = 0; i < 3; i++) {
            js[i] = new DMatrixRMaj(6, 6);
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    js[i].set(r, c, a.s() * v[r] * v[c]);
                }
            }
        }
        double[] w = new double[6];
        for (int k = 0; k < 6; k++) {
            w[k] = a.omega() * u[k];
        }
        UjmSolution planted = Planted.solution(p, js, w, StopReason.MAX_ITERATIONS, Double.NaN);
        Judgement j = Conjecture.named("thm33").judge(planted);
        assertEquals(Math.log10(1e-6 / (1 - Math.cos(angle))), j.slack(), 1e-6, j.detail());
        assertEquals(1 - Math.cos(angle), j.figures().get("inputDeficit"), 1e-12);
    }

    @Test
    void rankAtMostClassesHoldsAtOptimaWithTheSharperBoundAndRejectsAPlantedRankCPlusOne() {
        Conjecture c = Conjecture.named("rank-le-classes");
        UjmProblem p = new UjmProblem(8, 3, 0.01, Loss.LOGISTIC, 6, 3, 1.0, 11);
        UjmSolution s = solve(p);
        Judgement j = c.judge(s);
        assertEquals(Outcome.HOLDS, j.outcome(), j.detail());
        // Softmax: rank W ≤ C − 1 = 2, and the data bear the sharper bound out exactly.
        assertEquals(2.0, j.figures().get("sharperBound"));
        assertEquals(2.0, j.figures().get("maxNumericalRank"));
        // Independently of EJML: Commons Math finds the same numerical rank in every layer.
        for (int i = 0; i < 3; i++) {
            DMatrixRMaj m = s.model().jacobians().jacobian(s.theta(), i);
            double[][] a = new double[8][8];
            for (int r = 0; r < 8; r++) {
                for (int k = 0; k < 8; k++) {
                    a[r][k] = m.get(r, k);
                }
            }
            double[] sv = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues();
            assertTrue(sv[1] > 1e-6 * sv[0] && sv[2] <= 1e-6 * sv[0], "layer " + i + ": " + java.util.Arrays
                    .toString(sv));
        }

        DMatrixRMaj[] js = new DMatrixRMaj[3];
        for (int i = 0; i < 3; i++) {
            js[i] = Planted.diagonal(8, 0.5, 0.4, 0.3, 0.2); // rank 4 = C + 1
        }
        Judgement planted = c.judge(Planted.solution(p, js, new double[24], StopReason.GRADIENT_TOLERANCE,
                Double.NaN));
        assertEquals(Outcome.VIOLATED, planted.outcome(), planted.detail());
        assertEquals(0.4, planted.value(), 1e-15);
        assertEquals(Outcome.INCONCLUSIVE, c.judge(Planted.solution(p, js, new double[24], StopReason.MAX_ITERATIONS,
                Double.NaN)).outcome());
    }

    @Test
    void sharperBoundFollowsTheLoss() {
        assertEquals(1, RankAtMostClasses.sharperBound(new UjmProblem(5, 2, 0.1, Loss.SQUARED, 6, 2, 1, 0)));
        assertEquals(3, RankAtMostClasses.sharperBound(new UjmProblem(5, 2, 0.1, Loss.SQUARED, 6, 3, 1, 0)));
        assertEquals(2, RankAtMostClasses.sharperBound(new UjmProblem(5, 2, 0.1, Loss.EXPONENTIAL, 6, 3, 1, 0)));
        assertEquals(2, RankAtMostClasses.sharperBound(new UjmProblem(5, 2, 0.1, Loss.LOGISTIC, 2, 4, 1, 0)));
    }

    @Test
    void alignedMultisampleHoldsAtAnOptimumAndRejectsLayersWithDifferentDirections() {
        Conjecture c = Conjecture.named("aligned-multisample");
        UjmProblem p = new UjmProblem(6, 3, 0.02, Loss.LOGISTIC, 5, 3, 1.0, 5);
        Judgement j = c.judge(solve(p));
        assertEquals(Outcome.HOLDS, j.outcome(), j.detail());
        assertTrue(j.figures().get("layerSpread") < 1e-6, j.detail());

        DMatrixRMaj second = new DMatrixRMaj(6, 6);
        second.set(1, 1, 0.5);
        second.set(0, 0, 0.2);
        DMatrixRMaj[] js = {Planted.diagonal(6, 0.5, 0.2), second, Planted.diagonal(6, 0.5, 0.2)};
        Judgement planted = c.judge(Planted.solution(p, js, new double[18], StopReason.GRADIENT_TOLERANCE,
                Double.NaN));
        assertEquals(Outcome.VIOLATED, planted.outcome(), planted.detail());
        assertEquals(1.0, planted.value(), 1e-15); // e₁ against e₂
        assertEquals(0.0, planted.figures().get("asymmetry"), 0.0);
    }

    @Test
    void inverseDepthIsViolatedAtTheOptimumAndHoldsForAPlantedOneOverIProfile() {
        Conjecture c = Conjecture.named("inverse-depth");
        UjmProblem p = UjmProblem.binary(4, 6, 0.05, Loss.LOGISTIC, 1.0, 2);
        Judgement j = c.judge(solve(p));
        assertEquals(Outcome.VIOLATED, j.outcome(), j.detail());
        assertTrue(Math.abs(j.value()) < 1e-6, j.detail());

        // The judge can say "holds": J_i = (1/i)·e₁e₁ᵀ is exact RA4, 1/σ₁ = i, rising by (L−1)/mean = 5/3.5.
        DMatrixRMaj[] js = new DMatrixRMaj[6];
        for (int i = 0; i < 6; i++) {
            js[i] = Planted.diagonal(4, 1.0 / (i + 1));
        }
        Judgement ra4 = c.judge(Planted.solution(p, js, new double[4], StopReason.GRADIENT_TOLERANCE, Double.NaN));
        assertEquals(Outcome.HOLDS, ra4.outcome(), ra4.detail());
        assertEquals(5 / 3.5, ra4.value(), 1e-12);
    }

    @Test
    void otherLossesHoldAtTheSolversOptimum() {
        Conjecture c = Conjecture.named("other-losses");
        for (Loss loss : List.of(Loss.EXPONENTIAL, Loss.SQUARED)) {
            Judgement j = c.judge(solve(UjmProblem.binary(5, 3, 0.05, loss, 1.5, 4)));
            assertEquals(Outcome.HOLDS, j.outcome(), loss + ": " + j.detail());
        }
    }

    /**
     * short-paths holds at a solved optimum of its box; outside it (L = 2, λ = 1e-3, ‖Δx‖ = 0.5, where the aligned
     * family's s is 1.66) the solver's optimum violates it, and so does a planted J_i = 2·uuᵀ (shares Binomial(L, 2/3),
     * effective length 2L/3).
     */
    @Test
    void shortPathsHoldsInItsBoxAndRejectsLongerPaths() {
        Conjecture c = Conjecture.named("short-paths");
        Judgement inside = c.judge(solve(UjmProblem.binary(6, 6, 1e-2, Loss.LOGISTIC, 1.0, 3)));
        assertEquals(Outcome.HOLDS, inside.outcome(), inside.detail());
        double si = AlignedFamily.solve(Loss.LOGISTIC, 6, 1e-2, 1.0, 1).s();
        assertEquals(si / (1 + si), inside.value(), 1e-6, "the effective length of the aligned optimum, over L");
        Judgement shallow = c.judge(solve(UjmProblem.binary(4, 2, 1e-3, Loss.LOGISTIC, 0.5, 3)));
        assertEquals(Outcome.VIOLATED, shallow.outcome(), shallow.detail());
        double s = AlignedFamily.solve(Loss.LOGISTIC, 2, 1e-3, 0.5, 1).s();
        assertEquals(s / (1 + s), shallow.value(), 1e-6, "the effective length of the aligned optimum, over L");

        UjmProblem p = UjmProblem.binary(5, 6, 1e-2, Loss.LOGISTIC, 1.0, 2);
        double[] u = p.data().inputs()[0].clone();
        DMatrixRMaj uu = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.multTransB(2.0, new DMatrixRMaj(5, 1, true, u), new DMatrixRMaj(5, 1, true, u), uu);
        DMatrixRMaj[] js = new DMatrixRMaj[6];
        java.util.Arrays.fill(js, uu);
        double[] w = u.clone();
        if (p.data().labels()[0] < 0) {
            for (int d = 0; d < 5; d++) {
                w[d] = -w[d];
            }
        }
        Judgement planted = c.judge(Planted.solution(p, js, w, StopReason.GRADIENT_TOLERANCE, Double.NaN));
        assertEquals(Outcome.VIOLATED, planted.outcome(), planted.detail());
        assertEquals(2.0 / 3, planted.value(), 1e-12);
    }

    /**
     * lesion-robust holds at a solved optimum of its box, and rejects a planted optimum whose margin travels only
     * through block 1 (w orthogonal to both inputs, J_1 = w·cᵀ with c = Σ y_n x_n): deleting it leaves margin 0.
     */
    @Test
    void lesionRobustHoldsAtAnOptimumAndRejectsAnEssentialBlock() {
        Conjecture c = Conjecture.named("lesion-robust");
        Judgement solved = c.judge(solve(new UjmProblem(6, 4, 1e-2, Loss.LOGISTIC, 3, 2, 1.0, 5)));
        assertEquals(Outcome.HOLDS, solved.outcome(), solved.detail());
        assertTrue(solved.value() > 0 && solved.value() < 1, solved.detail());

        UjmProblem p = new UjmProblem(4, 2, 1e-2, Loss.LOGISTIC, 2, 2, 1.0, 6);
        double[][] x = p.data().inputs();
        int[] y = p.data().labels();
        double[] w = {1, 0, 0, 0};
        for (double[] xn : x) { // Gram-Schmidt against both inputs
            double[] q = orthogonalised(xn, x, xn == x[0] ? 0 : 1);
            double dot = 0;
            double norm = 0;
            for (int d = 0; d < 4; d++) {
                dot += w[d] * q[d];
                norm += q[d] * q[d];
            }
            for (int d = 0; d < 4; d++) {
                w[d] -= dot / norm * q[d];
            }
        }
        double[] cv = new double[4];
        for (int n = 0; n < 2; n++) {
            for (int d = 0; d < 4; d++) {
                cv[d] += y[n] * x[n][d];
            }
        }
        DMatrixRMaj j1 = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransB(new DMatrixRMaj(4, 1, true, w), new DMatrixRMaj(4, 1, true, cv), j1);
        UjmSolution planted = Planted.solution(p, new DMatrixRMaj[] {j1, new DMatrixRMaj(4, 4)}, w,
                StopReason.GRADIENT_TOLERANCE, Double.NaN);
        Judgement j = c.judge(planted);
        assertEquals(Outcome.VIOLATED, j.outcome(), j.detail());
        assertEquals(0, j.value(), 1e-12);
        assertEquals(1.0, j.figures().get("block"));
    }

    /** {@code x[which]} made orthogonal to the inputs before it. */
    private static double[] orthogonalised(double[] v, double[][] x, int which) {
        double[] q = v.clone();
        for (int m = 0; m < which; m++) {
            double[] b = orthogonalised(x[m], x, m);
            double dot = 0;
            double norm = 0;
            for (int d = 0; d < q.length; d++) {
                dot += q[d] * b[d];
                norm += b[d] * b[d];
            }
            for (int d = 0; d < q.length; d++) {
                q[d] -= dot / norm * b[d];
            }
        }
        return q;
    }

    @Test
    void everyBoxIsSampledInsideItself() {
        for (Conjecture c : Conjecture.all()) {
            RandomGenerator rng = Seeds.stream(1, Seeds.Purpose.SEARCH);
            for (int k = 0; k < 300; k++) {
                UjmProblem p = c.space().sample(rng);
                assertTrue(c.space().contains(p), c.name() + ": " + p);
                UjmProblem q = c.space().neighbour(p, rng);
                assertTrue(c.space().contains(q), c.name() + ": " + q);
                if (c.space().dimAboveClasses()) {
                    assertTrue(p.dim() > p.classes() && q.dim() > q.classes());
                }
            }
        }
    }
}
