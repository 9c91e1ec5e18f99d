package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeBuildTest {

    /** This project's reference machine (AMD Zen 4 in a virtual machine), abridged. */
    private static final Set<String> ZEN4 = Set.of("fpu", "sse2", "ssse3", "fma", "popcnt", "avx", "f16c", "bmi1",
            "avx2", "bmi2", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_vnni");
    /** A Haswell. */
    private static final Set<String> HASWELL = Set.of("sse2", "fma", "avx", "f16c", "bmi1", "avx2", "bmi2");

    @Test
    void theMostSpecificBuildTheCpuRunsAndTheClassPathHolds() {
        assertEquals("-avx512", NativeBuild.extensionFor(ZEN4, ext -> true));
        assertEquals("-avx2", NativeBuild.extensionFor(ZEN4, ext -> ext.equals("-avx2")));
        assertEquals("-avx2", NativeBuild.extensionFor(HASWELL, ext -> true));
        assertEquals("", NativeBuild.extensionFor(ZEN4, ext -> false));
    }

    @Test
    void aMissingFlagFallsBackToTheNextBuild() {
        // AVX-512 F without BW (Knights Landing): not the AVX-512 build
        Set<String> knl = new HashSet<>(ZEN4);
        knl.remove("avx512bw");
        assertEquals("-avx2", NativeBuild.extensionFor(knl, ext -> true));
        // AVX2 without FMA or F16C, or no AVX2 at all (Sandy Bridge): the generic build
        for (String missing : new String[] {"fma", "f16c", "avx2"}) {
            Set<String> cpu = new HashSet<>(HASWELL);
            cpu.remove(missing);
            assertEquals("", NativeBuild.extensionFor(cpu, ext -> true), "without " + missing);
        }
        assertEquals("", NativeBuild.extensionFor(Set.of(), ext -> true));
    }

    @Test
    void readsTheFirstProcessorsFlags(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu avx2  fma\n\nprocessor\t: 1\n"
                + "flags\t\t: fpu\n");
        assertEquals(Set.of("fpu", "avx2", "fma"), NativeBuild.cpuFlags(f));
        assertEquals(Set.of(), NativeBuild.cpuFlags(dir.resolve("missing")));
    }

    @Test
    void theLoadedBuildIsNamedAfterItsFolder() {
        // the bridge's surefire sets the property empty: the generic build
        org.nd4j.linalg.factory.Nd4j.create(1);
        String loaded = NativeBuild.loaded();
        assertTrue(loaded.startsWith(org.bytedeco.javacpp.Loader.getPlatform()), loaded);
        assertEquals(org.bytedeco.javacpp.Loader.getPlatform() + System.getProperty(NativeBuild.PROPERTY, ""),
                loaded);
        assertEquals(System.getProperty(NativeBuild.PROPERTY), NativeBuild.choose(), "a set property is kept");
    }

    /** The CPU build has no CUDA runtime to load, so the probe of the CUDA build does nothing here. */
    @Test
    void theCudaProbeIsANoOpInTheCpuBuild() {
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
                () -> Class.forName(NativeBuild.CUDA_RUNTIME, false, NativeBuild.class.getClassLoader()));
        NativeBuild.loadCudaRuntime();
    }
}
