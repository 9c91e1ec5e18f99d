package org.resalign.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.io.Json;

/**
 * A real Spark standalone cluster on loopback: a Master and Workers, each its own JVM started from the Spark jars of
 * this class path, every one bound to 127.0.0.1 (SPARK_LOCAL_IP and --host), one core each; stopped, executors and
 * all, by {@link #close}. While it runs, the executors of a Spark context this JVM opens get this JVM's class path
 * ({@code spark.executor.extraClassPath}, a system property SparkConf reads), which holds resalign's classes and
 * Spark's, as spark-submit's jar and a Spark installation would give them.
 */
final class LoopbackCluster implements AutoCloseable {

    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort;
    private final int masterUiPort;
    private final Path dir;

    private LoopbackCluster(Path dir, int workerCount) throws IOException, InterruptedException {
        this.dir = dir;
        masterPort = freePort();
        masterUiPort = freePort();
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars")); // the launcher wants SPARK_HOME/jars; the jars come from the class path
        master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort));
        awaitPort(masterPort);
        for (int w = 0; w < workerCount; w++) {
            startWorker();
        }
        awaitAliveWorkers(workerCount);
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    }

    /** Starts a Master and {@code workers} Workers under {@code dir} and waits until the Master counts them alive. */
    static LoopbackCluster start(Path dir, int workers) throws IOException, InterruptedException {
        return new LoopbackCluster(dir, workers);
    }

    /**
     * Starts one more Worker (one core, 1 GB for executors) and waits until the Master counts {@code alive} Workers.
     * Its index is the number of Workers started before it.
     */
    void addWorker(int alive) throws IOException, InterruptedException {
        startWorker();
        awaitAliveWorkers(alive);
    }

    private void startWorker() throws IOException {
        int w = workers.size();
        Path work = Files.createDirectories(dir.resolve("work-" + w));
        workers.add(start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString(),
                url()));
    }

    /** The master URL, spark://127.0.0.1:PORT. */
    String url() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Kills Worker {@code w} the way a lost machine goes: its executors and then it, without warning. */
    void killWorker(int w) {
        Process p = workers.get(w);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The Master's view of its Workers: how many are ALIVE. */
    int aliveWorkers() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = Json.mapper().readTree(r.body());
        return n.path("aliveworkers").asInt();
    }

    /**
     * The TCP sockets listening, as "pid address:port" (the address as /proc/net/tcp{,6} writes it), of this JVM,
     * the Master, the Workers and their executors.
     */
    List<String> listeners() throws IOException {
        Map<String, String> listening = new java.util.HashMap<>(); // inode -> local address
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) {
                    listening.put(f[9], f[1]);
                }
            }
        }
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.current());
        processes.add(master.toHandle());
        master.descendants().forEach(processes::add);
        for (Process w : workers) {
            processes.add(w.toHandle());
            w.descendants().forEach(processes::add);
        }
        List<String> out = new ArrayList<>();
        for (ProcessHandle p : processes) {
            Path fds = Path.of("/proc", String.valueOf(p.pid()), "fd");
            List<Path> links;
            try (var s = Files.list(fds)) {
                links = s.toList();
            } catch (IOException e) {
                continue; // exited meanwhile
            }
            for (Path fd : links) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    String address = listening.get(target.substring(8, target.length() - 1));
                    if (address != null) {
                        out.add(p.pid() + " " + address);
                    }
                }
            }
        }
        return out;
    }

    /** Whether a /proc/net/tcp{,6} local address (hex, host byte order per 32-bit word) is a loopback one. */
    static boolean isLoopback(String hexAddress) {
        String ip = hexAddress.substring(0, hexAddress.indexOf(':'));
        return ip.length() == 8 ? ip.endsWith("7F") // 127.x.y.z
                : ip.equals("00000000000000000000000001000000") // ::1
                        || (ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F")); // ::ffff:127.x.y.z
    }

    /** The log of process {@code name} ("master", "worker-0"), for a failure's message. */
    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        System.clearProperty("spark.executor.extraClassPath");
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // the module openings this JVM runs with (the parent pom's spark.jvm.options), as spark-class would give
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")
                    || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                command.add(a);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.remove("OMP_NUM_THREADS"); // an executor has it only if the engine passes it (spark.executorEnv)
        return pb.start();
    }

    private void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Spark Master exited: " + log("master"));
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark Master did not listen within 60 s: " + log("master"));
    }

    private void awaitAliveWorkers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            try {
                alive = aliveWorkers();
                if (alive == n) {
                    return;
                }
            } catch (IOException e) {
                // the web UI comes up after the RPC port
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(alive + " of " + n + " Workers registered within 90 s: " + log("worker-0"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
