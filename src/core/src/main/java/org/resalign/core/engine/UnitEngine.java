package org.resalign.core.engine;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs independent units of work and hands back their results in the units' order. A unit's result must depend on
 * the unit alone (its seed travels with it), so that the same units give the same results on one thread, many, or a
 * cluster.
 */
public interface UnitEngine extends AutoCloseable {

    /** A unit's computation, which an engine may ship to another JVM: it and its units must be serializable. */
    @FunctionalInterface
    interface Task<T, R> extends Function<T, R>, Serializable {
    }

    /** Applies {@code task} to every unit; the results in the units' order. */
    <T extends Serializable, R extends Serializable> List<R> map(List<T> units, Task<T, R> task);

    /** What ran the units, for the JSON; {@code null} in this JVM, where nothing is recorded. */
    EngineRecord record();

    @Override
    void close();

    /** This JVM's common fork-join pool: all cores, nothing serialized. */
    UnitEngine IN_PROCESS = new UnitEngine() {
        @Override
        public <T extends Serializable, R extends Serializable> List<R> map(List<T> units, Task<T, R> task) {
            return IntStream.range(0, units.size()).parallel().mapToObj(k -> task.apply(units.get(k))).toList();
        }

        @Override
        public EngineRecord record() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "in-process";
        }
    };
}
