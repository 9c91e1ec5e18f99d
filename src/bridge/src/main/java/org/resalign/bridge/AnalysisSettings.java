package org.resalign.bridge;

import org.resalign.core.input.InvalidInputException;

/**
 * How a trained network is measured.
 *
 * @param inputs number of training inputs (drawn without replacement from the seed)
 * @param k      singular triplets per block (RA2's frame, RA3's {@code K}); raised to {@code C+1} if smaller
 * @param seed   seed of the inputs, the RA2 chance frames and the randomized SVD
 */
public record AnalysisSettings(int inputs, int k, long seed) {

    public AnalysisSettings {
        if (inputs < 1) {
            throw new InvalidInputException("inputs", "{inputs} must be ≥ 1, got " + inputs);
        }
        if (k < 2) {
            throw new InvalidInputException("k", "{k} must be ≥ 2, got " + k);
        }
    }
}
