package org.resalign.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Versions;
import org.resalign.core.opt.IterationMonitor;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.Theorem33Verdict;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign ujm sweep}: the Theorem 3.3 check over a grid of dimensions, depths and λ (paper §3.3). */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs 'ujm solve' with the Theorem 3.3 check (one input, two classes) over every combination "
                + "of --dims, --depths and --lambdas, and tabulates the results.",
                "Exit code 0 when the verdict holds everywhere."})
public final class UjmSweepCommand implements Callable<Integer> {

    @Option(names = "--dims", split = ",", paramLabel = "D", defaultValue = "16,64,256",
            description = "Dimensions (default ${DEFAULT-VALUE}).")
    List<Integer> dims;

    @Option(names = "--depths", split = ",", paramLabel = "L", defaultValue = "1,4,8,16,32",
            description = "Depths (default ${DEFAULT-VALUE}).")
    List<Integer> depths;

    @Option(names = "--lambdas", split = ",", paramLabel = "λ", defaultValue = "1e-3,1e-2,1e-1,1",
            description = "Regularisations (default ${DEFAULT-VALUE}).")
    List<Double> lambdas;

    @Option(names = "--loss", defaultValue = "logistic", description = "Loss (default ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--input-norm", paramLabel = "R", defaultValue = "1", description = "‖Δx‖ (default ${DEFAULT-VALUE}).")
    double inputNorm;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--solver", defaultValue = "lbfgs", description = "Solver (default ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table as Markdown to FILE.")
    Path markdown;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    /** One grid point. */
    record Row(int dim, int depth, double lambda, double objective, double alignedObjective, double relativeGap,
               double maxRankOneRatio, double alignmentDeficit, double singularValueSpread, int iterations,
               double gradientNorm, double seconds, String verdict) {
    }

    /** The sweep's JSON. */
    record SweepReport(String command, Map<String, Object> inputs, long seed, Map<String, String> versions,
                       double seconds, String verdict, int points, int holding, double worstRelativeGap,
                       List<Row> rows) {
    }

    @Override
    public Integer call() {
        json.validate();
        Loss l = Loss.parse(loss);
        SolverKind kind = SolverKind.parse(solver);
        List<UjmProblem> problems = new ArrayList<>();
        for (int d : dims) {
            for (int depth : depths) {
                for (double lambda : lambdas) {
                    problems.add(UjmProblem.binary(d, depth, lambda, l, inputNorm, seed));
                }
            }
        }
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (Progress progress = Progress.of("ujm sweep", problems.size(), quiet)) {
            for (UjmProblem p : problems) {
                UjmSolveReport r = UjmSolveReport.of(UjmSolver.solve(p, SolverSettings.defaults(kind, seed),
                        IterationMonitor.NONE), Theorem33Tolerances.DEFAULT);
                Theorem33Verdict v = r.theorem33().verdict();
                double deficit = 1 - Math.min(Math.min(v.structure().minLeftRightAlignment(),
                        v.structure().minCrossLayerAlignment()), Math.min(v.minInputAlignment(),
                        v.classifierInputCosine()));
                rows.add(new Row(p.dim(), p.depth(), p.lambda(), r.objective(), r.alignedObjective(),
                        r.relativeGap(), v.structure().maxRankOneRatio(), deficit, v.structure().singularValueSpread(),
                        r.iterations(), r.gradientNorm(), r.seconds(), r.verdict()));
                progress.step();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long holding = rows.stream().filter(r -> r.verdict().equals("holds")).count();
        double worst = rows.stream().mapToDouble(r -> Math.abs(r.relativeGap())).max().orElse(0);
        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        inputs.put("dims", dims);
        inputs.put("depths", depths);
        inputs.put("lambdas", lambdas);
        inputs.put("loss", l.optionName());
        inputs.put("inputNorm", inputNorm);
        inputs.put("solver", kind.optionName());
        SweepReport report = new SweepReport("ujm sweep", inputs, seed, Versions.all(), seconds,
                holding == rows.size() ? "holds" : "fails", rows.size(), (int) holding, worst, rows);
        String table = UjmPrinter.sweepTable(report);
        UjmPrinter.sweep(report, json.human());
        if (markdown != null) {
            try {
                AtomicFile.writeString(markdown, "# Theorem 3.3 over a grid\n\n"
                        + String.format(Locale.ROOT, "`resalign ujm sweep --dims %s --depths %s --lambdas %s "
                                + "--loss %s --input-norm %s --seed %d --solver %s`, resalign %s.%n%n",
                        join(dims), join(depths), join(lambdas), l.optionName(), Table.compact(inputNorm), seed,
                        kind.optionName(), Versions.resalign())
                        + table + String.format(Locale.ROOT, "%n%d of %d grid points hold; worst |relative gap| "
                                + "%.2e.%n", holding, rows.size(), worst));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + markdown + ": " + e.getMessage(), e);
            }
        }
        json.write(report);
        return holding == rows.size() ? Main.HOLDS : Main.FAILS;
    }

    private static String join(List<?> values) {
        return String.join(",", values.stream().map(v -> v instanceof Double d ? Table.compact(d) : v.toString())
                .toList());
    }
}
