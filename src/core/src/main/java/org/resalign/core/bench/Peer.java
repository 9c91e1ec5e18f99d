package org.resalign.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.io.Json;

/**
 * A peer implementation in another framework, run beside one of resalign's benchmarks in the same command so that the
 * benchmark can print a ratio measured on the same machine at the same moment: a Python script shipped as a class-path
 * resource (PyTorch or scikit-learn, Debian's {@code python3-torch} and {@code python3-sklearn}), run by the system's
 * Python, which prints one JSON object as its last line of standard output.
 *
 * <p>The interpreter is Debian's {@code /usr/bin/python3} where it exists (the one {@code apt-get} installs the
 * packages for; a user's {@code python3} on the path may be another), else {@code python3} on the path, or the one
 * named by the environment variable {@value #PYTHON_VARIABLE}. A peer is <em>absent</em>, not an error, when there is
 * no interpreter or it lacks a module the script needs: {@link #available} says so and {@link #run} is not called.
 *
 * <p>The script inherits this process's environment (so both sides of a ratio run with the same
 * {@code OMP_NUM_THREADS}, {@code OPENBLAS_*} and so on) plus the variables passed to {@link #run}.
 */
public final class Peer {

    /** Environment variable naming the Python interpreter to use. */
    public static final String PYTHON_VARIABLE = "RESALIGN_PYTHON";

    private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    private final Class<?> owner;
    private final String script;
    private final List<String> modules;

    /**
     * @param owner   the class beside whose package the script resource lies
     * @param script  the script's resource name, relative to {@code owner}'s package
     * @param modules the Python modules the script imports (checked by {@link #available})
     */
    public Peer(Class<?> owner, String script, List<String> modules) {
        this.owner = owner;
        this.script = script;
        this.modules = List.copyOf(modules);
        if (owner.getResource(script) == null) {
            throw new IllegalStateException("peer script " + script + " is missing beside " + owner.getName());
        }
    }

    /** The interpreter: {@value #PYTHON_VARIABLE}, else {@code /usr/bin/python3}, else {@code python3}. */
    public static String python() {
        String named = System.getenv(PYTHON_VARIABLE);
        if (named != null && !named.isBlank()) {
            return named;
        }
        return Files.isExecutable(DEBIAN_PYTHON) ? DEBIAN_PYTHON.toString() : "python3";
    }

    /**
     * Empty when the peer can run here, else the reason it cannot (no interpreter, or a missing module), in one line
     * naming the Debian package to install.
     */
    public Optional<String> unavailable() {
        StringBuilder code = new StringBuilder("import importlib.util, sys\nmissing = [m for m in sys.argv[1:] if "
                + "importlib.util.find_spec(m) is None]\nprint(' '.join(missing))\n");
        List<String> cmd = new ArrayList<>(List.of(python(), "-c", code.toString()));
        cmd.addAll(modules);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of(python() + " did not run (" + out + ")");
            }
            if (!out.isEmpty()) {
                return Optional.of("the peer needs the Python module(s) " + out + " (bin/install-peers installs "
                        + "Debian's python3-torch and python3-sklearn)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no Python interpreter (" + python() + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for " + python());
        }
    }

    /** True when {@link #unavailable} is empty. */
    public boolean available() {
        return unavailable().isEmpty();
    }

    /**
     * Runs the script with {@code args} and the extra environment {@code env}, and returns the JSON object of its last
     * line of standard output. The script's own wall time, as the caller sees it, is {@link Result#wallSeconds}.
     *
     * @param timeoutSeconds the run is ended, and this fails, after this long
     * @throws IllegalStateException when the script fails, times out or prints no JSON
     */
    public Result run(List<String> args, Map<String, String> env, long timeoutSeconds) {
        Path file = null;
        Path log = null;
        try {
            file = Files.createTempFile("resalign-peer-", ".py");
            log = Files.createTempFile("resalign-peer-", ".log");
            try (InputStream in = owner.getResourceAsStream(script)) {
                Files.write(file, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(python(), "-u", file.toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("peer " + script + " did not finish in " + timeoutSeconds + " s");
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                throw new IllegalStateException("peer " + script + " failed (exit " + p.exitValue() + "): "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            }
            return new Result(Json.mapper().readTree(last), wall);
        } catch (IOException e) {
            throw new UncheckedIOException("peer " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running peer " + script, e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(log);
        }
    }

    /**
     * What a peer printed, and how long its whole process took from this side (interpreter start and imports
     * included).
     *
     * @param output      the JSON object of the script's last line
     * @param wallSeconds the process's wall time
     */
    public record Result(JsonNode output, double wallSeconds) {

        /** A number the script printed; fails when it is missing or not finite. */
        public double number(String key) {
            JsonNode n = output.get(key);
            if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw new IllegalStateException("the peer printed no finite '" + key + "': " + output);
            }
            return n.asDouble();
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
