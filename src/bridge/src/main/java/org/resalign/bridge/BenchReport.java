package org.resalign.bridge;

import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code bridge bench}: one {@link TrainingBenchmark.Result} per width, thread count and engine, each
 * measured in its own JVM, and each one's speed relative to the same engine's at the first thread count and width.
 *
 * @param command   {@code bridge bench}
 * @param type      model type
 * @param depth     {@code L}
 * @param widths    the widths measured
 * @param threads   the thread counts measured ({@code 0}: ND4J's default)
 * @param seed      seed of the networks and batches
 * @param versions  library versions
 * @param seconds   wall time
 * @param verdict   {@code measured}
 * @param results   the measurements: width-major, then thread count, then engine
 * @param speedups  per result, its steps/s over the same engine's at the first thread count and the same width
 * @param peer       the peer's framework ({@code pytorch 1.13…}), or {@code null} when it did not run
 * @param peerAbsent why the peer did not run (no PyTorch, a convolutional type), or {@code null}
 * @param peers      per result, the PyTorch peer's measurement of the same configuration ({@code null} when absent)
 * @param peerRatios per result, its median step time over the peer's ({@code null} when absent)
 */
public record BenchReport(String command, ModelType type, int depth, int[] widths, int[] threads, long seed,
        Map<String, String> versions, double seconds, String verdict, List<TrainingBenchmark.Result> results,
        double[] speedups, String peer, String peerAbsent, List<TrainingBenchmark.PeerResult> peers,
        double[] peerRatios) {
}
