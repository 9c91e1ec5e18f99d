package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option (and positional parameter) of every command, given each of a list of hostile values in turn, the rest
 * of the command line small and valid: the command must end in exit 0, 1 or 2, with one line on standard error for
 * 2, and never in an internal error (3). A value that is accepted lets the command start its long work; the test
 * stops it there ({@link Progress#onStart}), so that it checks what a command checks before its work and the first
 * steps of the commands that show no progress.
 */
class HostileValuesTest {

    /** Values for options of every type but paths. */
    private static final List<String> VALUES = List.of("-1", "0", "1", "NaN", "Infinity", "-Infinity", "1e400", "abc",
            "", " ", "99999999999", "-9223372036854775809", "1,,2", "0,0", "-0.0", "%s{x}");

    /** Thrown from {@link Progress#onStart}: the command's input was accepted and its work began. */
    private static final class WorkStarted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        Progress.onStart = () -> { };
    }

    @Test
    void noOptionValueEndsInAnInternalError() throws Exception {
        Path model = tmp.resolve("m.zip");
        CliTest.Outcome trained = CliTest.run("bridge", "train", "--type", "4a", "--width", "4", "--depth", "1",
                "--epochs", "1", "--train-per-class", "8", "--out", model.toString(), "--quiet");
        assertEquals(Main.HOLDS, trained.code(), trained.err());
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "title: tiny\nclaim: ra-appears\ndataset: synthetic\n"
                + "classes: [0, 1]\ntype: 4a\nwidth: 4\ndepth: 1\nepochs: 1\ntrainPerClass: 8\ninputs: 2\n");
        Path foreign = Files.createDirectory(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("mine.txt"), "mine");
        Path file = Files.writeString(tmp.resolve("plain.txt"), "not a model, not a folder");
        List<String> paths = List.of("", "/", "/proc/nope/x", "/proc/self/status", foreign.toString(), file.toString(),
                tmp.resolve("absent/deeper/x.zip").toString(), tmp.toString());

        Map<String, Map<String, String>> commands = new LinkedHashMap<>();
        commands.put("demo", base("--out", tmp.resolve("demo").toString(), "--quiet", null));
        commands.put("ujm solve", base("--dim", "4", "--depth", "2", "--quiet", null));
        commands.put("ujm paths", base("--dim", "4", "--depth", "2", "--quiet", null));
        commands.put("ujm sweep", base("--dims", "4", "--depths", "2", "--quiet", null));
        commands.put("ujm bench", base("--dim", "4", "--depth", "2", "--repeats", "1", "--quiet", null));
        commands.put("thm31", base("--dim", "4", "--depth", "2"));
        commands.put("proofs", base("--quiet", null));
        commands.put("search", base("--budget", "1", "--quiet", null));
        commands.put("rsvd bench", base("--dim", "16", "--k", "2", "--repeats", "1", "--quiet", null));
        commands.put("bridge train", base("--type", "4a", "--width", "4", "--depth", "1", "--epochs", "1",
                "--train-per-class", "8", "--out", tmp.resolve("t.zip").toString(), "--quiet", null));
        commands.put("bridge analyze", base("0", model.toString(), "--inputs", "2", "--quiet", null));
        commands.put("bridge compare", base("0", model.toString(), "--inputs", "2", "--quiet", null));
        commands.put("bridge branches", base("0", model.toString(), "--inputs", "2", "--quiet", null));
        commands.put("bridge paths", base("0", model.toString(), "--inputs", "2", "--quiet", null));
        commands.put("bridge lesion", base("0", model.toString(), "--draws", "1", "--quiet", null));
        commands.put("bridge skips", base("--type", "4a", "--width", "4", "--depth", "1", "--epochs", "1",
                "--train-per-class", "8", "--inputs", "2", "--out", tmp.resolve("skips").toString(), "--quiet", null));
        commands.put("bridge bench", base("--widths", "4", "--depth", "1", "--threads", "1", "--warmup", "0",
                "--steps", "1", "--no-peer", null, "--quiet", null));
        commands.put("reproduce", base("0", spec.toString(), "--quiet", null));

        AtomicBoolean started = new AtomicBoolean();
        Progress.onStart = () -> {
            started.set(true);
            throw new WorkStarted();
        };
        int[] cases = {0};
        List<String> before = workingFolder();
        List<String> failures = failures(commands, paths, started, cases);
        assertEquals(before, workingFolder(), "nothing is written into the working folder");
        assertTrue(cases[0] > 1000, "only " + cases[0] + " cases");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases[0] + " command lines ended badly:\n"
                + String.join("\n", failures));
        assertEquals("mine", Files.readString(foreign.resolve("mine.txt")), "a folder that is not a report is kept");
    }

    /**
     * Negative control: with work that fails as a fault of resalign's once it starts (the hook throws without saying
     * the input was accepted), the accepted command lines end in exit 3 and the check must list them.
     */
    @Test
    void anInternalErrorIsCaught() {
        Progress.onStart = () -> {
            throw new IllegalStateException("planted fault");
        };
        Map<String, Map<String, String>> commands = Map.of("ujm solve", base("--dim", "4", "--depth", "2",
                "--quiet", null));
        List<String> failures = failures(commands, List.of(), new AtomicBoolean(), new int[1]);
        assertTrue(failures.stream().anyMatch(f -> f.contains("--max-iter 1 ") && f.contains("exit 3")),
                String.join("\n", failures));
        assertTrue(failures.stream().noneMatch(f -> f.contains("--max-iter abc ")), "refused input is not a fault");
    }

    /**
     * The command lines of {@code commands} with each option in turn given each hostile value ({@code paths} for a
     * path), that end in neither a start of work ({@code started}), nor exit 0 or 1, nor exit 2 with one line.
     */
    private static List<String> failures(Map<String, Map<String, String>> commands, List<String> paths,
            AtomicBoolean started, int[] cases) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : commands.entrySet()) {
            CommandSpec command = CliTest.spec(c.getKey().split(" "));
            List<String> names = new ArrayList<>();
            for (OptionSpec o : command.options()) {
                if (!o.usageHelp() && !o.versionHelp() && o.arity().max() > 0) {
                    names.add(o.longestName());
                }
            }
            for (PositionalParamSpec p : command.positionalParameters()) {
                names.add(String.valueOf(p.index().min()));
            }
            for (String name : names) {
                boolean isPath = isPath(command, name);
                for (String value : isPath ? paths : VALUES) {
                    Map<String, String> options = new LinkedHashMap<>(c.getValue());
                    options.put(name, value);
                    List<String> args = new ArrayList<>(List.of(c.getKey().split(" ")));
                    options.forEach((k, v) -> {
                        if (k.startsWith("--")) {
                            args.add(k);
                        }
                        if (v != null) {
                            args.add(v);
                        }
                    });
                    started.set(false);
                    CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
                    cases[0]++;
                    String err = o.err().strip();
                    if (started.get()) {
                        continue; // accepted: the work began
                    }
                    if (o.code() < 0 || o.code() > 2
                            || o.code() == Main.BAD_INPUT && (err.isEmpty() || err.contains("\n"))) {
                        failures.add(String.join(" ", args) + " → exit " + o.code()
                                + ": " + err.lines().findFirst().orElse(""));
                    }
                }
            }
        }
        return failures;
    }

    private static List<String> workingFolder() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A command line's options as name → value (null for a flag); a positional parameter is named by its index. */
    private static Map<String, String> base(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * Whether the parameter names a file or folder: of type {@link Path}, or a string labelled as one (as
     * {@code --json FILE}, whose hostile plain values would otherwise be written as files in the working folder).
     */
    private static boolean isPath(CommandSpec command, String name) {
        picocli.CommandLine.Model.ArgSpec arg = name.startsWith("--") ? command.findOption(name)
                : command.positionalParameters().get(Integer.parseInt(name));
        return arg.type() == Path.class || arg.paramLabel().matches(".*\\b(FILE|DIR)\\b.*");
    }

}
