package org.resalign.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.resalign.core.engine.EngineRecord;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.input.InvalidInputException;

/**
 * Runs each unit as one Spark task: one job per call of {@link #map}, one partition per unit, the results collected
 * in the units' order. A task Spark runs again (a lost executor) computes the same result from the same unit, so the
 * report does not change. Unless the master is a cluster's, nothing listens beyond loopback: the driver binds to
 * 127.0.0.1 and the web UI is off.
 */
public final class SparkEngine implements UnitEngine {

    private static final Pattern LOCAL = Pattern.compile("local(\\[([1-9][0-9]*|\\*)(,[1-9][0-9]*)?])?");

    private final JavaSparkContext context;
    private final String master;
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong jobsEnded = new AtomicLong();
    private int jobs;

    private SparkEngine(JavaSparkContext context, String master) {
        this.context = context;
        this.master = master;
        context.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                tasks.incrementAndGet();
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd end) {
                jobsEnded.incrementAndGet(); // after its tasks' ends: the bus delivers in order
            }
        });
    }

    /** A Spark context at {@code master}; a master Spark cannot parse or reach is bad input of {@code master}. */
    static SparkEngine open(String master) {
        String m = master.trim();
        if (!(LOCAL.matcher(m).matches() || m.startsWith("spark://") || m.startsWith("k8s://"))) {
            throw new InvalidInputException("master", "{master} '%s' is not a Spark master (local[N], "
                    + "spark://host:port or k8s://…)", master);
        }
        SparkConf conf = new SparkConf().setMaster(m).setAppName("resalign")
                .set("spark.ui.enabled", "false")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                .setIfMissing("spark.driver.host", "127.0.0.1")
                // a failed task is retried this many times before the job fails (local mode too)
                .setIfMissing("spark.task.maxFailures", "4");
        if (LOCAL.matcher(m).matches() && !m.contains(",")) {
            String n = m.equals("local") ? "1" : m.substring(6, m.length() - 1);
            conf.setMaster("local[" + n + ",4]");
        }
        try {
            return new SparkEngine(new JavaSparkContext(SparkContext.getOrCreate(conf)), m);
        } catch (RuntimeException e) {
            throw new InvalidInputException("master", "{master} %s: Spark could not start: %s", master,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("")).causedBy(e);
        }
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> units, Task<T, R> task) {
        if (units.isEmpty()) {
            return List.of();
        }
        jobs++;
        List<R> out = context.parallelize(new ArrayList<>(units), units.size()).map(task::apply).collect();
        return List.copyOf(out);
    }

    /**
     * What ran the units. Spark tells its listeners asynchronously, so this waits (at most ten seconds) until every
     * job's end has been heard, and with it the end of each of its tasks.
     */
    @Override
    public EngineRecord record() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jobsEnded.get() < jobs && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int executors = Math.max(1, context.sc().getExecutorMemoryStatus().size() - (master.startsWith("local")
                ? 0 : 1));
        return new EngineRecord("spark", context.version(), master, executors, jobs, tasks.get(), failed.get());
    }

    @Override
    public void close() {
        context.stop();
    }

    @Override
    public String toString() {
        return "spark " + master;
    }
}
