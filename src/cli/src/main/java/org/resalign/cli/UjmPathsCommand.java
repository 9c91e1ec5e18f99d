package org.resalign.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.resalign.core.paths.UjmPaths;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign ujm paths}: the UJM optimum's margin by path length (Veit et al. 2016, §3; paper §3.3). */
@Command(name = "paths", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solves the Unconstrained Jacobians Model as 'ujm solve' does, then splits its margin over the "
                + "2^L paths of the unravelled network by length k = 0..L (pathShare, summing to 1) and gives the "
                + "effective path length. For one input and two classes the shares must equal Binomial(L, s/(1+s)), "
                + "s from the aligned family (Theorem 3.3).",
                "Exit code 0: the shares match the binomial and Theorem 3.3 holds (or, where it does not apply, the "
                        + "solver converged); 1: they do not."})
public final class UjmPathsCommand implements Callable<Integer> {

    @Mixin
    UjmOptions ujm;

    @Option(names = "--tol-paths", paramLabel = "T", defaultValue = "" + UjmPaths.DEFAULT_TOLERANCE,
            description = "Largest |pathShare_k − Binomial(L, s/(1+s))_k| that holds (default ${DEFAULT-VALUE}).")
    double tolPaths;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        if (!(tolPaths >= 0) || Double.isInfinite(tolPaths)) {
            throw new BadInputException("--tol-paths must be finite and ≥ 0, got " + tolPaths);
        }
        var problem = ujm.problem();
        var settings = ujm.settings();
        UjmPaths.Report report = UjmPaths.of(UjmOptions.solve(problem, settings, quiet), ujm.tolerances(), tolPaths);
        PrintWriter human = json.human();
        UjmPrinter.paths(report, human);
        json.write(report);
        return report.success() ? Main.HOLDS : Main.FAILS;
    }
}
