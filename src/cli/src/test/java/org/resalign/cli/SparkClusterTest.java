package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.core.engine.EngineRecord;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngines;
import org.resalign.core.io.Json;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolver;

/**
 * The Spark engine on a real standalone cluster on loopback (a Master and two Workers, one core each, their own
 * JVMs): a search there gives the in-process JSON; a job that loses a Worker, executor and all, mid-task completes on
 * the other with the same results; and nothing any of these processes opened listens beyond loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SparkClusterTest {

    @TempDir
    static Path dir;

    static LoopbackCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/net")), "the loopback cluster test reads Linux's /proc");
        cluster = LoopbackCluster.start(dir, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aSearchOnTheClusterGivesTheInProcessJson() throws Exception {
        JsonNode engine = SparkSearchCliTest.searchAtMasterEqualsInProcess(dir, cluster.url());
        assertEquals(2, engine.get("executors").asInt(), engine.toString());
    }

    /** A unit that takes about half a second: one UJM solve. */
    static double solve(UjmProblem p) {
        return UjmSolver.solve(p).result().value();
    }

    @Test
    @Order(2)
    void aJobThatLosesAWorkerMidTaskCompletesWithTheSameResults() throws Exception {
        List<UjmProblem> units = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            units.add(UjmProblem.binary(128, 12, 1e-2, Loss.LOGISTIC, 1, k));
        }
        UnitEngine.Task<UjmProblem, Double> task = SparkClusterTest::solve;
        List<Double> expected = UnitEngine.IN_PROCESS.map(units, task);
        try (UnitEngine engine = UnitEngines.open(cluster.url())) {
            SparkContext sc = SparkContext.getOrCreate();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sc.getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200); // the driver and both executors
            }
            assertEquals(3, sc.getExecutorMemoryStatus().size(), "executors registered");
            List<String> listening = cluster.listeners();
            // the Master's RPC and web UI, each Worker's and executor's, the driver's: all seen, all on loopback
            assertTrue(listening.size() >= 7, listening.toString());
            assertEquals(List.of(), listening.stream().filter(l -> !LoopbackCluster.isLoopback(l.split(" ")[1]))
                    .toList(), "sockets listening beyond loopback");
            AtomicInteger ended = new AtomicInteger();
            sc.addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (ended.incrementAndGet() == 2) {
                        // both executors are busy: worker 0's is half-way through a unit
                        new Thread(() -> cluster.killWorker(0)).start();
                    }
                }
            });
            List<Double> got = engine.map(units, task);
            EngineRecord record = engine.record();
            System.out.println("lost worker: " + record + "; listening " + listening);
            assertEquals(expected, got);
            assertTrue(record.tasksRetried() >= 1, record.toString());
            assertEquals(units.size() + record.tasksRetried(), record.tasks(), record.toString());
        }
        assertEquals(1, cluster.aliveWorkers());
    }

    /** What an executor's JVM was given: its OMP_NUM_THREADS and JavaCPP's maxbytes. */
    static String executorSettings(Integer unit) {
        return System.getenv("OMP_NUM_THREADS") + " " + System.getProperty("org.bytedeco.javacpp.maxbytes");
    }

    /**
     * On a cluster, each executor gets ND4J's thread count (the units' cores) and this JVM's JavaCPP memory bound, as
     * bin/resalign gives a JVM of its own; the Workers here pass no OMP_NUM_THREADS of their own to executors.
     */
    @Test
    @Order(3)
    void executorsGetTheThreadsAndMemoryBoundsTheLauncherGives() throws Exception {
        cluster.addWorker(2);
        String before = System.getProperty("org.bytedeco.javacpp.maxbytes");
        System.setProperty("org.bytedeco.javacpp.maxbytes", "777m");
        try (UnitEngine engine = UnitEngines.open(cluster.url(), 1)) {
            assertEquals(List.of("1 777m", "1 777m"), engine.map(List.of(0, 1), SparkClusterTest::executorSettings));
        } finally {
            if (before == null) {
                System.clearProperty("org.bytedeco.javacpp.maxbytes");
            } else {
                System.setProperty("org.bytedeco.javacpp.maxbytes", before);
            }
        }
    }

    /** Two networks of a few seconds' training each, checkpointed after every epoch. */
    static final String LOST_WORKER_SPEC = """
            title: trained on a cluster that loses a worker
            claim: stochastic-depth-amplifies
            dataset: synthetic
            classes: [0, 1]
            trainPerClass: 128
            type: 4a
            width: 16
            depth: 3
            epochs: 6
            batch: 8
            inputs: 3
            k: 4
            runs:
              - {label: none, stochasticDepth: 0}
              - {label: drop, stochasticDepth: 0.3}
            """;

    /**
     * A reproduction whose networks train on the two Workers, one of which is killed while both are training (each
     * has written a checkpoint): the lost task runs again on the other Worker, resumes from its checkpoint, and the
     * report equals the one trained in this JVM apart from wall times and the engine record.
     */
    @Test
    @Order(4)
    void aReproductionThatLosesAWorkerMidTrainingGivesTheInProcessJson() throws Exception {
        Path a = Files.createDirectories(dir.resolve("repro-here"));
        Path b = Files.createDirectories(dir.resolve("repro-cluster"));
        Files.writeString(a.resolve("lw.yaml"), LOST_WORKER_SPEC);
        Files.writeString(b.resolve("lw.yaml"), LOST_WORKER_SPEC);
        Path here = dir.resolve("repro-here.json");
        Path there = dir.resolve("repro-cluster.json");
        CliTest.Outcome x = CliTest.run("reproduce", a.resolve("lw.yaml").toString(), "--quiet", "--json",
                here.toString());
        assertTrue(x.code() == 0 || x.code() == 1, x.err());
        Path models = b.resolve("lw-models");
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (Files.exists(models.resolve("none.zip.checkpoint"))
                        && Files.exists(models.resolve("drop.zip.checkpoint"))) {
                    cluster.killWorker(1); // both Workers are training: this one is lost mid-training
                    killed.set(true);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // the job starts once both executors are up, so that each Worker takes one network
        System.setProperty("spark.cores.max", "2");
        System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        killer.start();
        CliTest.Outcome y;
        try {
            y = CliTest.run("reproduce", b.resolve("lw.yaml").toString(), "--master", cluster.url(), "--models",
                    models.toString(), "--quiet", "--json", there.toString());
        } finally {
            System.clearProperty("spark.cores.max");
            System.clearProperty("spark.scheduler.minRegisteredResourcesRatio");
            killer.interrupt();
            killer.join();
        }
        assertEquals(x.code(), y.code(), y.err() + cluster.log("worker-2"));
        assertTrue(killed.get(), "both networks were never training at once");
        JsonNode engine = Json.mapper().readTree(there.toFile()).get("engine");
        System.out.println("lost worker in training: " + engine);
        assertTrue(engine.get("tasksRetried").asInt() >= 1, engine.toString());
        // the lost network's task, run again on the other Worker, went on from its checkpoint
        assertTrue(y.out().contains("resumed from its checkpoint after epoch"), y.out());
        assertEquals(2 + engine.get("tasksRetried").asInt(), engine.get("tasks").asInt(), engine.toString());
        assertEquals(Json.comparable(Json.mapper().readTree(here.toFile())),
                Json.comparable(Json.mapper().readTree(there.toFile())));
        assertFalse(Files.exists(models.resolve("none.zip.checkpoint")));
        assertFalse(Files.exists(models.resolve("drop.zip.checkpoint")));
        assertEquals(1, cluster.aliveWorkers());
    }

    @Test
    void theLoopbackCheckTellsLoopbackFromTheRest() {
        assertTrue(LoopbackCluster.isLoopback("0100007F:1F90")); // 127.0.0.1
        assertTrue(LoopbackCluster.isLoopback("00000000000000000000000001000000:1F90")); // ::1
        assertTrue(LoopbackCluster.isLoopback("0000000000000000FFFF00000100007F:1F90")); // ::ffff:127.0.0.1
        assertFalse(LoopbackCluster.isLoopback("00000000:1F90")); // 0.0.0.0
        assertFalse(LoopbackCluster.isLoopback("00000000000000000000000000000000:1F90")); // ::
        assertFalse(LoopbackCluster.isLoopback("020200C0:1F90")); // 192.0.2.2
    }
}
