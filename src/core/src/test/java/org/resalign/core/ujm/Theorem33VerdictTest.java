package org.resalign.core.ujm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resalign.core.io.Json;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.seed.Seeds;

class Theorem33VerdictTest {

    private static final int DIM = 12;
    private static final int DEPTH = 5;
    private static final double LAMBDA = 1e-2;

    private final UjmProblem problem = UjmProblem.binary(DIM, DEPTH, LAMBDA, Loss.LOGISTIC, 1.0, 3);
    private final UnconstrainedJacobiansModel model = UnconstrainedJacobiansModel.dense(problem);
    private final AlignedOptimum aligned = AlignedFamily.solve(Loss.LOGISTIC, DEPTH, LAMBDA, 1.0, 1);

    /** The aligned family's optimum written out as full matrices: J_i = s·uuᵀ, w = ω·u. */
    private double[] alignedPoint(double[] sPerLayer) {
        double[] u = problem.data().inputs()[0];
        double[] theta = new double[model.dimension()];
        for (int i = 0; i < DEPTH; i++) {
            for (int r = 0; r < DIM; r++) {
                for (int c = 0; c < DIM; c++) {
                    theta[i * DIM * DIM + r * DIM + c] = sPerLayer[i] * u[r] * u[c];
                }
            }
        }
        for (int k = 0; k < DIM; k++) {
            theta[model.jacobians().classifierOffset() + k] = aligned.omega() * u[k];
        }
        return theta;
    }

    private double[] equalS() {
        double[] s = new double[DEPTH];
        java.util.Arrays.fill(s, aligned.s());
        return s;
    }

    private Theorem33Verdict judge(double[] theta, AlignedOptimum against) {
        return Theorem33Verdict.judge(model, theta, model.value(theta), against, Theorem33Tolerances.DEFAULT);
    }

    @Test
    void theAlignedPointItselfHolds() {
        Theorem33Verdict v = judge(alignedPoint(equalS()), aligned);
        assertTrue(v.holds(), () -> v.failures().toString());
        assertTrue(Math.abs(v.relativeGap()) < 1e-14);
    }

    /** Negative control for (c): a planted second rank, σ₂/σ₁ = 1e-4. */
    @Test
    void aPlantedSecondRankIsRejected() {
        double[] theta = alignedPoint(equalS());
        DMatrixRMaj j = model.jacobians().jacobian(theta, 2);
        double[] u = problem.data().inputs()[0];
        double[] e = orthogonalTo(u);
        for (int r = 0; r < DIM; r++) {
            for (int c = 0; c < DIM; c++) {
                j.add(r, c, 1e-4 * aligned.s() * e[r] * e[c]);
            }
        }
        model.jacobians().setJacobian(theta, 2, j);
        Theorem33Verdict v = judge(theta, aligned);
        assertFalse(v.holds());
        assertTrue(v.failures().contains("rankOne"), v.failures()::toString);
        assertEquals(1e-4, v.structure().maxRankOneRatio(), 1e-10);
    }

    /** Negative control for (d): one layer's direction rotated by 1e-2 rad. */
    @Test
    void aRotatedLayerIsRejected() {
        double[] theta = alignedPoint(equalS());
        double[] u = problem.data().inputs()[0];
        double[] e = orthogonalTo(u);
        double[] v = new double[DIM];
        for (int k = 0; k < DIM; k++) {
            v[k] = Math.cos(1e-2) * u[k] + Math.sin(1e-2) * e[k];
        }
        DMatrixRMaj j = new DMatrixRMaj(DIM, DIM);
        for (int r = 0; r < DIM; r++) {
            for (int c = 0; c < DIM; c++) {
                j.set(r, c, aligned.s() * v[r] * v[c]);
            }
        }
        model.jacobians().setJacobian(theta, 1, j);
        Theorem33Verdict verdict = judge(theta, aligned);
        assertTrue(verdict.failures().containsAll(List.of("crossLayerAlignment", "inputAlignment")),
                verdict.failures()::toString);
        assertEquals(Math.cos(1e-2), verdict.structure().minCrossLayerAlignment(), 1e-12);
    }

    /** Negative control for (d): a layer J = s·u eᵀ, whose left and right singular vectors are orthogonal. */
    @Test
    void orthogonalLeftAndRightVectorsAreRejected() {
        double[] theta = alignedPoint(equalS());
        double[] u = problem.data().inputs()[0];
        double[] e = orthogonalTo(u);
        DMatrixRMaj j = new DMatrixRMaj(DIM, DIM);
        for (int r = 0; r < DIM; r++) {
            for (int c = 0; c < DIM; c++) {
                j.set(r, c, aligned.s() * u[r] * e[c]);
            }
        }
        model.jacobians().setJacobian(theta, 0, j);
        Theorem33Verdict v = judge(theta, aligned);
        assertTrue(v.failures().contains("leftRightAlignment"), v.failures()::toString);
    }

    /** Negative control for (e): unequal top singular values with the same total Σs (AM–GM says it is worse). */
    @Test
    void unequalSingularValuesAreRejected() {
        double[] s = equalS();
        s[0] *= 1.01;
        s[1] *= 0.99;
        Theorem33Verdict v = judge(alignedPoint(s), aligned);
        assertTrue(v.failures().contains("equalTopSingularValues"), v.failures()::toString);
        assertTrue(v.relativeGap() > 0, "the unequal point has a higher objective, as AM-GM and Jensen predict");
    }

    /** Negative control for (d): w tilted away from Δx. */
    @Test
    void aTiltedClassifierIsRejected() {
        double[] theta = alignedPoint(equalS());
        double[] e = orthogonalTo(problem.data().inputs()[0]);
        for (int k = 0; k < DIM; k++) {
            theta[model.jacobians().classifierOffset() + k] += 1e-2 * aligned.omega() * e[k];
        }
        Theorem33Verdict v = judge(theta, aligned);
        assertTrue(v.failures().contains("classifierParallelToInput"), v.failures()::toString);
    }

    /**
     * The verdict's checks against an independent computation: at a point whose layers all point along one direction
     * rotated by 0.01 rad from Δx (w ∥ Δx), Commons Math's SVD of each J_i gives the deficits directly. Only the input
     * alignment (and, with the objective moved off the minimum, the gap) may fail; every check's {@code passed} is its
     * comparison, and {@code failures} lists exactly the failed keys.
     */
    @Test
    void checksAgreeWithAnIndependentSvdAndListExactlyTheFailures() {
        double[] u = problem.data().inputs()[0];
        double[] e = orthogonalTo(u);
        double angle = 0.01;
        double[] v = new double[DIM];
        for (int k = 0; k < DIM; k++) {
            v[k] = Math.cos(angle) * u[k] + Math.sin(angle) * e[k];
        }
        double[] theta = new double[model.dimension()];
        for (int i = 0; i < DEPTH; i++) {
            DMatrixRMaj j = new DMatrixRMaj(DIM, DIM);
            for (int r = 0; r < DIM; r++) {
                for (int c = 0; c < DIM; c++) {
                    j.set(r, c, aligned.s() * v[r] * v[c]);
                }
            }
            model.jacobians().setJacobian(theta, i, j);
        }
        for (int k = 0; k < DIM; k++) {
            theta[model.jacobians().classifierOffset() + k] = aligned.omega() * u[k];
        }
        Theorem33Verdict verdict = judge(theta, aligned);

        double[][] a = new double[DIM][DIM];
        DMatrixRMaj j0 = model.jacobians().jacobian(theta, 0);
        for (int r = 0; r < DIM; r++) {
            for (int c = 0; c < DIM; c++) {
                a[r][c] = j0.get(r, c);
            }
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a));
        double[] u1 = svd.getU().getColumn(0);
        double cosInput = 0;
        for (int k = 0; k < DIM; k++) {
            cosInput += u1[k] * u[k];
        }
        assertEquals(1 - Math.abs(cosInput), verdict.check(Theorem33Condition.INPUT_ALIGNMENT).measured(), 1e-12);
        assertEquals(1 - Math.cos(angle), verdict.check(Theorem33Condition.INPUT_ALIGNMENT).measured(), 1e-12);
        assertTrue(verdict.check(Theorem33Condition.RANK_ONE).measured() <= 1e-12);
        assertEquals(svd.getSingularValues()[1] / svd.getSingularValues()[0],
                verdict.check(Theorem33Condition.RANK_ONE).measured(), 1e-12);
        double gap = (model.value(theta) - aligned.objective()) / Math.abs(aligned.objective());
        assertEquals(gap, verdict.relativeGap());
        assertEquals(-gap, verdict.check(Theorem33Condition.NOT_BELOW_ALIGNED).measured());
        assertEquals(Math.abs(gap), verdict.check(Theorem33Condition.OBJECTIVE_GAP).measured());

        assertEquals(List.of(Theorem33Condition.values()), verdict.checks().stream().map(Theorem33Check::condition)
                .toList());
        for (Theorem33Check c : verdict.checks()) {
            assertEquals(c.condition().threshold(Theorem33Tolerances.DEFAULT), c.threshold());
            assertEquals(c.measured() <= c.threshold(), c.passed(), c::toString);
        }
        assertEquals(verdict.checks().stream().filter(c -> !c.passed()).map(c -> c.condition().key()).toList(),
                verdict.failures());
        assertTrue(verdict.failures().contains("inputAlignment"), verdict.failures()::toString);
        assertFalse(verdict.failures().contains("leftRightAlignment"), verdict.failures()::toString);
        assertFalse(verdict.failures().contains("crossLayerAlignment"), verdict.failures()::toString);
        assertFalse(verdict.failures().contains("equalTopSingularValues"), verdict.failures()::toString);
        assertFalse(verdict.holds());
        assertTrue(verdict.check(Theorem33Condition.INPUT_ALIGNMENT).decades() < 0);
    }

    /** A check cannot claim a pass its comparison denies, and a NaN deficit fails. */
    @Test
    void aCheckIsItsComparison() {
        assertThrows(IllegalArgumentException.class, () -> new Theorem33Check(Theorem33Condition.RANK_ONE, 1e-3,
                1e-6, true));
        assertThrows(IllegalArgumentException.class, () -> new Theorem33Check(Theorem33Condition.RANK_ONE, 1e-9,
                1e-6, false));
        Theorem33Check nan = Theorem33Check.of(Theorem33Condition.RANK_ONE, Double.NaN, Theorem33Tolerances.DEFAULT);
        assertFalse(nan.passed());
        Theorem33Check exact = Theorem33Check.of(Theorem33Condition.EQUAL_TOP_SINGULAR_VALUES, 0,
                Theorem33Tolerances.DEFAULT);
        assertTrue(exact.passed());
        assertEquals(Math.log10(1e-6) - Math.log10(Double.MIN_NORMAL), exact.decades(), 1e-12);
        assertEquals(3.0, Theorem33Check.of(Theorem33Condition.RANK_ONE, 1e-9, Theorem33Tolerances.DEFAULT)
                .decades(), 1e-12);
    }

    /** Negative control for (a): an aligned objective planted above the truth makes the true optimum a counterexample. */
    @Test
    void anObjectiveBelowTheAlignedOptimumIsACounterexample() {
        AlignedOptimum inflated = new AlignedOptimum(aligned.s(), aligned.omega(), aligned.objective() * (1 + 1e-6),
                aligned.margin(), aligned.loss(), aligned.stationaryPointsFound(), aligned.localMinimum());
        Theorem33Verdict v = judge(alignedPoint(equalS()), inflated);
        assertTrue(v.counterexample());
        assertFalse(v.holds());
    }

    @Test
    void earlyStopAndPerturbedAlignedObjectiveFail() {
        UjmProblem p = UjmProblem.binary(16, 4, 1e-2, Loss.LOGISTIC, 1.0, 5);
        UjmSolution early = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 5).withMaxIterations(3),
                IterationMonitor.NONE);
        assertEquals("fails", UjmSolveReport.of(early, Theorem33Tolerances.DEFAULT).verdict());
        UjmSolution full = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 5), IterationMonitor.NONE);
        assertEquals("holds", UjmSolveReport.of(full, Theorem33Tolerances.DEFAULT).verdict());
        assertEquals("fails", UjmSolveReport.of(full, Theorem33Tolerances.DEFAULT, -1e-6).verdict());
        assertEquals("counterexample", UjmSolveReport.of(full, Theorem33Tolerances.DEFAULT, 1e-6).verdict());
    }

    /**
     * Large λ: the trivial point s = ω = 0 is never optimal (∂f/∂ω = ℓ'(0)‖Δx‖ ≠ 0 there), so even at λ = 5 the
     * optimum is a small non-trivial aligned point below ℓ(0) = log 2, and the full solver finds it.
     */
    @Test
    void largeLambdaStillHasANonTrivialAlignedOptimum() {
        UjmProblem p = UjmProblem.binary(8, 3, 5.0, Loss.LOGISTIC, 1.0, 2);
        UjmSolution s = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 2), IterationMonitor.NONE);
        UjmSolveReport r = UjmSolveReport.of(s, Theorem33Tolerances.DEFAULT);
        assertEquals("holds", r.verdict(), () -> r.theorem33().verdict().failures().toString());
        assertTrue(r.objective() < Math.log(2));
        assertTrue(r.theorem33().verdict().alignedS() > 0);
    }

    @Test
    void otherLossesReachTheirAlignedOptimum() {
        for (Loss loss : List.of(Loss.EXPONENTIAL, Loss.SQUARED)) {
            UjmProblem p = UjmProblem.binary(16, 6, 1e-2, loss, 1.0, 8);
            UjmSolution s = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 8), IterationMonitor.NONE);
            UjmSolveReport r = UjmSolveReport.of(s, Theorem33Tolerances.DEFAULT);
            assertEquals("holds", r.verdict(), () -> loss + " " + r.theorem33().verdict().failures());
        }
    }

    /** The factored rank-1 solver reaches the same objective as the full one (and the aligned optimum). */
    @Test
    void factoredSolverMatchesTheFullSolver() {
        UjmProblem p = UjmProblem.binary(64, 8, 1e-2, Loss.LOGISTIC, 1.0, 4);
        UjmSolution full = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 4), IterationMonitor.NONE);
        for (int rank : new int[] {1, 3}) {
            SolverSettings fs = new SolverSettings(SolverKind.FACTORED, 5000, 1e-11, 0, 2, rank, 0.1, 0.1, 4);
            UjmSolution factored = UjmSolver.solve(p, fs, IterationMonitor.NONE);
            assertEquals(full.result().value(), factored.result().value(), 1e-10 * full.result().value(),
                    "rank " + rank);
            assertEquals("holds", UjmSolveReport.of(factored, Theorem33Tolerances.DEFAULT).verdict());
        }
    }

    @Test
    void factoredSolverAtConvolutionalSize() {
        UjmProblem p = UjmProblem.binary(16384, 16, 1e-2, Loss.LOGISTIC, 1.0, 0);
        UjmSolution s = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.FACTORED, 0), IterationMonitor.NONE);
        UjmSolveReport r = UjmSolveReport.of(s, Theorem33Tolerances.DEFAULT);
        assertEquals("holds", r.verdict(), () -> r.theorem33().verdict().failures().toString());
        assertTrue(Math.abs(r.relativeGap()) <= 1e-9);
    }

    @Test
    void sameSeedSameJson() {
        UjmProblem p = UjmProblem.binary(16, 4, 1e-2, Loss.LOGISTIC, 1.0, 9);
        String a = withoutSeconds(Json.toJson(UjmSolveReport.of(UjmSolver.solve(p, SolverSettings.defaults(
                SolverKind.LBFGS, 9), IterationMonitor.NONE), Theorem33Tolerances.DEFAULT)));
        String b = withoutSeconds(Json.toJson(UjmSolveReport.of(UjmSolver.solve(p, SolverSettings.defaults(
                SolverKind.LBFGS, 9), IterationMonitor.NONE), Theorem33Tolerances.DEFAULT)));
        assertEquals(a, b);
        assertTrue(a.contains("\"alignedObjective\""));
        assertTrue(a.contains("\"holds\" : true"));
    }

    static String withoutSeconds(String json) {
        return json.replaceAll("\"seconds\" : [0-9.eE+-]+", "\"seconds\" : 0");
    }

    /** Second library: σ₁, σ₂ and the top vectors agree with Commons Math's SVD. */
    @Test
    void leadingPairAgreesWithCommonsMath() {
        RandomGenerator rng = Seeds.stream(1, Seeds.Purpose.PERTURBATION);
        for (int trial = 0; trial < 5; trial++) {
            int n = 10 + 7 * trial;
            DMatrixRMaj j = new DMatrixRMaj(n, n);
            double[][] a = new double[n][n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r][c] = rng.nextGaussian();
                    j.set(r, c, a[r][c]);
                }
            }
            LeadingSingularPair mine = LeadingSingularPair.ofDense(j);
            SingularValueDecomposition cm = new SingularValueDecomposition(new Array2DRowRealMatrix(a));
            assertEquals(cm.getSingularValues()[0], mine.sigma1(), 1e-12 * mine.sigma1());
            assertEquals(cm.getSingularValues()[1], mine.sigma2(), 1e-12 * mine.sigma1());
            double dotU = 0;
            double dotV = 0;
            for (int k = 0; k < n; k++) {
                dotU += cm.getU().getEntry(k, 0) * mine.left()[k];
                dotV += cm.getV().getEntry(k, 0) * mine.right()[k];
            }
            assertEquals(1.0, Math.abs(dotU), 1e-9);
            assertEquals(1.0, Math.abs(dotV), 1e-9);
        }
    }

    /** The factored parametrisation's exact QR route agrees with the dense SVD of the same matrix. */
    @Test
    void factoredLeadingPairAgreesWithDense() {
        FactoredJacobians f = new FactoredJacobians(9, 2, 3);
        RandomGenerator rng = Seeds.stream(2, Seeds.Purpose.PERTURBATION);
        double[] theta = new double[2 * f.parametersPerLayer()];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = rng.nextGaussian();
        }
        LeadingSingularPair fromFactors = f.leadingPair(theta, 1);
        LeadingSingularPair fromDense = LeadingSingularPair.ofDense(f.jacobian(theta, 1));
        assertEquals(fromDense.sigma1(), fromFactors.sigma1(), 1e-12 * fromDense.sigma1());
        assertEquals(fromDense.sigma2(), fromFactors.sigma2(), 1e-12 * fromDense.sigma1());
    }

    private static double[] orthogonalTo(double[] u) {
        double[] e = new double[u.length];
        e[0] = 1;
        double d = e[0] * u[0];
        double n = 0;
        for (int k = 0; k < u.length; k++) {
            n += u[k] * u[k];
        }
        for (int k = 0; k < u.length; k++) {
            e[k] -= d / n * u[k];
        }
        LeadingSingularPair.normalise(e);
        return e;
    }
}
