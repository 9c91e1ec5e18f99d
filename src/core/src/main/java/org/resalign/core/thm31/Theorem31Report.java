package org.resalign.core.thm31;

import java.util.List;
import java.util.Map;

import org.resalign.core.io.Versions;
import org.resalign.core.linalg.TruncatedSvdMethod;
import org.resalign.core.ra.RaSettings;
import org.resalign.core.ra.Ra1Line;
import org.resalign.core.ra.ResidualAlignmentReport;

/**
 * The JSON of {@code resalign thm31}: the inputs, the versions, the wall time, the verdict, the check of the run and,
 * when a sweep was asked for, its points.
 *
 * @param command         {@code thm31}
 * @param seed            the seed (also among the inputs)
 * @param inputs          what was built and measured
 * @param versions        resalign and library versions
 * @param seconds         wall time
 * @param verdict         {@code holds} when the closed form and RA1 hold to the tolerance, else {@code fails}
 * @param formulaHolds    the closed form {@code h_k = (k−1)uuᵀh_1 + h_1} holds to the tolerance
 * @param ra1Holds        RA1 (line deficit and spacing CV) holds to the tolerance
 * @param predictionError {@code max_k ‖h_k − ĥ_k‖/‖ĥ_k‖}
 * @param ra1             RA1 figures
 * @param ra              RA1–RA4 of the construction
 * @param sweep           the sweep over {@code ε}, empty when none was asked for
 * @param files           the files of the report folder, empty without {@code --out}
 */
public record Theorem31Report(String command, long seed, Inputs inputs, Map<String, String> versions, double seconds,
        String verdict, boolean formulaHolds, boolean ra1Holds, double predictionError, Ra1Line ra1,
        ResidualAlignmentReport ra, List<Theorem31Sweep.Point> sweep, List<String> files) {

    /**
     * @param dim       {@code D}
     * @param depth     {@code L}
     * @param seed      seed of {@code u}, {@code w}, {@code h_1} and the chance frames
     * @param violation the broken assumption ({@code none}, {@code ra2}, {@code ra3}, {@code ra4})
     * @param epsilon   by how much
     * @param tolerance bound on every RA1 figure
     * @param k         singular triplets per block in the RA report
     * @param sweepEpsilons the swept {@code ε}, empty without a sweep
     * @param sweepModes    the swept violations
     */
    public record Inputs(int dim, int depth, long seed, String violation, double epsilon, double tolerance, int k,
            double[] sweepEpsilons, List<String> sweepModes) {
    }

    /**
     * Runs the check that {@code inputs} describe, with the RA report of the construction ({@code k} triplets per
     * block, RA3 rank 1, RA4 over all blocks, 8 plotted blocks) and, when {@code sweepEpsilons} is not empty, the
     * sweep over {@code sweepModes}.
     *
     * @param files the report folder's files, to be recorded in the JSON (empty without a folder)
     */
    public static Theorem31Report compute(Inputs inputs, List<String> files) {
        long t0 = System.nanoTime();
        Theorem31Result result = Theorem31Check.run(construction(inputs), inputs.tolerance(),
                new RaSettings(inputs.k(), 1, 1, 0, 8, inputs.seed()), TruncatedSvdMethod.automatic(inputs.seed()));
        List<Violation> modes = inputs.sweepModes().stream().map(Violation::parse).toList();
        List<Theorem31Sweep.Point> points = inputs.sweepEpsilons().length == 0 ? List.of()
                : Theorem31Sweep.run(inputs.dim(), inputs.depth(), inputs.seed(), modes, inputs.sweepEpsilons(),
                        inputs.tolerance());
        return of(result, inputs, (System.nanoTime() - t0) / 1e9, points, files);
    }

    /** The construction {@code inputs} describe. */
    public static Theorem31Construction construction(Inputs inputs) {
        return new Theorem31Construction(inputs.dim(), inputs.depth(), Violation.parse(inputs.violation()),
                inputs.epsilon(), inputs.seed());
    }

    /** The report of one check, its sweep and its files. */
    public static Theorem31Report of(Theorem31Result result, Inputs inputs, double seconds,
            List<Theorem31Sweep.Point> sweep, List<String> files) {
        return new Theorem31Report("thm31", inputs.seed(), inputs, Versions.all(), seconds, result.holds() ? "holds" : "fails",
                result.formulaHolds(), result.ra1Holds(), result.predictionError(), result.ra1(), result.report(),
                List.copyOf(sweep), List.copyOf(files));
    }
}
