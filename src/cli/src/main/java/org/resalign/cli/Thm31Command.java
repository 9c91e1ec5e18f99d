package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.resalign.core.report.Theorem31Folder;
import org.resalign.core.thm31.Theorem31Report;
import org.resalign.core.thm31.Violation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code resalign thm31}: Theorem 3.1 (paper §3.2, App. A), RA2+3+4 imply RA1, and what each assumption buys. */
@Command(name = "thm31", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds Jacobians that satisfy RA2+3+4 exactly, J_i = (1/i)·uuᵀ, propagates h_{i+1} = "
                + "(I + J_i)h_i, and checks the theorem's closed form h_k = (k−1)uuᵀh_1 + h_1 and RA1 "
                + "(points equispaced on a line). --violate breaks one assumption by ε; --sweep measures how RA1 "
                + "degrades as ε grows.",
                "Exit code 0: the closed form and RA1 hold to --tol for the run given by --violate and --epsilon "
                        + "(a sweep only adds measurements); 1: they do not, the expected outcome of a violation."})
public final class Thm31Command implements Callable<Integer> {

    @Option(names = "--dim", paramLabel = "D", defaultValue = "64", description = "Dimension D ≥ 2 "
            + "(default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "16", description = "Number of blocks L "
            + "(default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of u, h_1 and the second direction w "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--violate", paramLabel = "MODE", defaultValue = "none",
            description = "none; ra2: turn the aligned direction by ε radians per block; ra3: add a second rank "
                    + "(ε/i)·wwᵀ; ra4: σ₁(J_i) = i^-(1+ε) instead of 1/i (default ${DEFAULT-VALUE}).")
    String violate;

    @Option(names = "--epsilon", paramLabel = "ε", defaultValue = "0.1",
            description = "Size of the violation, ε ≥ 0 (default ${DEFAULT-VALUE}; ignored for none).")
    double epsilon;

    @Option(names = "--sweep", paramLabel = "ε,ε,…", split = ",",
            description = "Also sweep these ε (for the --violate mode, or all three modes when it is none) and "
                    + "tabulate RA1's degradation.")
    double[] sweep;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10",
            description = "Singular triplets per block for the RA2 grid and RA3 (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "1e-12",
            description = "Bound on the prediction error, the distance from the line √(1 − lineFraction) and the "
                    + "spacing CV (default ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write a report folder: thm31.json, summary.md and the plots (RA2 grid, singular values, "
                    + "1/σ₁ against depth, trajectory; the sweep's table and plot).")
    Path out;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        Violation violation = Violation.parse(violate);
        if (dim < 2) {
            throw new BadInputException("--dim must be ≥ 2 (the violations need a second direction), got " + dim);
        }
        if (depth < 1) {
            throw new BadInputException("--depth must be ≥ 1, got " + depth);
        }
        requireFiniteNonNegative("--epsilon", epsilon);
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new BadInputException("--tol must be finite and > 0, got " + tol);
        }
        if (k < 2) {
            throw new BadInputException("--k must be ≥ 2 (RA3 compares σ₁ with σ₂), got " + k);
        }
        double[] epsilons = sweep == null ? new double[0] : sweep.clone();
        for (double e : epsilons) {
            requireFiniteNonNegative("--sweep values", e);
        }
        BadInputException.requireFolderOrAbsent(out);
        double eps = violation == Violation.NONE ? 0 : epsilon;
        List<Violation> modes = violation == Violation.NONE ? List.of(Violation.RA2, Violation.RA3, Violation.RA4)
                : List.of(violation);
        Theorem31Report.Inputs inputs = new Theorem31Report.Inputs(dim, depth, seed, violation.optionName(), eps,
                tol, Math.min(k, dim), epsilons, epsilons.length == 0 ? List.of()
                        : modes.stream().map(Violation::optionName).toList());
        Theorem31Report report = Theorem31Report.compute(inputs,
                out == null ? List.of() : Theorem31Folder.files(epsilons.length > 0));
        if (out != null) {
            Theorem31Folder.write(out, report);
        }
        PrintWriter human = json.human();
        Thm31Printer.print(report, human);
        if (out != null) {
            human.println("report folder: " + out.toAbsolutePath());
        }
        human.flush();
        json.write(report);
        return report.verdict().equals("holds") ? Main.HOLDS : Main.FAILS;
    }

    private static void requireFiniteNonNegative(String option, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new BadInputException(option + " must be finite and ≥ 0, got " + value);
        }
    }
}
