package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path here = dir.resolve("here.json");
        Path there = dir.resolve("cluster.json");
        CliTest.Outcome a = CliTest.run("search", "--conjecture", "thm33", "--budget", "64", "--seed", "3", "--out",
                dir.resolve("a").toString(), "--quiet", "--json", here.toString());
        assertEquals(0, a.code(), a.err());
        CliTest.Outcome b = CliTest.run("search", "--conjecture", "thm33", "--budget", "64", "--seed", "3",
                "--master", cluster.url(), "--out", dir.resolve("b").toString(), "--quiet", "--json",
                there.toString());
        assertEquals(0, b.code(), b.err() + cluster.log("worker-0"));
        JsonNode engine = Json.mapper().readTree(there.toFile()).get("engine");
        assertEquals(cluster.url(), engine.get("master").asText());
        assertEquals(2, engine.get("executors").asInt(), engine.toString());
        assertEquals(64, engine.get("tasks").asInt(), engine.toString());
        assertEquals(SparkSearchCliTest.comparable(here), SparkSearchCliTest.comparable(there));
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
