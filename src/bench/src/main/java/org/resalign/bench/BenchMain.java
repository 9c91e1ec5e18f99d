package org.resalign.bench;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints each figure beside its baseline measured in the same run:
 * {@code java -jar src/bench/target/resalign-bench.jar [gradient|solve|rsvd|all]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String which = args.length > 0 ? args[0] : "all";
        if (which.equals("gradient") || which.equals("all")) {
            Collection<RunResult> r = new Runner(new OptionsBuilder()
                    .include(GradientBench.class.getSimpleName()).build()).run();
            double gradient = score(r, "gradient");
            double floor = score(r, "streamingFloor");
            System.out.printf(Locale.ROOT, "%ngradient D=512 L=16: %.3f ms; streaming floor (3·L·D² doubles): %.3f ms;"
                    + " ratio %.2f%n", gradient, floor, gradient / floor);
        }
        if (which.equals("solve") || which.equals("all")) {
            Options o = new OptionsBuilder().include(SolveBench.class.getSimpleName()).build();
            Collection<RunResult> r = new Runner(o).run();
            System.out.printf(Locale.ROOT, "%nL-BFGS solve D=512 L=16 λ=1e-2 to the aligned optimum: %.2f s "
                    + "(mean of 3 single shots)%n", score(r, "lbfgsD512L16"));
        }
        if (which.equals("rsvd") || which.equals("all")) {
            Collection<RunResult> r = new Runner(new OptionsBuilder()
                    .include(RsvdBench.class.getSimpleName()).build()).run();
            double vector = score(r, "vector");
            double portable = score(r, "portable");
            double ejml = score(r, "ejmlBaseline");
            System.out.printf(Locale.ROOT, "%nrandomized SVD D=4096 K=30 T=20 (Alg. 971, 42 products), means of single "
                    + "shots: DenseOperator vector kernel %.3f s, portable kernel %.3f s (ratio %.2f), EJML "
                    + "CommonOps_MT_DDRM products %.3f s (ratio %.2f)%n", vector, portable, portable / vector, ejml,
                    ejml / vector);
        }
    }

    private static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no result for " + method);
    }
}
