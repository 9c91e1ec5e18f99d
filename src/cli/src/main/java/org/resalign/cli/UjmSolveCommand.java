package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.core.search.Counterexample;
import org.resalign.core.search.Replay;
import org.resalign.core.ujm.Loss;
import org.resalign.core.ujm.SolverKind;
import org.resalign.core.ujm.SolverSettings;
import org.resalign.core.ujm.Theorem33Tolerances;
import org.resalign.core.ujm.UjmProblem;
import org.resalign.core.ujm.UjmSolution;
import org.resalign.core.ujm.UjmSolveReport;
import org.resalign.core.ujm.UjmSolver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resalign ujm solve}: optimise the UJM over full matrices and check Theorem 3.3 (paper §3.3, App. B). */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minimises the Unconstrained Jacobians Model (paper Definition 3.2) from a seeded random start "
                + "and, for one input and two classes, checks Theorem 3.3 against the aligned family's optimum.",
                "Exit code 0: the theorem's structure holds (or, where it does not apply, the solver converged); "
                        + "1: it fails or a counterexample was found."})
public final class UjmSolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UjmOptions ujm;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Re-run a counterexample file written by 'resalign search' with its own inputs, and judge "
                    + "it again by its conjecture. Exit code 1: the counterexample is confirmed; 0: it no longer "
                    + "violates the conjecture.")
    Path replay;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        Counterexample stored = replay == null ? null : replayed();
        UjmProblem problem = stored != null ? stored.inputs().problem() : ujm.problem();
        SolverSettings settings = stored != null ? stored.inputs().settings() : ujm.settings();
        UjmSolution solution = UjmOptions.solve(problem, settings, quiet);
        UjmSolveReport report = UjmSolveReport.of(solution, ujm.tolerances(), ujm.perturbAligned);
        PrintWriter human = json.human();
        UjmPrinter.solve(report, human);
        if (stored != null) {
            Replay r = Replay.of(replay, stored, solution);
            UjmPrinter.replay(r, human);
            json.write(new ReplayReport("ujm solve --replay", r, report));
            return r.confirmed() ? Main.FAILS : Main.HOLDS;
        }
        json.write(report);
        return report.success() ? Main.HOLDS : Main.FAILS;
    }

    /** The JSON of a replay: the conjecture's verdict again, beside the full solve report. */
    record ReplayReport(String command, Replay replay, UjmSolveReport solve) {
    }

    /** The problem options that {@code --replay} takes from its file instead. */
    private static final List<String> FROM_FILE = List.of("--dim", "--depth", "--lambda", "--loss", "--samples",
            "--classes", "--input-norm", "--seed", "--solver", "--max-iter", "--tol", "--rel-tol", "--history",
            "--rank", "--init-scale", "--step", "--perturb-aligned");

    private Counterexample replayed() {
        for (String option : FROM_FILE) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new BadInputException("--replay takes " + option + " from its file; leave it out");
            }
        }
        return Replay.read(replay);
    }
}
