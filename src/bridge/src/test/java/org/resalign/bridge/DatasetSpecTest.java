package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.resalign.core.io.Json;

class DatasetSpecTest {

    @Test
    void theSyntheticSpecDrawsTheDefaultMixture() {
        DatasetSpec spec = DatasetSpec.synthetic(3, 9);
        assertArrayEquals(new int[] {0, 1, 2}, spec.classes());
        assertEquals(3, spec.classCount());
        Split data = spec.load();
        assertEquals(GaussianMixture.generate(3, 512, 256, GaussianMixture.DEFAULT_RADIUS, 9), data);
        assertEquals(3 * 512, data.train().size());
    }

    @Test
    void theMixturesClassesAreZeroToCMinusOneInOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetSpec("synthetic", new int[] {1, 0}, "", 4, 4, 1));
        assertTrue(e.getMessage().contains("in order"), e.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new DatasetSpec("synthetic", new int[] {0, 0}, "", 4, 4, 1));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetSpec("cifar", new int[] {0, 1}, "", 4, 4, 1));
        assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.fashionMnist(new int[] {0, 10}, Path.of("/tmp")));
    }

    @Test
    void jsonRoundTrip() throws Exception {
        for (DatasetSpec spec : new DatasetSpec[] {DatasetSpec.synthetic(4, 3),
            DatasetSpec.fashionMnist(new int[] {7, 2}, Path.of("/data/fm"))}) {
            DatasetSpec back = Json.mapper().readValue(Json.toJson(spec), DatasetSpec.class);
            assertEquals(spec, back);
        }
    }
}
