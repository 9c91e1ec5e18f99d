package org.resalign.core.engine;

/**
 * An engine on the class path, found by {@link java.util.ServiceLoader} (the spark module registers one in
 * {@code META-INF/services/org.resalign.core.engine.UnitEngineProvider}).
 */
public interface UnitEngineProvider {

    /**
     * Opens an engine at {@code master} (e.g. {@code local[2]}) whose units each take {@code threadsPerUnit} cores
     * (ND4J's threads of a training task); a master it cannot reach is bad input.
     */
    UnitEngine open(String master, int threadsPerUnit);
}
