package org.resalign.core.engine;

import java.util.Iterator;
import java.util.ServiceLoader;

import org.resalign.core.input.InvalidInputException;

/** The engine of a command's {@code --master}: this JVM without one, else the provider on the class path. */
public final class UnitEngines {

    private UnitEngines() {
    }

    /** {@link #open(String, int)} for units that each take one core: searches and sweeps. */
    public static UnitEngine open(String master) {
        return open(master, 1);
    }

    /**
     * The engine for {@code master}: {@link UnitEngine#IN_PROCESS} when it is {@code null}, so that nothing else is
     * loaded; else the one provider on the class path, its units taking {@code threadsPerUnit} cores each. Without a
     * provider it is bad input of {@code master}.
     */
    public static UnitEngine open(String master, int threadsPerUnit) {
        if (threadsPerUnit < 1) {
            throw new IllegalArgumentException("threadsPerUnit " + threadsPerUnit + " < 1");
        }
        if (master == null) {
            return UnitEngine.IN_PROCESS;
        }
        if (master.isBlank()) {
            throw new InvalidInputException("master", "{master} is empty; give a Spark master such as local[2] or "
                    + "spark://host:7077");
        }
        Iterator<UnitEngineProvider> providers = ServiceLoader.load(UnitEngineProvider.class).iterator();
        if (!providers.hasNext()) {
            throw new InvalidInputException("master", "{master} %s needs the Spark engine, which is not on this class "
                    + "path: run through bin/resalign, whose jar holds it (src/spark)", master);
        }
        UnitEngineProvider provider = providers.next();
        try {
            return provider.open(master, threadsPerUnit);
        } catch (NoClassDefFoundError e) {
            // the engine is in the jar, the framework it drives is not (java -jar resalign.jar --master …)
            throw new InvalidInputException("master", "{master} %s needs Apache Spark, which is not on this class "
                    + "path (%s is missing): run through bin/resalign, which adds Spark's jars when --master is given, "
                    + "or spark-submit resalign.jar", master, e.getMessage());
        }
    }
}
