package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Paper Table 1 at this tool's scale: the test accuracy of every network the listed experiments trained, read from
 * their committed {@code results.json}, beside the paper's figure for the same model type and dataset where the
 * paper gives one (its Table 1 lists Types 1–3 trained for 500 epochs on all classes).
 */
public final class AccuracyTable {

    /**
     * One trained network.
     *
     * @param experiment      the experiment that trained it
     * @param label           its run label
     * @param type            model type
     * @param width           {@code D}
     * @param depth           {@code L}
     * @param classes         {@code C}
     * @param trainImages     training images
     * @param epochs          epochs
     * @param weightDecay     {@code λ}
     * @param stochasticDepth drop probability in training
     * @param testAccuracy    measured test accuracy
     * @param paperAccuracy   the paper's Table 1 figure for the type on all classes (null where it has none)
     * @param trainingSeconds wall time of the training steps
     * @param stepsPerSecond  training steps per second
     */
    public record Row(String experiment, String label, String type, int width, int depth, int classes,
            int trainImages, int epochs, double weightDecay, double stochasticDepth, double testAccuracy,
            Double paperAccuracy, double trainingSeconds, double stepsPerSecond) {
    }

    private AccuracyTable() {
    }

    /** The rows of the experiments {@code spec} lists, whose specs sit in {@code base}. */
    public static List<Row> rows(Path base, ExperimentSpec spec) {
        List<Row> rows = new ArrayList<>();
        for (String name : spec.experiments()) {
            Path results = base.resolve(name).resolve(ExperimentFolder.RESULTS);
            if (!Files.isRegularFile(results)) {
                throw new InvalidInputException("experiments", "the table's {experiments} include %s, whose %s is "
                        + "missing; run 'resalign reproduce %s' first", name, results, base.resolve(name + ".yaml"));
            }
            JsonNode root;
            try {
                root = Json.mapper().readTree(results.toFile());
            } catch (IOException e) {
                throw new InvalidInputException("experiments", "the table's {experiments} include %s, whose %s is "
                        + "not readable JSON: %s", name, results, e.getMessage()).causedBy(e);
            }
            JsonNode runs = root.path("runs");
            if (!runs.isArray() || runs.isEmpty()) {
                throw new InvalidInputException("experiments", "the table's {experiments} include %s, whose %s "
                        + "lists no trained networks", name, results);
            }
            for (JsonNode run : runs) {
                JsonNode t = run.path("training");
                JsonNode s = t.path("spec");
                String type = s.path("type").asText();
                ModelType mt = ModelType.parse(type);
                int classes = s.path("classes").asInt();
                Double paper = spec.paperAccuracy() == null || classes != 10 ? null
                        : spec.paperAccuracy().get(mt.optionName());
                int images = t.path("dataset").path("trainPerClass").asInt();
                rows.add(new Row(name, run.path("label").asText(), mt.optionName(), s.path("width").asInt(),
                        s.path("depth").asInt(), classes, images == 0 ? 6000 * classes : images * classes,
                        t.path("training").path("epochs").asInt(), t.path("training").path("weightDecay").asDouble(),
                        t.path("training").path("stochasticDepth").asDouble(), number(t, "testAccuracy", results),
                        paper, number(t, "trainingSeconds", results), number(t, "stepsPerSecond", results)));
            }
        }
        return rows;
    }

    private static double number(JsonNode node, String field, Path file) {
        JsonNode v = node.path(field);
        if (!v.isNumber()) {
            throw new InvalidInputException("experiments", "%s, of the table's {experiments}, has no number '%s' "
                    + "for a run", file, field);
        }
        return v.asDouble();
    }
}
