package org.resalign.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of nd4j-native's builds JavaCPP loads: the generic {@code linux-x86_64} one, or one compiled for a CPU
 * feature level ({@code linux-x86_64-avx2}, {@code linux-x86_64-avx512}), chosen once, before ND4J loads, from the
 * CPU's features.
 *
 * <p>JavaCPP looks for a native library first under {@code platform + extension}, then under the platform alone. The
 * extension is the system property {@value #PROPERTY}; when that is unset, ND4J's presets list {@code -avx512} and
 * {@code -avx2} and JavaCPP loads the first of them on the class path <em>whatever the CPU</em> (with both builds in
 * the jar, the AVX-512 one, which a CPU without AVX-512 cannot run). So {@link #choose} always sets the property,
 * unless it is already set (an empty value is the generic build): to the most specific build whose instruction set
 * the CPU's flags in {@code /proc/cpuinfo} cover and whose library is on the class path, else empty, the generic
 * build (another operating system or architecture, or flags that cannot be read). The flags a build needs are those of
 * the instructions it uses: the AVX2 build's are AVX2, FMA and F16C (its code holds FMA and half-precision
 * conversions, nothing of BMI); the AVX-512 build's are those plus AVX-512 F, CD, BW, DQ and VL (Skylake-X's set).
 *
 * <p>The SIMD builds are in the jar only when it is built with {@code mvn -Dsimd} (the profile {@code x86-simd} of
 * the bridge); otherwise {@link #choose} finds none and the generic build loads, as before.
 *
 * <p>The builds do not compute bit for bit alike: the SIMD builds' random initialisation and their reductions differ
 * from the generic build's in the last bits, and training makes that a different network. The AVX2 and AVX-512
 * builds gave identical weights in every comparison made (see the README's Benchmarks), so a network trained on any
 * CPU with AVX2 is the same; one trained with the generic build (a CPU without AVX2, or the property set empty) is
 * another.
 */
public final class NativeBuild {

    /** JavaCPP's system property naming the platform extension. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** The SIMD builds, most specific first, with the CPU flags each needs. */
    static final List<Level> LEVELS = List.of(
            new Level("-avx512", Set.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq",
                    "avx512vl")),
            new Level("-avx2", Set.of("avx", "avx2", "fma", "f16c")));

    /** A platform extension and the CPU flags its code needs. */
    record Level(String extension, Set<String> flags) {
    }

    private NativeBuild() {
    }

    /**
     * Sets {@value #PROPERTY} from this CPU's features unless it is set, and returns its value ({@code ""}: the
     * generic build). Must run before ND4J loads its native library; every entry point that loads ND4J calls it
     * ({@code Main}, {@link TrainingBenchmark}'s child JVM), and the bridge's tests set the property empty.
     */
    public static synchronized String choose() {
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            return set;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String extension = "";
        if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            ClassLoader loader = NativeBuild.class.getClassLoader();
            extension = extensionFor(cpuFlags(Path.of("/proc/cpuinfo")),
                    ext -> loader.getResource(library("linux-x86_64" + ext)) != null);
        }
        System.setProperty(PROPERTY, extension);
        return extension;
    }

    /**
     * The most specific extension of {@link #LEVELS} whose flags {@code flags} all holds and which {@code present}
     * accepts (its library is on the class path), else {@code ""}.
     */
    static String extensionFor(Set<String> flags, Predicate<String> present) {
        for (Level l : LEVELS) {
            if (flags.containsAll(l.flags()) && present.test(l.extension())) {
                return l.extension();
            }
        }
        return "";
    }

    /** The flags of the first processor in a {@code /proc/cpuinfo} file; empty when it cannot be read. */
    static Set<String> cpuFlags(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    if (colon >= 0) {
                        return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no flags: the generic build
        }
        return Set.of();
    }

    /** The class-path resource of nd4j-native's library for a platform with its extension. */
    static String library(String platformWithExtension) {
        return "org/nd4j/linalg/cpu/nativecpu/bindings/" + platformWithExtension + "/libnd4jcpu.so";
    }

    /**
     * The build this process has loaded, read from where its {@code libnd4jcpu} library is mapped (JavaCPP extracts
     * it into a folder named after the build): {@code linux-x86_64}, {@code linux-x86_64-avx2} and so on; else the
     * platform and the property's extension, which JavaCPP will try first.
     */
    public static String loaded() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8)) {
                int at = line.indexOf("/bindings/");
                if (at >= 0 && line.contains("libnd4jcpu")) {
                    String rest = line.substring(at + "/bindings/".length());
                    int slash = rest.indexOf('/');
                    if (slash > 0) {
                        return rest.substring(0, slash);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return org.bytedeco.javacpp.Loader.getPlatform() + System.getProperty(PROPERTY, "");
    }

    /** The class whose initialiser loads CUDA's runtime (JavaCPP's preset), present only in a build with -Dcuda. */
    static final String CUDA_RUNTIME = "org.bytedeco.cuda.global.cudart";

    /**
     * In a build with ND4J's CUDA backend, loads CUDA's runtime as ND4J's backend would first do, so that a machine
     * without NVIDIA's driver fails here, before ND4J prints its own trace, with the {@link UnsatisfiedLinkError}
     * that names the missing library ({@code libcuda.so.1}); nothing in a CPU build.
     */
    public static void loadCudaRuntime() {
        ClassLoader loader = NativeBuild.class.getClassLoader();
        try {
            Class.forName(CUDA_RUNTIME, false, loader);
        } catch (ClassNotFoundException e) {
            return; // a CPU build
        }
        try {
            Class.forName(CUDA_RUNTIME, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
