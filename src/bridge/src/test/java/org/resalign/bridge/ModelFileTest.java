package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ModelFileTest {

    static final ResNetSpec SPEC = new ResNetSpec(ModelType.T4A, 8, 2, 2);
    static final TrainingSettings SETTINGS = new TrainingSettings(2, 16, 0.1, 0.9, 1e-3, 5, 1);
    static ComputationGraph graph;
    static ModelInfo info;

    @TempDir
    Path dir;

    /** A small network after two steps, so that its momentum is not zero. */
    @BeforeAll
    static void trainTwoSteps() {
        Split data = GaussianMixture.generate(2, 8, 2, 3.0, 1);
        graph = ResNetBuilder.build(SPEC, Trainer.updater(SETTINGS, 1), SETTINGS.weightDecay(), SETTINGS.seed(),
                DataType.FLOAT);
        float[] y = new float[16 * 2];
        for (int k = 0; k < 16; k++) {
            y[k * 2 + data.train().labels()[k]] = 1;
        }
        DataSet batch = new DataSet(Nd4j.create(data.train().pixels(), new long[] {16, ResNetSpec.INPUT_SIZE}),
                Nd4j.create(y, new long[] {16, 2}));
        graph.fit(batch);
        graph.fit(batch);
        DatasetSpec dataset = new DatasetSpec(DatasetSpec.SYNTHETIC, new int[] {0, 1}, "", 8, 2, 1);
        info = new ModelInfo(ModelInfo.FORMAT, SPEC, dataset, SETTINGS, 1,
                List.of(new EpochRecord(1, 1, 0.7, 0.5, 0.05, 0.01)), 0.75, BridgeVersions.all());
    }

    @Test
    void roundTripKeepsWeightsMomentumCountersAndMetadata() {
        Path file = dir.resolve("sub/folder/net.zip");
        ModelFile.write(graph, info, file);
        assertTrue(Files.isRegularFile(file), "missing folders are created");

        ModelFile.Loaded loaded = ModelFile.read(file, true);
        assertEquals(info, loaded.info());
        assertEquals(info, ModelFile.info(file));
        assertArrayEquals(graph.params().toFloatVector(), loaded.graph().params().toFloatVector(), 0f);
        float[] momentum = graph.getUpdater().getStateViewArray().toFloatVector();
        assertTrue(momentumIsNotZero(momentum));
        assertArrayEquals(momentum, loaded.graph().getUpdater().getStateViewArray().toFloatVector(), 0f);
        assertEquals(2, loaded.graph().getConfiguration().getIterationCount());
        assertEquals(graph.getConfiguration(), loaded.graph().getConfiguration());

        ModelFile.Loaded plain = ModelFile.read(file, false);
        assertArrayEquals(graph.params().toFloatVector(), plain.graph().params().toFloatVector(), 0f);
    }

    /** Without the updater the file is read entry by entry: the same network as DL4J's ModelSerializer reads. */
    @Test
    void readingWithoutTheUpdaterGivesModelSerializersNetwork() throws IOException {
        Path file = dir.resolve("net.zip");
        ModelFile.write(graph, info, file);
        ComputationGraph fast = ModelFile.read(file, false).graph();
        ComputationGraph dl4j = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        assertEquals(dl4j.getConfiguration(), fast.getConfiguration());
        assertEquals(dl4j.getConfiguration().toJson(), fast.getConfiguration().toJson());
        assertEquals(2, fast.getConfiguration().getIterationCount());
        assertEquals(dl4j.params().dataType(), fast.params().dataType());
        assertArrayEquals(dl4j.params().toFloatVector(), fast.params().toFloatVector(), 0f);
        // the same outputs, in inference and in double precision, to the last bit
        Split data = GaussianMixture.generate(2, 8, 2, 3.0, 4);
        var x = Nd4j.create(data.train().pixels(), new long[] {16, ResNetSpec.INPUT_SIZE});
        float[] expected = dl4j.outputSingle(x).ravel().toFloatVector();
        assertArrayEquals(expected, fast.outputSingle(x).ravel().toFloatVector(), 0f);
        var xd = x.castTo(DataType.DOUBLE);
        assertArrayEquals(dl4j.convertDataType(DataType.DOUBLE).outputSingle(xd).ravel().toDoubleVector(),
                fast.convertDataType(DataType.DOUBLE).outputSingle(xd).ravel().toDoubleVector(), 0);
        // a planted change is told apart: the comparison is not vacuous
        ComputationGraph other = ResNetBuilder.build(SPEC, Trainer.updater(SETTINGS, 1), SETTINGS.weightDecay(), 99,
                DataType.FLOAT);
        assertFalse(java.util.Arrays.equals(expected, other.outputSingle(x).ravel().toFloatVector()));
    }

    /** DL4J's own entries, in its order and byte for byte, then the metadata as {@code Json.toJson} writes it. */
    @Test
    void theFileHoldsModelSerializersEntriesAndTheMetadata() throws IOException {
        Path file = dir.resolve("net.zip");
        ModelFile.write(graph, info, file);
        Path plain = dir.resolve("plain.zip");
        ModelSerializer.writeModel(graph, plain.toFile(), true);
        Map<String, byte[]> expected = entries(plain);
        assertTrue(expected.containsKey(ModelSerializer.COEFFICIENTS_BIN) && !expected.containsKey(ModelInfo.ENTRY));
        expected.put(ModelInfo.ENTRY, org.resalign.core.io.Json.toJson(info).getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> actual = entries(file);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    m.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return m;
    }

    @Test
    void writingIsAtomicAndReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("net.zip");
        ComputationGraph other = ResNetBuilder.build(SPEC, Trainer.updater(SETTINGS, 1), SETTINGS.weightDecay(), 99,
                DataType.FLOAT);
        ModelInfo otherInfo = info.finished(0.25);
        ModelFile.write(other, otherInfo, file);
        assertEquals(List.of(file.getFileName()), listing());

        ModelFile.write(graph, info, file);
        assertEquals(List.of(file.getFileName()), listing(), "no temporary files are left behind");
        ModelFile.Loaded loaded = ModelFile.read(file, false);
        assertEquals(info, loaded.info());
        assertArrayEquals(graph.params().toFloatVector(), loaded.graph().params().toFloatVector(), 0f);
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("net.zip");
        ModelFile.write(graph, info, file);
        byte[] before = Files.readAllBytes(file);
        // the final move fails: a non-empty folder is in the way
        Path occupied = dir.resolve("occupied.zip");
        Files.createDirectory(occupied);
        Files.writeString(occupied.resolve("keep.txt"), "x");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> ModelFile.write(graph, info, occupied));
        assertTrue(e.getMessage().contains(occupied.toString()), e.getMessage());
        assertEquals(List.of(file.getFileName(), occupied.getFileName()), listing());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).sorted().toList();
        }
    }

    private static boolean momentumIsNotZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return true;
            }
        }
        return false;
    }

    // --- files that are not model files -----------------------------------------------------------------------

    enum Bad {
        TRUNCATED, TEXT, PLAIN_DL4J, METADATA_ONLY, DAMAGED_WEIGHTS, MISSING, DIRECTORY
    }

    private Path make(Bad kind) throws IOException {
        Path good = dir.resolve("good.zip");
        Path file = dir.resolve(kind.name().toLowerCase() + ".zip");
        switch (kind) {
            case TRUNCATED -> {
                ModelFile.write(graph, info, good);
                byte[] all = Files.readAllBytes(good);
                Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
            }
            case TEXT -> Files.writeString(file, "these are not the weights you are looking for\n");
            case PLAIN_DL4J -> ModelSerializer.writeModel(graph, file.toFile(), true);
            case METADATA_ONLY -> zip(file, name -> name.equals(ModelInfo.ENTRY));
            case DAMAGED_WEIGHTS -> zip(file, name -> true);
            case MISSING -> {
            }
            case DIRECTORY -> Files.createDirectory(file);
            default -> throw new AssertionError(kind);
        }
        return file;
    }

    /** A copy of a good model file with the entries {@code keep} accepts; coefficients.bin cut to 10 bytes. */
    private void zip(Path file, Function<String, Boolean> keep) throws IOException {
        Path good = dir.resolve("good.zip");
        ModelFile.write(graph, info, good);
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(good.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (!keep.apply(e.getName())) {
                    continue;
                }
                byte[] content = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelSerializer.COEFFICIENTS_BIN)) {
                    content = java.util.Arrays.copyOf(content, 10);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Bad.class)
    void aBadFileIsOneClearLineNamingIt(Bad kind) throws IOException {
        Path file = make(kind);
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(file, true));
        checkMessage(read.getMessage(), file);
        if (kind != Bad.METADATA_ONLY && kind != Bad.DAMAGED_WEIGHTS) {
            // the metadata alone cannot be read either
            IllegalArgumentException meta = assertThrows(IllegalArgumentException.class, () -> ModelFile.info(file));
            checkMessage(meta.getMessage(), file);
        }
        switch (kind) {
            case MISSING -> assertTrue(read.getMessage().contains("does not exist"), read.getMessage());
            case DIRECTORY -> assertTrue(read.getMessage().contains("not a file"), read.getMessage());
            case PLAIN_DL4J -> assertTrue(read.getMessage().contains(ModelInfo.ENTRY), read.getMessage());
            case METADATA_ONLY -> assertTrue(read.getMessage().contains("not a DL4J model"), read.getMessage());
            case DAMAGED_WEIGHTS -> assertTrue(read.getMessage().contains("damaged"), read.getMessage());
            default -> assertTrue(read.getMessage().contains("truncated or not a zip"), read.getMessage());
        }
    }

    private static void checkMessage(String message, Path file) {
        assertTrue(message.contains(file.toString()), message);
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        assertTrue(message.length() < 300, "short: " + message);
    }

    @Test
    void metadataOfAnotherFormatOrUnreadableMetadataIsRefused() throws IOException {
        // a later format whose record has other fields: the format is what the message names
        Path future = metadataOnly("future.zip", "{\"format\": 2, \"somethingNew\": []}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.info(future));
        assertTrue(e.getMessage().contains("model format 2, this version reads 1"), e.getMessage());
        checkMessage(e.getMessage(), future);

        Path none = metadataOnly("none.zip", "{}");
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> ModelFile.info(none));
        assertTrue(n.getMessage().contains("model format none"), n.getMessage());

        Path incomplete = metadataOnly("incomplete.zip", "{\"format\": 1}");
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> ModelFile.info(incomplete));
        assertTrue(i.getMessage().contains("unreadable metadata"), i.getMessage());
        checkMessage(i.getMessage(), incomplete);

        Path garbled = metadataOnly("garbled.zip", "{\"format\": ");
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> ModelFile.info(garbled));
        assertTrue(g.getMessage().contains("unreadable metadata"), g.getMessage());
        checkMessage(g.getMessage(), garbled);
    }

    private Path metadataOnly(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry(ModelInfo.ENTRY));
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }
}
