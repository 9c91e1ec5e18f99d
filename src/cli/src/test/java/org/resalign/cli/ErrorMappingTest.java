package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine.Model.CommandSpec;

import org.resalign.core.input.InvalidInputException;

/**
 * Bad input and faults are told apart: the library's {@link InvalidInputException} is exit 2 in the command's own
 * option names; an exception that is not about the input is an internal error (exit 3).
 */
class ErrorMappingTest {

    @Test
    void parametersAreSpelledAsTheCommandsOptions() {
        CommandSpec solve = CliTest.spec("ujm", "solve");
        assertEquals("--dim", OptionNames.of(solve, "dim"));
        assertEquals("--max-iter", OptionNames.of(solve, "maxIterations"));
        assertEquals("--tol", OptionNames.of(solve, "tolerance"));
        assertEquals("--rel-tol", OptionNames.of(solve, "relativeChange"));
        assertEquals("--init-scale", OptionNames.of(solve, "initScale"));
        assertEquals("--input-norm", OptionNames.of(solve, "inputNorm"));
        assertEquals("--solver", OptionNames.of(solve, "kind"));
        assertEquals("--tol-rank-one", OptionNames.of(solve, "rankOne"));
        assertEquals("--rank", OptionNames.of(solve, "rank"));
        assertEquals("--replay", OptionNames.of(solve, "counterexampleFile"));
        assertEquals("--k", OptionNames.of(CliTest.spec("rsvd", "bench"), "rank"));
        assertEquals("--iters", OptionNames.of(CliTest.spec("rsvd", "bench"), "iterations"));
        assertEquals("--dims", OptionNames.of(CliTest.spec("ujm", "sweep"), "dim"));
        // a parameter the command has no option for keeps its own name (a spec file's key, say)
        assertEquals("trainPerClass", OptionNames.of(CliTest.spec("reproduce"), "trainPerClass"));
        assertEquals("dim", OptionNames.of(null, "dim"));
    }

    @Test
    void invalidInputIsExitTwoInOptionNames() {
        StringWriter err = new StringWriter();
        int code = Main.exitCode(new InvalidInputException("maxIterations", "{maxIterations} must be >= 0, got -1"),
                CliTest.spec("ujm", "solve"), new PrintWriter(err, true));
        assertEquals(Main.BAD_INPUT, code);
        assertEquals("resalign: --max-iter must be >= 0, got -1", err.toString().strip());
    }

    /** Negative control: a failed invariant inside resalign is resalign's fault, not the user's. */
    @Test
    void aFailedInvariantIsAnInternalError() {
        StringWriter err = new StringWriter();
        int code = Main.exitCode(new IllegalStateException("no check of RANK_ONE"), CliTest.spec("rsvd", "bench"),
                new PrintWriter(err, true));
        assertEquals(Main.INTERNAL_ERROR, code);
        assertTrue(err.toString().startsWith("resalign: internal error: IllegalStateException: no check"),
                err::toString);
    }

    /** Negative control: only {@link InvalidInputException} means bad input; a plain one is a fault of resalign's. */
    @Test
    void aPlainIllegalArgumentIsAnInternalError() {
        StringWriter err = new StringWriter();
        int code = Main.exitCode(new IllegalArgumentException("a 3×4 product over 5"), CliTest.spec("ujm", "solve"),
                new PrintWriter(err, true));
        assertEquals(Main.INTERNAL_ERROR, code);
        assertTrue(err.toString().startsWith("resalign: internal error: IllegalArgumentException"), err::toString);
    }

    /** Built with -Dcuda and run without NVIDIA's driver: one line naming the library and the CPU build, exit 2. */
    @Test
    void aMissingNativeLibraryIsOneLine() {
        UnsatisfiedLinkError link = new UnsatisfiedLinkError("/root/.javacpp/cache/nd4j-cuda-11.6-1.0.0-M2.1-linux-"
                + "x86_64.jar/org/nd4j/linalg/jcublas/bindings/linux-x86_64/libjnind4jcuda.so: libcuda.so.1: cannot "
                + "open shared object file: No such file or directory");
        RuntimeException nd4j = new RuntimeException("ND4J is probably missing dependencies. For more information, "
                + "please refer to: https://deeplearning4j.konduit.ai/nd4j/backend\nmore", new RuntimeException(link));
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, Main.exitCode(nd4j, CliTest.spec("bridge", "train"), new PrintWriter(err, true)));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("resalign: cannot load ND4J's CUDA backend: libcuda.so.1 is missing;"), line);
        assertTrue(line.contains("without -Dcuda"), line);
        // as JavaCPP throws it: its last attempt, with the first (naming the library) as the cause
        UnsatisfiedLinkError last = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        last.initCause(new UnsatisfiedLinkError("/root/.javacpp/cache/resalign.jar/org/bytedeco/cuda/linux-x86_64/"
                + "libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory"));
        assertTrue(Main.nativeLoadFailure(last).orElseThrow()
                .startsWith("cannot load ND4J's CUDA backend: libcuda.so.1 is missing;"));
        // as the Error a class initialiser throws
        assertTrue(Main.nativeLoadFailure(new ExceptionInInitializerError(nd4j)).orElseThrow()
                .contains("libcuda.so.1"));
        UnsatisfiedLinkError cpu = new UnsatisfiedLinkError("/x/libnd4jcpu.so: libgomp.so.1: cannot open shared object "
                + "file: No such file or directory");
        assertEquals("cannot load ND4J's native backend: libgomp.so.1 is missing (see the README's GPU and "
                + "platforms entry under resalign bridge)", Main.nativeLoadFailure(cpu).orElseThrow());
        // negative control: a fault that is not a native load stays an internal error
        assertTrue(Main.nativeLoadFailure(new IllegalStateException("no vertex", new RuntimeException())).isEmpty());
    }

    @Test
    void fileErrorsNameTheOptionThatGaveTheFile(@TempDir Path tmp) throws Exception {
        Path notZip = Files.writeString(tmp.resolve("m.zip"), "not a zip");
        CliTest.Outcome m = CliTest.run("bridge", "analyze", notZip.toString(), "--quiet");
        assertEquals(Main.BAD_INPUT, m.code(), m.err());
        assertEquals("resalign: model " + notZip + " is not a model file: it is truncated or not a zip archive",
                m.err().strip());
        CliTest.Outcome d = CliTest.run("bridge", "train", "--type", "4a", "--dataset", "fashion-mnist", "--data-dir",
                tmp.resolve("none").toString(), "--out", tmp.resolve("x.zip").toString(), "--quiet");
        assertEquals(Main.BAD_INPUT, d.code(), d.err());
        assertEquals("resalign: FashionMNIST is not installed: --data-dir " + tmp.resolve("none") + " does not exist",
                d.err().strip());
        Path spec = Files.writeString(tmp.resolve("s.yaml"), "title: t\nclaim: ra-appears\nlambda: -1\n");
        CliTest.Outcome r = CliTest.run("reproduce", spec.toString(), "--quiet");
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("resalign: experiment spec " + spec + ": run type-1: 'lambda' λ must be ≥ 0"),
                r.err());
    }

    /** A report replaces its folder as a whole, so a folder that is not a report is refused before any work. */
    @Test
    void aFolderThatIsNotAReportIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "mine");
        CliTest.Outcome o = CliTest.run("thm31", "--dim", "4", "--depth", "2", "--out", home.toString());
        assertEquals(Main.BAD_INPUT, o.code(), o.err());
        assertTrue(o.err().startsWith("resalign: --out " + home + " is a folder with files that is not a resalign "
                + "report"), o.err());
        assertEquals("mine", Files.readString(home.resolve("notes.txt")));
        try (var files = Files.list(home)) {
            assertEquals(1, files.count());
        }
        CliTest.Outcome root = CliTest.run("thm31", "--dim", "4", "--depth", "2", "--out", "/");
        assertEquals(Main.BAD_INPUT, root.code(), root.err());
        assertTrue(root.err().contains("root of the file system"), root.err());
    }

    @Test
    void theLibrarysMessagesReachTheUserInOptionNames() {
        CliTest.Outcome o = CliTest.run("ujm", "solve", "--dim", "8", "--depth", "2", "--solver", "factored",
                "--rank", "9", "--quiet");
        assertEquals(Main.BAD_INPUT, o.code(), o.err());
        assertEquals("resalign: --rank must be between 1 and --dim (8), got 9", o.err().strip());
        CliTest.Outcome tol = CliTest.run("ujm", "solve", "--dim", "8", "--depth", "2", "--tol", "-1", "--quiet");
        assertEquals(Main.BAD_INPUT, tol.code(), tol.err());
        assertTrue(tol.err().startsWith("resalign: --tol must be a finite number >= 0"), tol.err());
    }

    @Test
    void theBridgesMessagesReachTheUserInOptionNames() {
        CliTest.Outcome type = CliTest.run("bridge", "train", "--type", "9", "--out", "never.zip", "--quiet");
        assertEquals(Main.BAD_INPUT, type.code(), type.err());
        assertTrue(type.err().startsWith("resalign: unknown --type '9' (expected one of 1, 2, 3, 4a"), type.err());
        CliTest.Outcome width = CliTest.run("bridge", "train", "--type", "4a", "--width", "0", "--out", "never.zip",
                "--quiet");
        assertEquals(Main.BAD_INPUT, width.code(), width.err());
        assertEquals("resalign: --width must be ≥ 1, got 0", width.err().strip());
        assertEquals("--lambda", OptionNames.of(CliTest.spec("bridge", "train"), "weightDecay"));
        assertEquals("--train-per-class", OptionNames.of(CliTest.spec("bridge", "train"), "trainPerClass"));
    }

    @Test
    void unknownNamesAreQuotedInOptionNames() {
        CliTest.Outcome c = CliTest.run("search", "--conjecture", "nope");
        assertEquals(Main.BAD_INPUT, c.code(), c.err());
        assertTrue(c.err().startsWith("resalign: unknown --conjecture 'nope' (expected one of thm33"), c.err());
        CliTest.Outcome b = CliTest.run("bridge", "train", "--type", "4a", "--batch", "0", "--out", "never.zip",
                "--quiet");
        assertEquals("resalign: --batch must be ≥ 1, got 0", b.err().strip());
    }
}
