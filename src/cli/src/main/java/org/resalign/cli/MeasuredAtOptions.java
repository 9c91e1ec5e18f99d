package org.resalign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.resalign.bridge.AnalysisSettings;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.NetworkAnalysis;
import org.resalign.bridge.NpyFile;
import org.resalign.bridge.Split;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a saved network is measured and what is written beside the JSON: its training inputs chosen from the seed, or
 * the inputs of {@code --at INPUTS.npy}; and {@code --npy DIR}. Shared by {@code bridge analyze} and {@code compare}.
 */
public final class MeasuredAtOptions {

    @Option(names = "--at", paramLabel = "INPUTS.npy", description = "Measure at these inputs, in this order: an .npy "
            + "array (float32 or float64) of N inputs of shape N×784, N×28×28 or N×1×28×28, fed to the network as "
            + "they are (instead of --inputs training inputs).")
    Path at;

    @Option(names = "--npy", paramLabel = "DIR", description = "Also write the Jacobians' top singular values and "
            + "vectors, the trajectories and the RA2 grids as .npy files (float64) into DIR, with arrays.json listing "
            + "them.")
    Path npy;

    /** What to measure at: the inputs, their file, the training data (when known) and the settings with their count. */
    record Measured(List<NetworkAnalysis.Input> inputs, String at, Split data, AnalysisSettings settings) {
    }

    /** Checks the paths before any work, and reads the inputs of {@code --at}. */
    double[][] validate(CommandSpec spec) {
        BadInputException.requireFolderOrAbsent(npy);
        if (at == null) {
            return null;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--inputs")) {
            throw new BadInputException("--inputs chooses training inputs and --at gives the inputs: use one of them");
        }
        return NpyFile.readInputs(at, "at");
    }

    /** The inputs to measure {@code loaded} at. */
    Measured resolve(ModelFile.Loaded loaded, double[][] given, AnalysisOptions analysis, String model) {
        AnalysisSettings base = analysis.settings();
        if (given != null) {
            List<NetworkAnalysis.Input> inputs = new ArrayList<>(given.length);
            for (int n = 0; n < given.length; n++) {
                inputs.add(new NetworkAnalysis.Input(n, NetworkAnalysis.UNLABELLED, given[n]));
            }
            Split data = loaded.info().dataset() == null || loaded.info().imported() ? null
                    : loaded.info().dataset().load();
            return new Measured(inputs, at.toString(), data, new AnalysisSettings(given.length, base.k(), base.seed()));
        }
        if (loaded.info().dataset() == null) {
            throw new BadInputException("model " + model + " was imported without its training data: give --at "
                    + "INPUTS.npy, or import it with --dataset");
        }
        Split data = loaded.info().dataset().load();
        return new Measured(NetworkAnalysis.trainingInputs(data.train(), base), null, data, base);
    }
}
