package org.resalign.bridge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON of {@code bridge analyze} (and the network half of {@code compare} and {@code skips}).
 *
 * @param command       the command
 * @param model         the model file
 * @param spec          its architecture
 * @param dataset       its data
 * @param training      how it was trained
 * @param trainAccuracy its final training accuracy
 * @param testAccuracy  its final test accuracy
 * @param settings      what was measured
 * @param seed          the analysis seed
 * @param versions      library versions
 * @param seconds       wall time
 * @param verdict       {@code measured}
 * @param stages        RA1–4 per stage of square blocks, summarised and per input
 * @param peer          the same analysis in PyTorch, with {@code --peer} (absent from the JSON otherwise)
 * @param imported      where an imported network came from ({@link ImportOrigin}; absent for one trained here)
 * @param at            the {@code .npy} file of the inputs measured at ({@code --at}; absent when they are training
 *                      inputs chosen from the seed)
 */
public record AnalysisReport(String command, String model, ResNetSpec spec, DatasetSpec dataset,
        TrainingSettings training, double trainAccuracy, double testAccuracy, AnalysisSettings settings, long seed,
        Map<String, String> versions, double seconds, String verdict, List<NetworkAnalysis.StageResult> stages,
        @JsonInclude(JsonInclude.Include.NON_NULL) AnalysisPeer.Check peer,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImportOrigin imported,
        @JsonInclude(JsonInclude.Include.NON_NULL) String at) {

    /** Analyses the model {@code loaded} read from {@code model} at training inputs of {@code data}. */
    public static AnalysisReport of(String command, String model, ModelFile.Loaded loaded, Split data,
            AnalysisSettings settings, java.util.function.IntConsumer progress) {
        return of(command, model, loaded, NetworkAnalysis.trainingInputs(data.train(), settings), null, settings,
                progress);
    }

    /**
     * Analyses the model {@code loaded} read from {@code model} at {@code inputs}, in their order.
     *
     * @param at the file the inputs came from ({@code analyze --at}), or {@code null} for training inputs
     */
    public static AnalysisReport of(String command, String model, ModelFile.Loaded loaded,
            List<NetworkAnalysis.Input> inputs, String at, AnalysisSettings settings,
            java.util.function.IntConsumer progress) {
        long t0 = System.nanoTime();
        ModelInfo info = loaded.info();
        List<NetworkAnalysis.StageResult> stages = NetworkAnalysis.run(loaded.graph(), info.spec(), inputs, settings,
                progress);
        return new AnalysisReport(command, model, info.spec(), info.dataset(), info.training(),
                info.trainAccuracy() == null ? Double.NaN : info.trainAccuracy(), info.testAccuracy(), settings,
                settings.seed(), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, "measured", stages, null,
                info.origin(), at);
    }

    /**
     * The same analysis of the network of {@code trained}'s run at initialisation ({@link InitialNetwork}), at the
     * same inputs; its accuracies are the initial network's own, and {@code model} names it
     * {@code MODEL at initialisation}.
     *
     * @param inputs the inputs the trained network was measured at
     * @param at     the file they came from, or {@code null}
     */
    public static AnalysisReport atInitialisation(String command, String model, ModelInfo trained, Split data,
            List<NetworkAnalysis.Input> inputs, String at, AnalysisSettings settings) {
        long t0 = System.nanoTime();
        ModelFile.Loaded initial = InitialNetwork.of(trained, data);
        List<NetworkAnalysis.StageResult> stages = NetworkAnalysis.run(initial.graph(), trained.spec(), inputs,
                settings, n -> { });
        return new AnalysisReport(command, model + " at initialisation", trained.spec(), trained.dataset(),
                trained.training(), initial.info().trainAccuracy(), Trainer.accuracy(initial.graph(), data.test()),
                settings, settings.seed(), BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, "measured", stages,
                null, null, at);
    }

    /** This report with the PyTorch peer's check of its last stage. */
    public AnalysisReport withPeer(AnalysisPeer.Check check) {
        return new AnalysisReport(command, model, spec, dataset, training, trainAccuracy, testAccuracy, settings, seed,
                versions, seconds, verdict, stages, check, imported, at);
    }

    /**
     * The stage a verdict reads: the last one (the only one but for Type 3, whose second stage is after its
     * downsampling block).
     */
    public NetworkAnalysis.StageResult lastStage() {
        return stages.get(stages.size() - 1);
    }

    /** A one-line description of the network for titles. */
    public String what() {
        return "type " + spec.type().optionName() + ", D=" + spec.width() + ", L=" + spec.depth() + ", C="
                + spec.classes() + (dataset == null ? "" : ", " + dataset.kind()) + (imported == null ? ""
                        : ", imported from " + imported.format());
    }
}
