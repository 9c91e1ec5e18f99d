package org.resalign.bridge;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Small double-precision networks with non-trivial batch-norm statistics, for the bridge's tests. */
final class TinyNetworks {

    private TinyNetworks() {
    }

    /** {@code spec} in double precision, its batch norms given random scales, shifts, means and variances. */
    static ComputationGraph withRandomNorms(ResNetSpec spec, long seed) {
        return withRandomNorms(ResNetBuilder.build(spec, new Sgd(0.1), 1e-3, seed, DataType.DOUBLE), seed);
    }

    /** {@code g}'s batch norms given random scales, shifts, means and variances from {@code seed}. */
    static ComputationGraph withRandomNorms(ComputationGraph g, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                long c = l.getParam(BatchNormalizationParamInitializer.GAMMA).length();
                l.setParam(BatchNormalizationParamInitializer.GAMMA, random(rng, c, 0.5, 1.5));
                l.setParam(BatchNormalizationParamInitializer.BETA, random(rng, c, -0.3, 0.3));
                l.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, random(rng, c, -0.2, 0.2));
                l.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, random(rng, c, 0.5, 2.0));
            }
        }
        return g;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray random(SplittableRandom rng, long n, double lo, double hi) {
        double[] v = new double[(int) n];
        for (int k = 0; k < v.length; k++) {
            v[k] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.create(v, new long[] {1, n});
    }
}
