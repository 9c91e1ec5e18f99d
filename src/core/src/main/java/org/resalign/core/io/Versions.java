package org.resalign.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions every report carries: resalign's own, its numerical libraries', and the JVM's. */
public final class Versions {

    private static final Map<String, String> VERSIONS = load();

    private Versions() {
    }

    private static Map<String, String> load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/org/resalign/core/versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : new String[] {"resalign", "ejml", "hipparchus", "jackson"}) {
            m.put(key, p.getProperty(key));
        }
        m.put("java", System.getProperty("java.version"));
        return Map.copyOf(m);
    }

    /** An ordered copy: resalign, ejml, hipparchus, jackson, java. */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : new String[] {"resalign", "ejml", "hipparchus", "jackson", "java"}) {
            m.put(key, VERSIONS.get(key));
        }
        return m;
    }

    public static String resalign() {
        return VERSIONS.get("resalign");
    }
}
