package org.resalign.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code auto}'s kernel in JVMs whose vector width is limited as on older CPUs: {@code -XX:UseAVX=2} (an AVX2 CPU
 * without AVX-512) must run the vector kernel at 256 bits, not the 512-bit kernel in the Vector API's Java fallback;
 * {@code -XX:UseAVX=1} (128-bit Vector API) must choose the portable kernel. HotSpot lowers the width further on a CPU
 * that lacks it, so the checks compare with the width the child JVM reports. x86-64 only ({@code UseAVX} is an x86
 * option).
 */
class KernelChoiceTest {

    @ParameterizedTest(name = "-XX:UseAVX={0}")
    @CsvSource({"2, 256", "1, 128"})
    void autoChoosesByTheJvmsVectorWidth(int avx, int maxBits) throws IOException, InterruptedException {
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "UseAVX is an x86-64 option");
        Map<String, String> out = probe("-XX:UseAVX=" + avx);
        int preferred = Integer.parseInt(out.get("preferred"));
        assertTrue(preferred <= maxBits, "UseAVX=" + avx + " allows at most " + maxBits + " bits: " + out);
        assertEquals(Integer.toString(Math.max(128, preferred)), out.get("vectorBits"),
                "the vector kernel runs at the preferred width: " + out);
        String expected = preferred >= 256 ? "VECTOR" : "PORTABLE";
        assertEquals(expected, out.get("best"), out.toString());
        assertEquals(expected, out.get("chosen"), out.toString());
        assertEquals("true", out.get("identical"), "same bits as the portable kernel: " + out);
    }

    /** Runs {@link KernelChoiceProbe} in a new JVM with {@code option} and parses its {@code key=value} line. */
    private static Map<String, String> probe(String option) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, option, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), KernelChoiceProbe.class.getName()))
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM did not finish");
        assertEquals(0, p.exitValue(), text);
        String line = text.lines().filter(l -> l.startsWith("preferred=")).findFirst().orElseThrow(
                () -> new AssertionError("no probe line in: " + text));
        return Stream.of(line.split(" ")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
