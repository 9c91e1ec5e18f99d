package org.resalign.cli;

import org.resalign.bridge.AnalysisSettings;
import org.resalign.bridge.RunDefaults;

import picocli.CommandLine.Option;

/**
 * How a trained network is measured: shared by {@code bridge analyze}, {@code compare} and {@code skips}, with
 * {@link RunDefaults}' defaults.
 */
public final class AnalysisOptions {

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "" + RunDefaults.INPUTS,
            description = "Training inputs at which the Jacobians are measured (default ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--k", paramLabel = "K", defaultValue = "" + RunDefaults.K, description = "Singular triplets per "
            + "block for RA2 and RA3; at least C+1 are taken (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--analysis-seed", paramLabel = "S", defaultValue = "" + RunDefaults.ANALYSIS_SEED,
            description = "Seed of the chosen inputs, RA2's random frames and the randomized SVD (default "
                    + "${DEFAULT-VALUE}).")
    long seed;

    AnalysisSettings settings() {
        return new AnalysisSettings(inputs, k, seed);
    }
}
