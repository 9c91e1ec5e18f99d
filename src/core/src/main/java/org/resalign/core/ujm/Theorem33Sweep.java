package org.resalign.core.ujm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.resalign.core.engine.UnitEngine;
import org.resalign.core.opt.IterationMonitor;

/**
 * {@code resalign ujm sweep}: Theorem 3.3's check (paper §3.3; one input, two classes) at every point of a grid, each
 * point one UJM solve from its problem's seed. The points do not depend on one another, so they may be solved on any
 * engine with the same results.
 */
public final class Theorem33Sweep {

    private Theorem33Sweep() {
    }

    /**
     * One grid point's result.
     *
     * @param alignmentDeficit    1 − the least of the left–right, cross-layer, input and classifier alignments
     * @param singularValueSpread max σ₁ / min σ₁ over the blocks
     * @param seconds             the solve's wall time
     */
    public record Point(int dim, int depth, double lambda, double objective, double alignedObjective,
                        double relativeGap, double maxRankOneRatio, double alignmentDeficit,
                        double singularValueSpread, int iterations, double gradientNorm, double seconds,
                        String verdict) implements Serializable {
    }

    /** Solves {@code p} with the default settings of {@code kind} and judges it by Theorem 3.3. */
    public static Point solve(UjmProblem p, SolverKind kind, long seed) {
        UjmSolveReport r = UjmSolveReport.of(UjmSolver.solve(p, SolverSettings.defaults(kind, seed),
                IterationMonitor.NONE), Theorem33Tolerances.DEFAULT);
        Theorem33Verdict v = r.theorem33().verdict();
        double deficit = 1 - Math.min(Math.min(v.structure().minLeftRightAlignment(),
                v.structure().minCrossLayerAlignment()), Math.min(v.minInputAlignment(), v.classifierInputCosine()));
        return new Point(p.dim(), p.depth(), p.lambda(), r.objective(), r.alignedObjective(), r.relativeGap(),
                v.structure().maxRankOneRatio(), deficit, v.structure().singularValueSpread(), r.iterations(),
                r.gradientNorm(), r.seconds(), r.verdict());
    }

    /**
     * Every point, in the problems' order. In this JVM ({@link UnitEngine#IN_PROCESS}) one after another, each solve
     * on all cores, {@code pointDone} after each; on another engine all in one job, {@code pointDone} as the results
     * come back.
     */
    public static List<Point> run(List<UjmProblem> problems, SolverKind kind, long seed, UnitEngine engine,
            Runnable pointDone) {
        List<Point> points = new ArrayList<>(problems.size());
        if (engine == UnitEngine.IN_PROCESS) {
            for (UjmProblem p : problems) {
                points.add(solve(p, kind, seed));
                pointDone.run();
            }
            return points;
        }
        for (Point point : engine.map(problems, p -> solve(p, kind, seed))) {
            points.add(point);
            pointDone.run();
        }
        return points;
    }
}
