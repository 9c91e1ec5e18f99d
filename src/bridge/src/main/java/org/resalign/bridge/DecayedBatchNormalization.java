package org.resalign.bridge;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * DL4J's batch normalisation with its layer's regularisation applied to {@code γ} and {@code β} too
 * ({@link DecayScope#ALL}, eq. (1)). DL4J 1.0.0-M2.1's {@code BatchNormalization} returns no regularisation for any
 * of its parameters, so {@code l2} never reaches them; here {@code γ} and {@code β} get the list the layer holds for
 * its weights (the network's {@code l2(λ)}: the coupled penalty {@code λ/2‖θ‖²}, whose gradient {@code λθ} enters the
 * optimiser like the data's), and the running mean and variance, which are statistics rather than trained
 * parameters, get none. Everything else is DL4J's layer; the class is recorded in the model file, so a model written
 * with it reads back with it.
 */
public class DecayedBatchNormalization extends BatchNormalization {

    private static final long serialVersionUID = 1L;

    /** DL4J's defaults, as {@code new BatchNormalization.Builder().build()}, which Jackson also calls. */
    public DecayedBatchNormalization() {
        super();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (BatchNormalizationParamInitializer.GAMMA.equals(paramName)
                || BatchNormalizationParamInitializer.BETA.equals(paramName)) {
            return getRegularization();
        }
        return null;
    }

    @Override
    public DecayedBatchNormalization clone() {
        return (DecayedBatchNormalization) super.clone();
    }
}
