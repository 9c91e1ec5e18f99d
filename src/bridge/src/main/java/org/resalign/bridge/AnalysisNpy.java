package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.io.Json;
import org.resalign.core.linalg.TruncatedSvd;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * The arrays of an analysis as {@code .npy} files ({@code analyze --npy DIR}, {@code compare --npy DIR}), float64,
 * C order, one set per stage {@code S} (1-based), for numpy users to take further. {@code N} is the stage's measured
 * inputs, {@code L} its blocks, {@code D} its width, {@code k} the triplets per block:
 * <ul>
 *   <li>{@code stageS_inputs.npy} {@code [N]}: each input's index (its training index, or its row of {@code --at});</li>
 *   <li>{@code stageS_labels.npy} {@code [N]}: its class, −1 when unknown;</li>
 *   <li>{@code stageS_singular_values.npy} {@code [N, L, k]}: each Residual Jacobian's top singular values;</li>
 *   <li>{@code stageS_u.npy}, {@code stageS_v.npy} {@code [N, L, D, k]}: its top left and right singular vectors (as
 *       columns: {@code J_i ≈ U diag(σ) Vᵀ});</li>
 *   <li>{@code stageS_trajectories.npy} {@code [N, L+1, D]}: {@code h_1 … h_{L+1}} through the stage;</li>
 *   <li>{@code stageS_ra2.npy} {@code [N, L, L]}: the RA2 grid, {@code [n, i, j]} the score of {@code J_i} in
 *       {@code J_j}'s frames, as {@code stages[].inputs[].report.ra2.scores[i][j]} in the JSON.</li>
 * </ul>
 * {@code arrays.json} lists every file with its shape and meaning.
 */
public final class AnalysisNpy {

    private AnalysisNpy() {
    }

    /** Writes the arrays of {@code r} into {@code folder} (as {@link org.resalign.core.report.ReportFolder} hands it). */
    public static void writeInto(Path folder, AnalysisReport r) throws IOException {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("model", r.model());
        index.put("at", r.at());
        List<Map<String, Object>> files = new ArrayList<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (int s = 0; s < r.stages().size(); s++) {
            NetworkAnalysis.StageResult stage = r.stages().get(s);
            List<NetworkAnalysis.InputResult> inputs = stage.inputs();
            if (inputs.isEmpty()) {
                continue;
            }
            String p = "stage" + (s + 1) + "_";
            int n = inputs.size();
            int depth = stage.stage().depth();
            int dim = stage.stage().dim();
            int k = inputs.get(0).svds().get(0).rank();
            double[] index2 = new double[n];
            double[] labels = new double[n];
            double[] sigma = new double[n * depth * k];
            double[] u = new double[n * depth * dim * k];
            double[] v = new double[n * depth * dim * k];
            double[] trajectories = new double[n * (depth + 1) * dim];
            double[] ra2 = new double[n * depth * depth];
            for (int t = 0; t < n; t++) {
                NetworkAnalysis.InputResult in = inputs.get(t);
                index2[t] = in.index();
                labels[t] = in.label();
                ResidualAlignmentReport rep = in.report();
                for (int i = 0; i < depth; i++) {
                    TruncatedSvd svd = in.svds().get(i);
                    for (int j = 0; j < k; j++) {
                        sigma[(t * depth + i) * k + j] = svd.singularValues()[j];
                    }
                    copy(svd.u(), u, (t * depth + i) * dim * k, dim, k);
                    copy(svd.v(), v, (t * depth + i) * dim * k, dim, k);
                    for (int j = 0; j < depth; j++) {
                        ra2[(t * depth + i) * depth + j] = rep.ra2().scores()[i][j];
                    }
                }
                for (int i = 0; i <= depth; i++) {
                    System.arraycopy(in.trajectory()[i], 0, trajectories, (t * (depth + 1) + i) * dim, dim);
                }
            }
            files.add(file(folder, p + "inputs.npy", index2, new long[] {n}, "each input's training index, or its row "
                    + "of the --at file"));
            files.add(file(folder, p + "labels.npy", labels, new long[] {n}, "each input's class, -1 when unknown"));
            files.add(file(folder, p + "singular_values.npy", sigma, new long[] {n, depth, k}, "[n, i, j]: sigma_j of "
                    + "the Residual Jacobian J_i of stage block i at input n"));
            files.add(file(folder, p + "u.npy", u, new long[] {n, depth, dim, k}, "[n, i, :, j]: the left singular "
                    + "vector u_j of J_i"));
            files.add(file(folder, p + "v.npy", v, new long[] {n, depth, dim, k}, "[n, i, :, j]: the right singular "
                    + "vector v_j of J_i"));
            files.add(file(folder, p + "trajectories.npy", trajectories, new long[] {n, depth + 1, dim}, "[n, i, :]: "
                    + "the representation h_i entering stage block i (i = L: the stage's output)"));
            files.add(file(folder, p + "ra2.npy", ra2, new long[] {n, depth, depth}, "[n, i, j]: the RA2 score "
                    + "||diag(U_j^T J_i V_j)|| / ||U_j^T J_i V_j||_F with J_j's top-k singular vectors"));
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("stage", s + 1);
            st.put("blocks", stage.stage().from() + "-" + stage.stage().to());
            st.put("width", dim);
            st.put("inputs", n);
            st.put("k", k);
            stages.add(st);
        }
        index.put("stages", stages);
        index.put("files", files);
        Json.write(folder.resolve("arrays.json"), index);
    }

    private static Map<String, Object> file(Path folder, String name, double[] values, long[] shape, String meaning)
            throws IOException {
        NpyFile.write(values, shape, folder.resolve(name));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", name);
        f.put("shape", shape);
        f.put("meaning", meaning);
        return f;
    }

    /** Copies the {@code rows × cols} matrix {@code m} row-major into {@code out} at {@code offset}. */
    private static void copy(DMatrixRMaj m, double[] out, int offset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[offset + r * cols + c] = m.get(r, c);
            }
        }
    }

    /** Reads back an array this class wrote (for tests and users of the library). */
    public static INDArray read(Path file) {
        NpyFile.header(file, "npy");
        return Nd4j.createFromNpyFile(file.toFile());
    }
}
