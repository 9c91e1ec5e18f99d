package org.resalign.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/** The README's library example, run as it stands in JShell on this module's class path. */
class LibraryExampleTest {

    @Test
    void theReadmesLibraryExampleRunsAndPrintsWhatItSays() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- library-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has a library example");
        String code = m.group(1);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        // the local execution engine runs the snippets in this JVM: their System.out is this one's
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String rest = code;
            List<String> snippets = new ArrayList<>();
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE
                        && info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) {
                    fail("an incomplete snippet in the README example: " + rest.strip().lines().findFirst().orElse(""));
                }
                snippets.add(info.source());
                rest = info.remaining();
            }
            for (String snippet : snippets) {
                for (SnippetEvent e : shell.eval(snippet)) {
                    if (e.exception() != null) {
                        fail("the example threw " + e.exception() + " at: " + snippet.strip());
                    }
                    if (e.status() == Snippet.Status.REJECTED) {
                        String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).findFirst()
                                .orElse("rejected");
                        fail("the example does not compile at: " + snippet.strip() + ": " + why);
                    }
                }
            }
        } finally {
            System.setOut(console);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("theorem 3.3: holds"), out);
        assertTrue(out.contains("aligned: s = "), out);
        Matcher ra1 = Pattern.compile("RA1 line fraction ([0-9.eE-]+), RA4 R² ([0-9.eE-]+)").matcher(out);
        assertTrue(ra1.find(), out);
        // a rank-one chain along one direction is a line, and 1/σ₁ = i is exactly linear
        assertEquals(1.0, Double.parseDouble(ra1.group(1)), 1e-12, out);
        assertEquals(1.0, Double.parseDouble(ra1.group(2)), 1e-12, out);
        Matcher svd = Pattern.compile("σ₁…σ₅ \\[([^]]*)]").matcher(out);
        assertTrue(svd.find(), out);
        String[] values = svd.group(1).split(", ");
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0 / (i + 1), Double.parseDouble(values[i]), 1e-10, out);
        }
    }
}
