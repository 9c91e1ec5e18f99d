package org.resalign.bridge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where an imported network came from, kept in its model file ({@link ModelInfo#origin}) and in the JSON of every
 * analysis of it.
 *
 * @param format          {@code onnx}
 * @param file            the ONNX file as the user named it
 * @param sha256          the file's SHA-256, in hexadecimal
 * @param producer        the exporter that wrote it, with its version ({@code pytorch 1.13.0})
 * @param irVersion       the ONNX IR version
 * @param opset           the opset of the default domain
 * @param nodes           the graph's nodes (Identity and Constant nodes not counted)
 * @param mapping         each vertex of resalign's graph and the ONNX nodes it was read from
 * @param folded          what the import rewrote into the paper's block form, exactly in inference mode: a bias
 *                        before a batch norm folded into its running mean, a batch norm the exporter had folded into
 *                        a convolution kept as that convolution's bias, a batch norm whose {@code ε} differs from
 *                        DL4J's rescaled
 * @param weightDecay     {@code λ} the network was trained with, as the user declared it ({@code null}: not declared)
 * @param testAccuracy    the imported network's accuracy on the declared data's test set, measured by the import
 *                        ({@code null}: no data declared)
 * @param epoch           the epochs it had been trained when exported, as the user declared it ({@code null}: not
 *                        declared); 0 is its initialisation
 * @param seed            the seed of its training run, as the user declared it ({@code null}: not declared):
 *                        {@code bridge epochs} groups the imported snapshots of one run by it
 */
public record ImportOrigin(String format, String file, String sha256, String producer, long irVersion, long opset,
        int nodes, Map<String, String> mapping, List<String> folded,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double weightDecay,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer epoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long seed) {

    public ImportOrigin {
        mapping = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(mapping));
        folded = List.copyOf(folded);
    }

    /** The same origin with {@code λ} declared. */
    public ImportOrigin withWeightDecay(Double lambda) {
        return new ImportOrigin(format, file, sha256, producer, irVersion, opset, nodes, mapping, folded, lambda,
                testAccuracy, epoch, seed);
    }

    /** The same origin with the test accuracy measured on the declared data. */
    public ImportOrigin withTestAccuracy(Double accuracy) {
        return new ImportOrigin(format, file, sha256, producer, irVersion, opset, nodes, mapping, folded, weightDecay,
                accuracy, epoch, seed);
    }

    /** The same origin with the epoch it was exported at and its run's seed declared (either may be {@code null}). */
    public ImportOrigin withRun(Integer trainedEpochs, Long runSeed) {
        return new ImportOrigin(format, file, sha256, producer, irVersion, opset, nodes, mapping, folded, weightDecay,
                testAccuracy, trainedEpochs, runSeed);
    }
}
