package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

class CosineScheduleTest {

    @Test
    void closedFormAtTheStartMiddleEndAndBeyond() {
        CosineSchedule s = new CosineSchedule(0.1, 100);
        assertEquals(0.1, s.valueAt(0, 0), 1e-15);
        assertEquals(0.05, s.valueAt(50, 0), 1e-15);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.valueAt(25, 3), 1e-15);
        assertEquals(0.0, s.valueAt(100, 0), 1e-15);
        assertEquals(0.0, s.valueAt(101, 0), 1e-15);
        assertEquals(0.0, s.valueAt(10_000, 9), 1e-15, "the rate stays at 0 after T");
        // odd T: the middle is between two iterations
        CosineSchedule odd = new CosineSchedule(2.0, 3);
        assertEquals(2.0 * 0.5 * (1 + Math.cos(Math.PI / 3)), odd.valueAt(1, 0), 1e-15);
        // it only falls, and the epoch argument is ignored
        for (int t = 1; t <= 100; t++) {
            assertTrue(s.valueAt(t, 0) < s.valueAt(t - 1, 0), "falls at " + t);
            assertEquals(s.valueAt(t, 0), s.valueAt(t, 7));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "-0.1, 10", "NaN, 10", "Infinity, 10", "0.1, 0", "0.1, -5"})
    void badArgumentsAreRejected(double initial, int total) {
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(initial, total));
    }

    @Test
    void equalityAndClone() {
        CosineSchedule s = new CosineSchedule(0.1, 40);
        assertEquals(s, s.clone());
        assertEquals(s.hashCode(), s.clone().hashCode());
        assertNotEquals(s, new CosineSchedule(0.1, 41));
        assertNotEquals(s, new CosineSchedule(0.2, 40));
    }

    @Test
    void survivesDl4jsOwnConfigurationJson() {
        TrainingSettings settings = new TrainingSettings(5, 16, 0.07, 0.9, 1e-3, 3, 1);
        int stepsPerEpoch = 6;
        ResNetSpec spec = new ResNetSpec(ModelType.T4A, 8, 2, 2);
        ComputationGraph graph = ResNetBuilder.build(spec, Trainer.updater(settings, stepsPerEpoch),
                settings.weightDecay(), settings.seed(), DataType.FLOAT);
        String json = graph.getConfiguration().toJson();
        assertTrue(json.contains(CosineSchedule.class.getName()), "the schedule is written by class");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);

        CosineSchedule expected = new CosineSchedule(0.07, stepsPerEpoch * 5);
        int checked = 0;
        for (Map.Entry<String, GraphVertex> v : back.getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer bl) {
                IUpdater u = bl.getIUpdater();
                Nesterovs n = (Nesterovs) u;
                ISchedule schedule = n.getLearningRateSchedule();
                assertEquals(expected, schedule, "layer " + v.getKey());
                assertEquals(0.9, n.getMomentum(), 0);
                IUpdater original = ((BaseLayer) graph.getLayer(v.getKey()).conf().getLayer()).getIUpdater();
                assertEquals(original, u, "layer " + v.getKey());
                for (int t : new int[] {0, 7, 15, 29, 30, 31}) {
                    assertEquals(expected.valueAt(t, 0), u.getLearningRate(t, 0), 0, "iteration " + t);
                }
                checked++;
            }
        }
        // stem, 2 × 2 dense layers, and their batch norms and the classifier
        assertTrue(checked >= 5, checked + " layers with an updater");
        assertEquals(graph.getConfiguration(), back);
    }
}
