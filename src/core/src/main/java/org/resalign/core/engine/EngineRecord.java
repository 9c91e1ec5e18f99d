package org.resalign.core.engine;

/**
 * The engine a run's units ran on, as its JSON records it (the top-level {@code engine}); absent for a run in one
 * JVM. The only part of a report, with the wall times, that may differ between two runs of the same inputs.
 *
 * @param name         {@code spark}
 * @param version      the engine's version
 * @param master       where it ran, e.g. {@code local[2]} or {@code spark://127.0.0.1:7077}
 * @param executors    the executors that took part
 * @param jobs         the engine's jobs (one per round of units)
 * @param tasks        units run, counting every attempt
 * @param tasksRetried attempts beyond the first (a lost executor's units run again)
 */
public record EngineRecord(String name, String version, String master, int executors, int jobs, long tasks,
        long tasksRetried) {
}
