package org.resalign.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.io.Versions;

/** The versions a bridge report carries: core's, plus Deeplearning4j's and the ND4J backend in use. */
public final class BridgeVersions {

    private static final String DL4J = load();

    private BridgeVersions() {
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = BridgeVersions.class.getResourceAsStream("/org/resalign/bridge/versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("the bridge's versions.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("dl4j");
    }

    /**
     * core's versions, then {@code dl4j}, {@code nd4jBackend} and {@code nd4jNative}, the native build loaded
     * ({@link NativeBuild#loaded}: the generic and the SIMD builds train different networks from the same seed).
     */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>(Versions.all());
        m.put("dl4j", DL4J);
        m.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("nd4jNative", NativeBuild.loaded());
        return m;
    }
}
