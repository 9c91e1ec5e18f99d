package org.resalign.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.bench.Peer;
import org.resalign.core.io.Json;
import org.resalign.core.ra.ResidualAlignmentReport;
import org.resalign.core.report.ReportFolder;

/**
 * The analysis of a fully-connected network computed again in PyTorch ({@code torch_analysis.py}, run by
 * {@link Peer}): the same weights and inputs, autograd Jacobians, LAPACK's full SVDs and the RA2 grid, in float64.
 * It gives {@code bridge analyze} an independent check of its matrix-free Jacobians and its top-{@code k} SVDs, and a
 * time to hold its own against, measured in the same run.
 *
 * <p>The network is handed over as one {@code .npy} file per parameter (ND4J's writer) with the representations
 * {@code h_1} of the analysed inputs, so both sides start from the same numbers; the peer computes the trajectory,
 * the Jacobians and the decompositions itself.
 */
public final class AnalysisPeer {

    private static final Peer PEER = new Peer(AnalysisPeer.class, "torch_analysis.py", List.of("torch", "numpy"));

    /**
     * What the peer measured beside the analysis.
     *
     * @param seconds                  the peer's computation (Jacobians, SVDs, RA2 grid), without its start-up
     * @param processSeconds           the peer's whole process, interpreter start and {@code import torch} included
     * @param threads                  the peer's threads ({@code torch.set_num_threads})
     * @param torch                    PyTorch's version
     * @param inputs                   inputs compared
     * @param maxSingularValueError    the largest {@code |σ_k − σ_k(peer)| / σ₁} over inputs, blocks and the top
     *                                 {@code k}
     * @param maxAlignmentError        the largest difference of the RA2 mean over {@code i ≠ j}, over inputs
     */
    public record Check(double seconds, double processSeconds, int threads, String torch, int inputs,
            double maxSingularValueError, double maxAlignmentError) {
    }

    private AnalysisPeer() {
    }

    /**
     * Empty when the peer can analyse {@code spec} here, else why not (a convolutional type, or PyTorch missing).
     */
    public static Optional<String> unavailable(ResNetSpec spec) {
        if (spec.type().convolutional()) {
            return Optional.of("the PyTorch peer covers the fully-connected types 1, 4a and 4b, not type "
                    + spec.type().optionName());
        }
        return PEER.unavailable();
    }

    /** {@link #unavailable(ResNetSpec)} for {@code network}: also refused when it scales its residual branches. */
    public static Optional<String> unavailable(ComputationGraph network, ResNetSpec spec) {
        if (ResNetBuilder.branchScale(network, 1) != 1) {
            return Optional.of("the PyTorch peer builds the paper's blocks, without residual scaling α");
        }
        return unavailable(spec);
    }

    /**
     * Runs the peer on {@code network} at the inputs {@code stage} analysed and compares its numbers with
     * {@code stage}'s.
     *
     * @param threads the peer's threads (the analysis's own parallelism, for a fair time)
     */
    public static Check run(ComputationGraph network, ResNetSpec spec, Images train, NetworkAnalysis.StageResult stage,
            int threads) {
        Optional<String> why = unavailable(network, spec);
        if (why.isPresent()) {
            throw new IllegalStateException(why.get());
        }
        List<NetworkAnalysis.InputResult> inputs = stage.inputs();
        if (inputs.isEmpty()) {
            throw new IllegalStateException("no analysed input to compare");
        }
        ComputationGraph g = JacobianExtraction.inDouble(network);
        int k = inputs.get(0).report().topSingularValues()[0].length;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("resalign-peer-");
            export(g, spec, train, inputs, k, dir);
            Peer.Result r = PEER.run(List.of(dir.toString(), Integer.toString(threads)), Map.of(), 3600);
            return compare(r, inputs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand the network to the PyTorch peer: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    ReportFolder.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }
        }
    }

    private static void export(ComputationGraph g, ResNetSpec spec, Images train,
            List<NetworkAnalysis.InputResult> inputs, int k, Path dir) throws IOException {
        double eps = Double.NaN;
        for (int i = 1; i <= spec.depth(); i++) {
            BlockNames n = new BlockNames(i);
            write(dir, "b" + i + "_w1", g.getLayer(n.layer1()).getParam(DefaultParamInitializer.WEIGHT_KEY));
            write(dir, "b" + i + "_w2", g.getLayer(n.layer2()).getParam(DefaultParamInitializer.WEIGHT_KEY));
            for (int side = 1; side <= 2; side++) {
                Layer bn = g.getLayer(side == 1 ? n.norm1() : n.norm2());
                var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) bn.conf().getLayer();
                if (conf.isUseLogStd()) {
                    throw new IllegalStateException("batch norm with a log-std parameter is not handed to the peer");
                }
                eps = conf.getEps();
                write(dir, "b" + i + "_gamma" + side, bn.getParam(BatchNormalizationParamInitializer.GAMMA));
                write(dir, "b" + i + "_beta" + side, bn.getParam(BatchNormalizationParamInitializer.BETA));
                write(dir, "b" + i + "_mean" + side, bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
                write(dir, "b" + i + "_var" + side, bn.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            }
        }
        double[] x = new double[inputs.size() * ResNetSpec.INPUT_SIZE];
        for (int t = 0; t < inputs.size(); t++) {
            System.arraycopy(train.image(inputs.get(t).index()), 0, x, t * ResNetSpec.INPUT_SIZE,
                    ResNetSpec.INPUT_SIZE);
        }
        INDArray batch = Nd4j.create(x, new long[] {inputs.size(), ResNetSpec.INPUT_SIZE});
        write(dir, "h1", g.feedForward(batch, false).get(BlockNames.STEM));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("depth", spec.depth());
        meta.put("k", k);
        meta.put("skips", spec.type().skips());
        meta.put("eps", eps);
        Json.write(dir.resolve("meta.json"), meta);
    }

    private static void write(Path dir, String name, INDArray a) throws IOException {
        Nd4j.writeAsNumpy(a.castTo(DataType.DOUBLE).dup('c'), dir.resolve(name + ".npy").toFile());
    }

    private static Check compare(Peer.Result r, List<NetworkAnalysis.InputResult> inputs) {
        JsonNode sv = r.output().get("singularValues");
        JsonNode al = r.output().get("alignment");
        if (sv == null || al == null || sv.size() != inputs.size() || al.size() != inputs.size()) {
            throw new IllegalStateException("the peer returned results for a different number of inputs");
        }
        double sigmaError = 0;
        double alignmentError = 0;
        for (int t = 0; t < inputs.size(); t++) {
            ResidualAlignmentReport rep = inputs.get(t).report();
            double[][] ours = rep.topSingularValues();
            for (int b = 0; b < ours.length; b++) {
                JsonNode theirs = sv.get(t).get(b);
                for (int j = 0; j < ours[b].length; j++) {
                    sigmaError = Math.max(sigmaError, Math.abs(ours[b][j] - theirs.get(j).asDouble()) / ours[b][0]);
                }
            }
            alignmentError = Math.max(alignmentError, Math.abs(rep.ra2().meanOffDiagonal() - al.get(t).asDouble()));
        }
        return new Check(r.number("seconds"), r.wallSeconds(), (int) r.number("threads"),
                r.output().path("torch").asText(), inputs.size(), sigmaError, alignmentError);
    }

}
