package org.resalign.spark;

import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngineProvider;

/** Registers {@link SparkEngine} with core's service loader. */
public final class SparkEngineProvider implements UnitEngineProvider {

    @Override
    public UnitEngine open(String master, int threadsPerUnit) {
        return SparkEngine.open(master, threadsPerUnit);
    }
}
