package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.resalign.core.input.InvalidInputException;

/** Neural Collapse of a network: its features, its classifier and the measures' response to a planted failure. */
class NetworkCollapseTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    static final Split DATA = GaussianMixture.generate(3, 20, 10, GaussianMixture.DEFAULT_RADIUS, 5);

    static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void theFeaturesAreTheLastRepresentationOfTheTrajectory() {
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 6, 3, 3);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 2);
        int[] idx = {4, 17, 33, 50};
        double[][] f = NetworkCollapse.features(g, DATA.train(), idx);
        for (int r = 0; r < idx.length; r++) {
            double[][] t = JacobianExtraction.at(g, spec, DATA.train().image(idx[r])).trajectory();
            assertArrayEquals(t[spec.depth()], f[r], 1e-12);
        }
    }

    @Test
    void theConvolutionalFeaturesAreTheSpatialMeansOfTheLastRepresentation() {
        ResNetSpec spec = new ResNetSpec(ModelType.T5A, 2, 2, 3);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 3);
        int[] idx = {1, 40};
        double[][] f = NetworkCollapse.features(g, DATA.train(), idx);
        int positions = spec.sideAt(spec.depth() + 1) * spec.sideAt(spec.depth() + 1);
        for (int r = 0; r < idx.length; r++) {
            double[] h = JacobianExtraction.at(g, spec, DATA.train().image(idx[r])).trajectory()[spec.depth()];
            assertEquals(spec.width() * positions, h.length);
            double[] pooled = new double[spec.width()];
            for (int c = 0; c < spec.width(); c++) {
                for (int s = 0; s < positions; s++) {
                    pooled[c] += h[c * positions + s] / positions;
                }
            }
            assertArrayEquals(pooled, f[r], 1e-12);
        }
    }

    @Test
    void theClassifierIsTheNetworksOwn() {
        // the accuracy NC4's classifier gives is the network's softmax output's, image for image
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 6, 3, 3);
        ComputationGraph g = TinyNetworks.withRandomNorms(spec, 4);
        NetworkCollapse nc = NetworkCollapse.of(g, DATA.train(), all(DATA.train().size()));
        assertEquals(Trainer.accuracy(g, DATA.train()), nc.accuracy(), 0);
        assertEquals(DATA.train().size(), nc.inputs());
    }

    @Test
    void aTrainedNetworkCollapsesByItsClassesAndNotByShuffledOnes() {
        // negative control: the same features under labels shuffled across the classes show no collapse
        Split data = GaussianMixture.generate(3, 60, 10, GaussianMixture.DEFAULT_RADIUS, 6);
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 2, 3);
        java.nio.file.Path model = dir.resolve("m.zip");
        Trainer.train(spec, new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1, 2}, "", 60, 10, 6), data,
                new TrainingSettings(30, 30, 0.1, 0.9, 1e-3, 3, 0), model, false, TrainingMonitor.NONE);
        ComputationGraph g = ModelFile.read(model, false).graph();
        Images train = data.train();
        int[] shuffled = train.labels().clone();
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        Images wrong = new Images(train.name(), train.pixels(), shuffled, train.classes(), train.classNames());
        NetworkCollapse right = NetworkCollapse.of(g, train, all(train.size()));
        NetworkCollapse planted = NetworkCollapse.of(g, wrong, all(train.size()));
        assertTrue(right.accuracy() > 0.95, "trained: " + right);
        assertTrue(right.measures().nc1() < 0.5, "trained: " + right);
        assertTrue(planted.measures().nc1() > 10 * right.measures().nc1(), planted + " against " + right);
        assertTrue(planted.accuracy() < 0.6, "shuffled: " + planted);
        assertTrue(planted.measures().selfDuality() > right.measures().selfDuality(), planted + " against " + right);
    }

    @Test
    void theImagesAreDrawnFromTheSeedAndHoldEveryClass() {
        Images train = DATA.train();
        assertArrayEquals(all(train.size()), NetworkCollapse.chooseInputs(train, train.size(), 1));
        int[] a = NetworkCollapse.chooseInputs(train, 12, 1);
        assertArrayEquals(a, NetworkCollapse.chooseInputs(train, 12, 1));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(NetworkCollapse.chooseInputs(train,
                12, 2)));
        assertEquals(12, java.util.Arrays.stream(a).distinct().count());
        assertThrows(InvalidInputException.class, () -> NetworkCollapse.chooseInputs(train, 2, 1));
        assertThrows(InvalidInputException.class, () -> NetworkCollapse.chooseInputs(train, train.size() + 1, 1));
        // images of one class only: NC is not defined, and says so
        ComputationGraph g = TinyNetworks.withRandomNorms(new ResNetSpec(ModelType.T4A, 6, 2, 3), 1);
        int[] oneClass = java.util.stream.IntStream.range(0, train.size()).filter(i -> train.labels()[i] == 0)
                .toArray();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NetworkCollapse.of(g, train, oneClass));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
    }
}
