package org.resalign.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolver;
import org.resalign.core.ujm.UnconstrainedJacobiansModel;

/**
 * One evaluation of the UJM objective and its gradient (forward and backward pass over L dense D×D Jacobians) against
 * the memory-bandwidth floor of that computation: a plain loop that only streams the same {@code 3·L·D²} doubles
 * (reads the Jacobians twice, writes a gradient-sized array once). {@link BenchMain} prints their ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GradientBench {

    @Param({"512"})
    public int dim;

    @Param({"16"})
    public int depth;

    private UnconstrainedJacobiansModel model;
    private double[] theta;
    private double[] gradient;
    private int jacobianEntries;

    @Setup
    public void setUp() {
        UjmProblem p = UjmProblem.binary(dim, depth, 1e-2, Loss.LOGISTIC, 1.0, 0);
        SolverSettings s = SolverSettings.defaults(SolverKind.LBFGS, 0);
        model = UjmSolver.model(p, s);
        theta = UjmSolver.initialPoint(model, s);
        gradient = new double[theta.length];
        jacobianEntries = depth * dim * dim;
    }

    @Benchmark
    public double gradient() {
        return model.valueAndGradient(theta, gradient);
    }

    /** The floor: read L·D² doubles twice (forward and backward), write L·D² once (the gradient). */
    @Benchmark
    public double streamingFloor() {
        double[] a = theta;
        double[] out = gradient;
        int n = jacobianEntries;
        double s0 = 0;
        double s1 = 0;
        for (int k = 0; k + 1 < n; k += 2) {
            s0 += a[k];
            s1 += a[k + 1];
        }
        for (int k = 0; k < n; k++) {
            out[k] = 0.5 * a[k] + s0;
        }
        return s0 + s1 + out[n - 1];
    }
}
