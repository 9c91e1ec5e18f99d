package org.resalign.cli;

import java.nio.file.Path;

import org.resalign.bridge.ModelFile;
import org.resalign.bridge.Threads;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A saved model to measure, and how: shared by {@code bridge analyze} and {@code bridge compare}. */
public final class SavedModelOptions {

    @Parameters(index = "0", paramLabel = "MODEL.zip", description = "A model written by 'bridge train'.")
    Path model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Sets the threads and reads the model (a damaged or foreign file is bad input). */
    ModelFile.Loaded load() {
        Threads.use(threads);
        return ModelFile.read(model, false);
    }
}
