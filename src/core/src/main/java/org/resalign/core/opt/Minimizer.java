package org.resalign.core.opt;

/** An unconstrained local minimiser of a {@link DifferentiableFunction}. */
public interface Minimizer {

    /**
     * Minimises {@code f} from {@code start}.
     *
     * @param f        the objective
     * @param start    the initial point (not modified)
     * @param criteria when to stop
     * @param monitor  called once per accepted iteration (may be {@link IterationMonitor#NONE})
     */
    OptimizationResult minimize(DifferentiableFunction f, double[] start, StoppingCriteria criteria,
                                IterationMonitor monitor);

    default OptimizationResult minimize(DifferentiableFunction f, double[] start, StoppingCriteria criteria) {
        return minimize(f, start, criteria, IterationMonitor.NONE);
    }
}
