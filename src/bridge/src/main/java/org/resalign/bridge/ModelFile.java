package org.resalign.bridge;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Json;

/**
 * A trained network on disk: DL4J's own model zip ({@link ModelSerializer}, with the updater state so that a
 * checkpoint resumes exactly) plus one entry, {@value ModelInfo#ENTRY}, holding the {@link ModelInfo}. Files are
 * written atomically ({@link AtomicFile}: a temporary file beside the target, then a move). Reading a file that is
 * missing, truncated, not a zip, not a DL4J model or not written by this tool is an {@link InvalidInputException} of
 * the parameter {@code model}, with one clear line.
 */
public final class ModelFile {

    /** A network and what its file says about it. */
    public record Loaded(ComputationGraph graph, ModelInfo info) {
    }

    private ModelFile() {
    }

    /** Writes {@code graph} and {@code info} to {@code file} atomically ({@link AtomicFile}). */
    public static void write(ComputationGraph graph, ModelInfo info, Path file) {
        Path target = file.toAbsolutePath();
        try {
            AtomicFile.write(target, out -> {
                // DL4J writes its zip to a file of its own, whose entries are then copied beside the metadata
                Path dl4j = AtomicFile.createTemporarySibling(target);
                try {
                    ModelSerializer.writeModel(graph, dl4j.toFile(), true);
                    try (ZipFile in = new ZipFile(dl4j.toFile()); ZipOutputStream zip = new ZipOutputStream(out)) {
                        Enumeration<? extends ZipEntry> entries = in.entries();
                        while (entries.hasMoreElements()) {
                            ZipEntry e = entries.nextElement();
                            zip.putNextEntry(new ZipEntry(e.getName()));
                            try (InputStream s = in.getInputStream(e)) {
                                s.transferTo(zip);
                            }
                            zip.closeEntry();
                        }
                        zip.putNextEntry(new ZipEntry(ModelInfo.ENTRY));
                        zip.write(Json.toJson(info).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        zip.closeEntry();
                    }
                } finally {
                    Files.deleteIfExists(dl4j);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Only the {@link ModelInfo} of a model file (cheap: the weights are not read). */
    public static ModelInfo info(Path file) {
        try (ZipFile zip = open(file)) {
            return readInfo(zip, file);
        } catch (IOException e) {
            throw new InvalidInputException("model", "{model} %s is not a readable model file: %s", file,
                    e.getMessage()).causedBy(e);
        }
    }

    /**
     * Reads a model file.
     *
     * @param withUpdater also restore the optimiser state (to resume training)
     */
    public static Loaded read(Path file, boolean withUpdater) {
        ModelInfo info;
        ComputationGraph graph;
        try (ZipFile zip = open(file)) {
            for (String entry : new String[] {ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN}) {
                if (zip.getEntry(entry) == null) {
                    throw new InvalidInputException("model", "{model} %s is not a DL4J model (it has no %s)", file,
                            entry);
                }
            }
            info = readInfo(zip, file);
            try {
                graph = withUpdater ? ModelSerializer.restoreComputationGraph(file.toFile(), true) : parameters(zip);
            } catch (IOException | RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm && !(e instanceof OutOfMemoryError)) {
                    throw vm;
                }
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                        .findFirst().orElse("");
                throw new InvalidInputException("model", "{model} %s is a damaged DL4J model: %s", file, why)
                        .causedBy(e);
            }
        } catch (IOException e) {
            throw new InvalidInputException("model", "{model} %s is not a readable model file: %s", file,
                    e.getMessage()).causedBy(e);
        }
        for (int i = 1; i <= info.spec().depth() + 1; i++) {
            String h = i == 1 ? BlockNames.STEM : new BlockNames(i - 1).output();
            if (graph.getVertex(h) == null) {
                throw new InvalidInputException("model", "{model} %s does not hold the " + info.spec().type()
                        .optionName() + " network its metadata describes (no vertex " + h + ")", file);
            }
        }
        INDArray params = graph.params();
        if (params.isNaN().any() || params.isInfinite().any()) {
            throw new InvalidInputException("model", "{model} %s holds non-finite weights (training diverged)", file);
        }
        return new Loaded(graph, info);
    }

    /**
     * The network of a DL4J model zip without its updater state: the configuration and the parameters, read from the
     * entries {@link ModelSerializer} writes as DL4J's documentation on model persistence reads them
     * ({@code ComputationGraphConfiguration.fromJson}, {@code Nd4j.read}, {@code init(params, false)}). The same
     * network as {@code ModelSerializer.restoreComputationGraph(file, false)} (a test compares them), in less than
     * half the time for a 35 MB parameter entry, which {@code ModelSerializer} first copies whole into memory.
     */
    private static ComputationGraph parameters(ZipFile zip) throws IOException {
        String json;
        try (InputStream in = zip.getInputStream(zip.getEntry(ModelSerializer.CONFIGURATION_JSON))) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
        INDArray params;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                zip.getInputStream(zip.getEntry(ModelSerializer.COEFFICIENTS_BIN)), 1 << 16))) {
            params = Nd4j.read(in);
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        return graph;
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw Files.exists(file) ? new InvalidInputException("model", "{model} %s is not a file", file)
                    : new InvalidInputException("model", "{model} %s does not exist", file);
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new InvalidInputException("model", "{model} %s is not a model file: it is truncated or not a zip "
                    + "archive", file).causedBy(e);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("model", "{model} %s does not exist", file).causedBy(e);
        }
    }

    private static ModelInfo readInfo(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(ModelInfo.ENTRY);
        if (entry == null) {
            throw new InvalidInputException("model", "{model} %s was not written by resalign (no "
                    + ModelInfo.ENTRY + ")", file);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            // the format first: a record of another format need not have this one's fields
            com.fasterxml.jackson.databind.JsonNode tree = Json.mapper().readTree(in);
            com.fasterxml.jackson.databind.JsonNode format = tree == null ? null : tree.get("format");
            if (format == null || !format.isInt() || format.intValue() != ModelInfo.FORMAT) {
                throw new InvalidInputException("model", "{model} %s has model format %s, this version reads "
                        + ModelInfo.FORMAT, file, format == null ? "none" : format.toString());
            }
            return Json.mapper().treeToValue(tree, ModelInfo.class);
        } catch (ZipException e) {
            throw new InvalidInputException("model", "{model} %s is damaged: %s", file, e.getMessage()).causedBy(e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("model", "{model} %s has unreadable metadata: %s", file,
                    e.getOriginalMessage()).causedBy(e);
        }
    }

}
