package org.resalign.core.io;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for every report: camelCase keys in declaration order, non-finite numbers written as {@code null} (JSON has
 * no NaN) and read back into a {@code double} as {@code NaN} (not as 0, which would pass for a measurement),
 * pretty-printed, and files written atomically ({@link AtomicFile}), so a reader never sees half a report.
 */
public final class Json {

    private static final ObjectMapper MAPPER = build();

    /** The keys {@link #comparable} leaves out. */
    private static final java.util.List<String> WALL_TIMES = java.util.List.of("seconds", "trainingSeconds",
            "stepsPerSecond", "engine");

    private Json() {
    }

    private static ObjectMapper build() {
        SimpleModule finite = new SimpleModule("finite-numbers");
        finite.addSerializer(Double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider p) throws IOException {
                writeDouble(value, gen);
            }
        });
        finite.addSerializer(double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider p) throws IOException {
                writeDouble(value, gen);
            }
        });
        finite.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] values, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartArray();
                for (double v : values) {
                    writeDouble(v, gen);
                }
                gen.writeEndArray();
            }
        });
        finite.addDeserializer(double.class, new NullIsNaN());
        finite.addDeserializer(double[].class, new StdDeserializer<double[]>(double[].class) {
            private static final long serialVersionUID = 1L;

            @Override
            public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.isExpectedStartArrayToken()) {
                    return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
                }
                double[] values = new double[8];
                int n = 0;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (n == values.length) {
                        values = java.util.Arrays.copyOf(values, 2 * n);
                    }
                    if (t == JsonToken.VALUE_NULL) {
                        values[n++] = Double.NaN;
                    } else if (t.isNumeric()) {
                        values[n++] = p.getDoubleValue();
                    } else {
                        return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
                    }
                }
                return java.util.Arrays.copyOf(values, n);
            }
        });
        return JsonMapper.builder()
                .addModule(finite)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /**
     * A {@code double} read, {@code null} (a non-finite number written) as {@code NaN}, and an absent one, as in
     * files written before its field existed, as 0. (A boxed {@code Double} reads {@code null} as {@code null}: the
     * records use it for a setting not given.)
     */
    private static final class NullIsNaN extends StdScalarDeserializer<Double> {

        private static final long serialVersionUID = 1L;

        NullIsNaN() {
            super(double.class);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return 0.0;
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != null && p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    private static void writeDouble(double v, JsonGenerator gen) throws IOException {
        if (Double.isFinite(v)) {
            gen.writeNumber(v);
        } else {
            gen.writeNull();
        }
    }

    /** The shared mapper (also for reading). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as pretty JSON text with a final newline. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@code value}'s JSON without what may differ between two runs of the same inputs (DESIGN, determinism): the wall
     * times at any depth ({@code seconds}, and a training's {@code trainingSeconds} and {@code stepsPerSecond}) and
     * the {@code engine} record. Two runs agree when these are equal.
     */
    public static String comparable(Object value) {
        JsonNode tree = value instanceof JsonNode n ? n.deepCopy() : MAPPER.valueToTree(value);
        stripTimes(tree);
        return toJson(tree);
    }

    private static void stripTimes(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(WALL_TIMES);
        }
        n.forEach(Json::stripTimes);
    }

    /** Writes {@code value} as JSON to {@code file} atomically ({@link AtomicFile}). */
    public static void write(Path file, Object value) throws IOException {
        AtomicFile.writeString(file, toJson(value));
    }
}
