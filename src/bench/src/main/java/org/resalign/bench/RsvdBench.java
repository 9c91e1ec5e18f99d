package org.resalign.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.resalign.core.linalg.DenseOperator;
import org.resalign.core.linalg.KnownSpectrumMatrix;
import org.resalign.core.linalg.LinearOperator;
import org.resalign.core.linalg.RandomizedSvd;
import org.resalign.core.linalg.RsvdBenchmark;
import org.resalign.core.linalg.TruncatedSvd;

/**
 * One randomized SVD (Algorithm 971, paper §2.4) of a dense {@code 4096×4096} matrix with {@code σ_i = 1/i}: the top
 * {@code K = 30} triplets, {@code T = 20} iterations, the default oversampling, 42 products. {@link #vector} and {@link #portable} use
 * {@link DenseOperator} with its two kernels, the vector one at the JVM's preferred width (the forked JVM inherits this
 * one's options, so {@code java -XX:UseAVX=2 -jar resalign-bench.jar rsvd} measures the 256-bit kernel of an AVX2
 * CPU); {@link #ejmlBaseline} runs the same algorithm with EJML's stock multi-threaded products
 * ({@code CommonOps_MT_DDRM.mult/multTransA}, faster here than the single-threaded {@code CommonOps_DDRM}) as the
 * operator. {@link BenchMain} prints their ratio. Matrix construction and the operators' setup are outside the timing.
 * The matrix, the backends' operators and the error against the known spectrum are those of {@code rsvd bench}
 * ({@link RsvdBenchmark}); each benchmark fails loudly if the top 30 singular values are off by more than 1e-8
 * relative.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
// ParallelGC: with G1 and the three operators' 0.9 GB in the heap, G1's concurrent threads take time from the two
// product threads (measured: 1.2 s against 0.7 s per vector decomposition in one JVM).
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector"})
public class RsvdBench {

    static final int DIM = 4096;
    static final int K = 30;

    private double[] sigma;
    private LinearOperator vector;
    private LinearOperator portable;
    private LinearOperator ejml;
    private RandomizedSvd.Parameters parameters;

    @Setup(Level.Trial)
    public void setUp() {
        KnownSpectrumMatrix m = RsvdBenchmark.problem(DIM, 0);
        sigma = m.singularValues();
        int threads = Runtime.getRuntime().availableProcessors();
        vector = RsvdBenchmark.operator("vector", m.matrix(), threads);
        portable = RsvdBenchmark.operator("java", m.matrix(), threads);
        ejml = RsvdBenchmark.operator("ejml", m.matrix(), threads);
        parameters = RandomizedSvd.Parameters.of(K, 0);
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public double vector() {
        return checked(RandomizedSvd.decompose(vector, parameters));
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public double portable() {
        return checked(RandomizedSvd.decompose(portable, parameters));
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public double ejmlBaseline() {
        return checked(RandomizedSvd.decompose(ejml, parameters));
    }

    private double checked(TruncatedSvd t) {
        double rel = RsvdBenchmark.maxRelativeError(t, sigma, K);
        if (!(rel <= 1e-8)) {
            throw new IllegalStateException("the top " + K + " singular values are off by up to " + rel
                    + " relative");
        }
        double sum = 0;
        for (int j = 0; j < K; j++) {
            sum += t.value(j);
        }
        return sum;
    }
}
