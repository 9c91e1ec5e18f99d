package org.resalign.bridge;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The cosine learning-rate schedule of Loshchilov and Hutter (paper §2.3), by iteration:
 * {@code η(t) = η₀ · ½(1 + cos(π·min(t, T)/T))} over {@code T} iterations in all. It is a DL4J {@link ISchedule},
 * so it is saved with the model and a resumed run continues on the same curve from the saved iteration count.
 */
public final class CosineSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final double initial;
    private final int totalIterations;

    @JsonCreator
    public CosineSchedule(@JsonProperty("initial") double initial,
            @JsonProperty("totalIterations") int totalIterations) {
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite, got " + initial);
        }
        if (totalIterations < 1) {
            throw new IllegalArgumentException("the schedule needs ≥ 1 iteration, got " + totalIterations);
        }
        this.initial = initial;
        this.totalIterations = totalIterations;
    }

    @JsonProperty("initial")
    public double initial() {
        return initial;
    }

    @JsonProperty("totalIterations")
    public int totalIterations() {
        return totalIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double t = Math.min(iteration, totalIterations);
        return initial * 0.5 * (1 + Math.cos(Math.PI * t / totalIterations));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(initial, totalIterations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.initial == initial && c.totalIterations == totalIterations;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initial) * 31 + totalIterations;
    }
}
