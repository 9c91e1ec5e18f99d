package org.resalign.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

    /** The driver's JavaCPP bounds on ND4J's off-heap memory (bin/resalign sets them), passed on to executors. */
    static final List<String> EXECUTOR_PROPERTIES = List.of("org.bytedeco.javacpp.maxbytes",
            "org.bytedeco.javacpp.maxphysicalbytes");

    /**
     * A Spark context at {@code master} whose tasks take {@code threadsPerUnit} cores each ({@code spark.task.cpus});
     * a master Spark cannot parse or reach is bad input of {@code master}. On a cluster, whose executors are JVMs of
     * their own, each executor also gets what bin/resalign gives this JVM, unless the user set it: ND4J's OpenMP
     * threads ({@code spark.executorEnv.OMP_NUM_THREADS} = {@code threadsPerUnit}, passive waiting beyond one) and
     * the driver's JavaCPP memory bounds ({@code spark.executor.extraJavaOptions}); the executor's heap is Spark's
     * {@code spark.executor.memory} (1g by default, the launcher's -Xmx1g). In local mode the executor is this JVM.
     */
    static SparkEngine open(String master, int threadsPerUnit) {
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
        conf.setIfMissing("spark.task.cpus", Integer.toString(threadsPerUnit));
        if (!LOCAL.matcher(m).matches()) {
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threadsPerUnit));
            if (threadsPerUnit > 1) {
                conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
            }
            String options = executorJavaOptions(System.getProperties());
            if (!options.isEmpty()) {
                conf.setIfMissing("spark.executor.extraJavaOptions", options);
            }
        }
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

    /** The {@link #EXECUTOR_PROPERTIES} set in {@code driver}, as JVM options ("-Dname=value", space-separated). */
    static String executorJavaOptions(Properties driver) {
        StringBuilder out = new StringBuilder();
        for (String name : EXECUTOR_PROPERTIES) {
            String value = driver.getProperty(name);
            if (value != null && !value.isBlank() && value.strip().chars().noneMatch(Character::isWhitespace)) {
                out.append(out.length() == 0 ? "" : " ").append("-D").append(name).append('=').append(value.strip());
            }
        }
        return out.toString();
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
