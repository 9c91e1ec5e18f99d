package org.resalign.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.resalign.core.engine.EngineRecord;
import org.resalign.core.engine.UnitEngine;
import org.resalign.core.engine.UnitEngines;
import org.resalign.core.io.AtomicFile;
import org.resalign.core.io.Versions;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.Theorem33Sweep;
import org.resalign.core.ujm.UjmProblem;

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

    @Option(names = "--master", paramLabel = "URL", description = "Solve the grid points as Apache Spark tasks at "
            + "this master: local[N], spark://host:port or k8s://… (bin/resalign adds Spark to the class path). The "
            + "JSON is the same as without, apart from the wall times and the engine record.")
    String master;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    /** The sweep's JSON. */
    record SweepReport(String command, Map<String, Object> inputs, long seed, Map<String, String> versions,
                       double seconds, String verdict, int points, int holding, double worstRelativeGap,
                       List<Theorem33Sweep.Point> rows,
                       @JsonInclude(JsonInclude.Include.NON_NULL) EngineRecord engine) {
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
        List<Theorem33Sweep.Point> rows;
        EngineRecord engineRecord;
        try (UnitEngine engine = UnitEngines.open(master);
                Progress progress = Progress.of("ujm sweep", problems.size(), quiet)) {
            rows = Theorem33Sweep.run(problems, kind, seed, engine, progress::step);
            engineRecord = engine.record();
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
                holding == rows.size() ? "holds" : "fails", rows.size(), (int) holding, worst, rows, engineRecord);
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
