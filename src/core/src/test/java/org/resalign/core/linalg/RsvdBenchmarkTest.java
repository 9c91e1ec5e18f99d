package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.resalign.core.bench.Peer;

/** The parts of {@code rsvd bench} that do not depend on the clock: the problem, the errors, the verdict, the peer. */
class RsvdBenchmarkTest {

    @Test
    void theSpectrumIsOneOverI() {
        assertArrayEquals(new double[] {1, 0.5, 1.0 / 3, 0.25, 0.2}, RsvdBenchmark.spectrum(5), 0.0);
    }

    /** EJML's full SVD of the benchmark matrix, an independent computation, finds σ_i = 1/i. */
    @Test
    void theProblemHasTheKnownSpectrum() {
        int dim = 40;
        KnownSpectrumMatrix m = RsvdBenchmark.problem(dim, 5);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(dim, dim, false, false, true);
        assertTrue(svd.decompose(m.matrix().copy()));
        double[] sigma = Arrays.copyOf(svd.getSingularValues(), dim);
        Arrays.sort(sigma);
        for (int i = 1; i <= dim; i++) {
            assertEquals(1.0 / i, sigma[dim - i], 1e-13, "σ_" + i);
        }
        // and the known triplets are the matrix's: A·v_j = σ_j·u_j
        DMatrixRMaj av = new DMatrixRMaj(dim, 5);
        CommonOps_DDRM.mult(m.matrix(), m.rightVectors(5), av);
        DMatrixRMaj u = m.leftVectors(5);
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < dim; i++) {
                assertEquals(u.get(i, j) / (j + 1), av.get(i, j), 1e-14);
            }
        }
    }

    /**
     * Planted errors of known size: σ̂_j = σ_j(1 + δ_j), û_j = cos θ_j·u_j + sin θ_j·u_{k+1}, v̂_j = ±v_j; the relative
     * errors are |δ_j|, the left deficits 1 − cos θ_j, the right ones 0 (the sign of a singular vector is free).
     */
    @Test
    void theErrorsAreThoseOfAClosedForm() {
        int dim = 30;
        int k = 4;
        KnownSpectrumMatrix m = RsvdBenchmark.problem(dim, 1);
        double[] delta = {0, 1e-3, -2e-6, 5e-9};
        double[] theta = {0, 1e-2, 2e-3, 1e-4};
        double[] sigma = RsvdBenchmark.spectrum(dim);
        double[] values = new double[k];
        DMatrixRMaj u = m.leftVectors(k + 1);
        DMatrixRMaj v = m.rightVectors(k);
        DMatrixRMaj uHat = new DMatrixRMaj(dim, k);
        DMatrixRMaj vHat = new DMatrixRMaj(dim, k);
        for (int j = 0; j < k; j++) {
            values[j] = sigma[j] * (1 + delta[j]);
            for (int i = 0; i < dim; i++) {
                uHat.set(i, j, Math.cos(theta[j]) * u.get(i, j) + Math.sin(theta[j]) * u.get(i, k));
                vHat.set(i, j, (j % 2 == 0 ? 1 : -1) * v.get(i, j));
            }
        }
        RsvdBenchmark.Accuracy a = RsvdBenchmark.accuracy(new TruncatedSvd(values, uHat, vHat), m, k);
        for (int j = 0; j < k; j++) {
            assertEquals(Math.abs(delta[j]), a.relativeErrors()[j], 1e-15, "relative error of σ_" + (j + 1));
        }
        assertEquals(1e-3, a.maxRelativeError(), 1e-15);
        assertEquals(1 - Math.cos(1e-2), a.maxLeftVectorDeficit(), 1e-13);
        assertEquals(0, a.maxRightVectorDeficit(), 1e-14);
        assertEquals(a.maxLeftVectorDeficit(), a.maxVectorDeficit());
        assertEquals(1e-3, RsvdBenchmark.maxRelativeError(new TruncatedSvd(values, uHat, vHat), sigma, k), 1e-15);
        assertTrue(a.within(1.01e-3));
        assertFalse(a.within(0.99e-3), "an error of 1e-3 is not within 0.99e-3");
    }

    /** The exact triplets pass; the same with one value off by 1e-6 is flagged. */
    @Test
    void aPlantedWrongValueIsFlagged() {
        int dim = 50;
        int k = 5;
        KnownSpectrumMatrix m = RsvdBenchmark.problem(dim, 2);
        double[] exact = Arrays.copyOf(RsvdBenchmark.spectrum(dim), k);
        RsvdBenchmark.Accuracy right = RsvdBenchmark.accuracy(new TruncatedSvd(exact, m.leftVectors(k),
                m.rightVectors(k)), m, k);
        assertTrue(right.within(1e-12), right.toString());
        double[] wrong = exact.clone();
        wrong[2] *= 1 + 1e-6;
        RsvdBenchmark.Accuracy planted = RsvdBenchmark.accuracy(new TruncatedSvd(wrong, m.leftVectors(k),
                m.rightVectors(k)), m, k);
        assertEquals(1e-6, planted.maxRelativeError(), 1e-15);
        assertFalse(planted.within(1e-8));
    }

    /** The report holds the decomposition the backends compute when called directly, and its errors. */
    @Test
    void theReportIsTheDirectDecompositionAndItsErrors() {
        RsvdBenchmark.Inputs in = RsvdBenchmark.inputs(64, 4, 20, 2, "java", 10, 1, "lu", 2, true, false, 1e-8);
        assertEquals("java", in.backend());
        assertEquals("as given", in.backendChoice());
        assertEquals(14, in.blockWidth());
        AtomicInteger steps = new AtomicInteger();
        RsvdBenchmark.Report r = RsvdBenchmark.run(in, steps::incrementAndGet);
        assertEquals(RsvdBenchmark.steps(in), steps.get());

        KnownSpectrumMatrix m = RsvdBenchmark.problem(64, 2);
        RandomizedSvd.Parameters p = RandomizedSvd.Parameters.of(4, 2);
        TruncatedSvd direct = RandomizedSvd.decompose(new DenseOperator(m.matrix(), 1,
                DenseOperator.Kernel.PORTABLE), p);
        assertArrayEquals(direct.singularValues(), r.singularValues(), 0.0);
        RsvdBenchmark.Accuracy a = RsvdBenchmark.accuracy(direct, m, 4);
        assertArrayEquals(a.relativeErrors(), r.relativeErrors(), 0.0);
        assertEquals(a.maxRelativeError(), r.maxRelativeError());
        assertEquals(a.maxLeftVectorDeficit(), r.maxLeftVectorDeficit());
        assertEquals(a.maxRightVectorDeficit(), r.maxRightVectorDeficit());
        assertEquals("holds", r.verdict());
        assertEquals(p.products(), r.products());
        assertEquals(2 * 64.0 * 64 * 14 * p.products() * 1e-9, r.gflop(), 1e-15);
        assertEquals(2, r.repeatSeconds().length);

        TruncatedSvd ejml = RandomizedSvd.decompose(new EjmlOperator(m.matrix(), false), p);
        assertEquals("ejml", r.baseline().backend());
        assertEquals(RsvdBenchmark.accuracy(ejml, m, 4).maxRelativeError(), r.baseline().maxRelativeError());
        assertNull(r.peer());
        assertNull(r.peerRatio());
    }

    /** Without iterations or oversampling the top 10 of the slowly decaying spectrum are off: the verdict fails. */
    @Test
    void tooFewIterationsFail() {
        RsvdBenchmark.Report r = RsvdBenchmark.run(RsvdBenchmark.inputs(120, 10, 0, 0, "java", 0, 1, "lu", 1, false,
                false, 1e-8), () -> { });
        assertEquals("fails", r.verdict());
        assertTrue(r.maxRelativeError() > 1e-8, "" + r.maxRelativeError());
    }

    /** A backend whose products drift between calls breaks the same-seed-same-result check; a steady one passes. */
    @Test
    void aBackendThatChangesItsResultsIsRefused() {
        KnownSpectrumMatrix m = RsvdBenchmark.problem(40, 0);
        LinearOperator exact = new DenseOperator(m.matrix(), 1, DenseOperator.Kernel.PORTABLE);
        LinearOperator drifting = new LinearOperator() {
            int calls;

            @Override
            public int rows() {
                return exact.rows();
            }

            @Override
            public int cols() {
                return exact.cols();
            }

            @Override
            public void apply(DMatrixRMaj x, DMatrixRMaj y) {
                exact.apply(x, y);
                y.add(0, 0, 1e-6 * ++calls);
            }

            @Override
            public void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
                exact.applyTranspose(x, y);
                y.add(0, 0, 1e-6 * ++calls);
            }
        };
        RandomizedSvd.Parameters p = RandomizedSvd.Parameters.of(3, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RsvdBenchmark.time("drifting", drifting, 0, p, 1, () -> { }));
        assertTrue(e.getMessage().contains("different results"), e.getMessage());
        assertEquals(3, RsvdBenchmark.time("java", exact, 0, p, 3, () -> { }).times().length);
    }

    @Test
    void badInputsNameTheirOption() {
        assertTrue(message(() -> RsvdBenchmark.inputs(0, 4, 20, 0, "java", 10, 1, "lu", 1, false, false, 1e-8))
                .startsWith("dim must be ≥ 1"));
        assertTrue(message(() -> RsvdBenchmark.inputs(8, 9, 20, 0, "java", 10, 1, "lu", 1, false, false, 1e-8))
                .startsWith("k 9 exceeds dim 8"));
        assertTrue(message(() -> RsvdBenchmark.inputs(8, 2, 20, 0, "cuda", 10, 1, "lu", 1, false, false, 1e-8))
                .startsWith("backend must be auto, vector, java or ejml"));
        assertTrue(message(() -> RsvdBenchmark.inputs(8, 2, 20, 0, "java", 10, 1, "lu", 1, false, false, 0))
                .startsWith("tol must be finite and > 0"));
        assertTrue(message(() -> RsvdBenchmark.inputs(0, 2, 20, 0, "java", 10, 1, "svd", 1, false, false, 1e-8))
                .startsWith("dim"), "the options are checked in their order");
        assertTrue(message(() -> RsvdBenchmark.inputs(8, 2, 20, 0, "java", 10, 1, "svd", 1, false, false, 1e-8))
                .startsWith("renormalization must be lu or qr"));
        assertTrue(message(() -> RsvdBenchmark.inputs(50000, 2, 20, 0, "java", 10, 1, "lu", 1, false, false, 1e-8))
                .contains("too large for one dense array"));
        RsvdBenchmark.Inputs auto = RsvdBenchmark.inputs(8, 2, 20, 0, "auto", 10, 1, "QR", 1, false, false, 1e-8);
        assertTrue(List.of("vector", "java").contains(auto.backend()), auto.backend());
        assertTrue(auto.backendChoice().startsWith("auto: " + auto.backend()), auto.backendChoice());
        assertEquals("qr", auto.renormalization());
        assertEquals(RandomizedSvd.Renormalization.QR, auto.parameters().renormalization());
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void anAbsentPeerIsReportedNotAnError() {
        Peer missing = new Peer(RsvdBenchmark.class, "rsvd_peer.py", List.of("numpy", "no_such_module_resalign"));
        JsonNode out = RsvdBenchmark.runPeer(missing, List.of(32, 2, 2, 1, 0, 1, 1, "LU"), 1);
        assertTrue(out.get("absent").asText().contains("no_such_module_resalign"), out.toString());
        assertFalse(out.has("seconds"));
    }

    @Test
    void aFailingPeerIsReportedNotAnError() {
        assumeTrue(RsvdBenchmark.SKLEARN.available(), "scikit-learn is not installed");
        JsonNode out = RsvdBenchmark.runPeer(RsvdBenchmark.SKLEARN, List.of(32, 2, 2, 1, 0, 1, 1, "NOPE"), 1);
        assertTrue(out.has("failed"), out.toString());
        assertFalse(out.has("seconds"));
    }
}
