package org.resalign.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.ujm.AlignedFamily;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolver;

/**
 * The full L-BFGS solve of the binary UJM at D = 512, L = 16, λ = 1e-2 from the seeded random start, to the default
 * tolerance; fails loudly if it does not reach the aligned optimum to 1e-9 relative.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class SolveBench {

    @Benchmark
    public double lbfgsD512L16() {
        UjmProblem p = UjmProblem.binary(512, 16, 1e-2, Loss.LOGISTIC, 1.0, 0);
        UjmSolution s = UjmSolver.solve(p, SolverSettings.defaults(SolverKind.LBFGS, 0), IterationMonitor.NONE);
        double aligned = AlignedFamily.solve(Loss.LOGISTIC, 16, 1e-2, 1.0, 1).objective();
        double gap = Math.abs(s.result().value() - aligned) / aligned;
        if (!(gap <= 1e-9)) {
            throw new IllegalStateException("the solve missed the aligned optimum: relative gap " + gap);
        }
        return s.result().value();
    }
}
