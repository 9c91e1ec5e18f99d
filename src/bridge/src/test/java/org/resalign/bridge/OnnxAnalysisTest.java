package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.resalign.core.io.Json;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * A fully connected ResNet trained and exported by PyTorch ({@code onnx/fc-4a.onnx}), imported and measured at the
 * inputs of {@code fc-4a.inputs.npy} in their order: every block's top-5 singular values and the RA2 grid equal what
 * PyTorch computes from its float64 autograd Jacobians ({@code fc-4a.expected.json}) to 1e-5.
 *
 * <p>An RA2 score in J_j's frames is a function of the Jacobians only where J_j's top-k singular vectors are
 * determined up to sign (distinct, non-zero σ_1 … σ_k above σ_{k+1}); where J_j has rank below k its last vectors are
 * any orthonormal vectors of its null space, and any two SVD routines may choose differently. The fixture marks those
 * frames ({@code determined}); the scores are compared in every other, and both singular values are compared
 * everywhere.
 */
class OnnxAnalysisTest {

    static final double TOLERANCE = 1e-5;

    record Expected(double[][][] singularValues, double[][][] ra2, boolean[][] determined) {
    }

    static Expected expected() throws Exception {
        JsonNode e = Json.mapper().readTree(OnnxImportTest.fixture("fc-4a.expected.json").toFile());
        int n = e.get("singularValues").size();
        double[][][] sv = new double[n][][];
        double[][][] ra2 = new double[n][][];
        boolean[][] determined = new boolean[n][];
        for (int t = 0; t < n; t++) {
            sv[t] = Json.mapper().treeToValue(e.get("singularValues").get(t), double[][].class);
            ra2[t] = Json.mapper().treeToValue(e.get("ra2").get(t), double[][].class);
            determined[t] = Json.mapper().treeToValue(e.get("determined").get(t), boolean[].class);
        }
        assertEquals(5, e.get("k").asInt());
        return new Expected(sv, ra2, determined);
    }

    static List<NetworkAnalysis.Input> inputs(boolean reversed) {
        double[][] rows = NpyFile.readInputs(OnnxImportTest.fixture("fc-4a.inputs.npy"), "at");
        List<NetworkAnalysis.Input> inputs = new ArrayList<>();
        for (int n = 0; n < rows.length; n++) {
            int r = reversed ? rows.length - 1 - n : n;
            inputs.add(new NetworkAnalysis.Input(n, NetworkAnalysis.UNLABELLED, rows[r]));
        }
        return inputs;
    }

    static List<ResidualAlignmentReport> analyse(OnnxImport.Imported imported, List<NetworkAnalysis.Input> inputs) {
        List<NetworkAnalysis.StageResult> stages = NetworkAnalysis.run(imported.graph(), imported.spec(), inputs,
                new AnalysisSettings(inputs.size(), 5, 7), n -> { });
        assertEquals(1, stages.size());
        assertTrue(stages.get(0).deadInputs().isEmpty(), "every trajectory moves");
        return stages.get(0).inputs().stream().map(NetworkAnalysis.InputResult::report).toList();
    }

    /** The largest differences of the singular values and of the determined RA2 scores, and the cells compared. */
    record Differences(double singularValues, double ra2, int compared, int skipped) {
    }

    static Differences differences(Expected e, List<ResidualAlignmentReport> reports) {
        assertEquals(e.singularValues().length, reports.size());
        double sv = 0;
        double ra2 = 0;
        int compared = 0;
        int skipped = 0;
        for (int t = 0; t < reports.size(); t++) {
            double[][] s = reports.get(t).topSingularValues();
            double[][] scores = reports.get(t).ra2().scores();
            assertEquals(e.singularValues()[t].length, s.length);
            for (int i = 0; i < s.length; i++) {
                assertEquals(5, s[i].length);
                for (int m = 0; m < 5; m++) {
                    assertTrue(Double.isFinite(s[i][m]));
                    sv = Math.max(sv, Math.abs(s[i][m] - e.singularValues()[t][i][m]));
                }
                for (int j = 0; j < s.length; j++) {
                    if (!e.determined()[t][j]) {
                        skipped++;
                        continue;
                    }
                    assertTrue(Double.isFinite(scores[i][j]), "score " + i + "," + j + " at input " + t);
                    ra2 = Math.max(ra2, Math.abs(scores[i][j] - e.ra2()[t][i][j]));
                    compared++;
                }
            }
        }
        return new Differences(sv, ra2, compared, skipped);
    }

    @Test
    void singularValuesAndRa2ScoresEqualPyTorchsFloat64Autograd() throws Exception {
        Expected e = expected();
        OnnxImport.Imported imported = OnnxImport.read(OnnxImportTest.fixture("fc-4a.onnx"));
        Differences d = differences(e, analyse(imported, inputs(false)));
        assertTrue(d.singularValues() <= TOLERANCE, "singular values differ by " + d.singularValues());
        assertTrue(d.ra2() <= TOLERANCE, "RA2 scores differ by " + d.ra2());
        // all but the frames of two rank-deficient Jacobians (at inputs 2 and 4) are compared, off the diagonal too
        assertEquals(6 * 4 * 4, d.compared() + d.skipped());
        assertTrue(d.compared() >= 6 * 4 * 4 - 2 * 4, "compared " + d.compared());
        // the scores compared are not all the diagonal's 1
        assertTrue(e.ra2()[0][1][0] < 0.9 && e.ra2()[0][1][0] > 0.05);
    }

    /**
     * Negative controls: the inputs in another order, or a network with one batch-norm scale off by 1e-3 (a shift
     * alone would move no Jacobian of a piecewise-linear network unless a unit switched), fail the comparison.
     */
    @Test
    void theComparisonRejectsReorderedInputsAndAPlantedWrongWeight() throws Exception {
        Expected e = expected();
        OnnxImport.Imported imported = OnnxImport.read(OnnxImportTest.fixture("fc-4a.onnx"));
        Differences reordered = differences(e, analyse(imported, inputs(true)));
        assertTrue(reordered.singularValues() > 100 * TOLERANCE, "reordered: " + reordered.singularValues());
        INDArray gamma = imported.graph().getLayer(new BlockNames(2).norm1()).getParam(
                BatchNormalizationParamInitializer.GAMMA);
        gamma.putScalar(3, gamma.getDouble(3) * (1 + 1e-3));
        Differences planted = differences(e, analyse(imported, inputs(false)));
        assertTrue(planted.singularValues() > TOLERANCE || planted.ra2() > TOLERANCE,
                "planted: " + planted.singularValues() + ", " + planted.ra2());
    }
}
