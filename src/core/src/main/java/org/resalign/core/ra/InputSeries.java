package org.resalign.core.ra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named measurements over the analysed inputs of one network (RA is measured at training inputs, paper §1.4,
 * footnote 3), collected by name and summarised: a {@link Stat} per quantity, a mean per block for a quantity measured
 * at every block (e.g. {@code σ₁(J_i)}, paper Figure 4a).
 *
 * <p>A {@link Builder} declares every quantity before the first input, either as <em>defined</em> at every input (a
 * finite value each time) or as one that <em>may be undefined</em> at some inputs (NaN there, e.g. RA4 for a single
 * block: left out of its {@link Stat} and counted, so {@link Stat#count()} falls below {@link #inputs()}). Every input
 * then gives every declared quantity exactly one value; a missing, repeated or unknown quantity, an infinite value, a
 * NaN of a quantity declared defined, and a per-block series of the wrong length are refused with an exception naming
 * the quantity and the input, so no value reaches a summary by accident.
 *
 * @param inputs      the number of inputs
 * @param series      per quantity, in declaration order, its value at each input (NaN where undefined)
 * @param blockSeries per per-block quantity, in declaration order, its values {@code [input][block]}
 * @param blocks      per per-block quantity, its number of blocks
 */
public record InputSeries(int inputs, Map<String, double[]> series, Map<String, double[][]> blockSeries,
        Map<String, Integer> blocks) {

    public InputSeries {
        series = copy(series);
        blockSeries = copyBlocks(blockSeries);
        blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        if (!blocks.keySet().equals(blockSeries.keySet())) {
            throw new IllegalArgumentException("block counts for " + blocks.keySet() + ", series for "
                    + blockSeries.keySet());
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != inputs) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + inputs + " inputs");
            }
        }
        for (Map.Entry<String, double[][]> e : blockSeries.entrySet()) {
            if (e.getValue().length != inputs) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has " + e.getValue().length
                        + " rows for " + inputs + " inputs");
            }
            for (double[] row : e.getValue()) {
                if (row.length != blocks.get(e.getKey())) {
                    throw new IllegalArgumentException("'" + e.getKey() + "' has a row of " + row.length
                            + " values for " + blocks.get(e.getKey()) + " blocks");
                }
            }
        }
    }

    /** A builder with nothing declared. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy of the values of {@code name} at each input (NaN where undefined). */
    public double[] values(String name) {
        double[] v = series.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no quantity '" + name + "' (have " + series.keySet() + ")");
        }
        return v.clone();
    }

    /** Mean, sd, min and max of {@code name} over the inputs where it is defined. */
    public Stat stat(String name) {
        return Stat.of(values(name));
    }

    /**
     * The mean over the inputs of the per-block quantity {@code name}, per block: {@code Σ_t x_{t,i} / n}, summed in
     * input order; zeros when there are no inputs.
     */
    public double[] blockMean(String name) {
        double[][] v = blockSeries.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no per-block quantity '" + name + "' (have " + blockSeries.keySet()
                    + ")");
        }
        double[] mean = new double[blocks.get(name)];
        for (double[] row : v) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / inputs;
            }
        }
        return mean;
    }

    @Override
    public Map<String, double[]> series() {
        return copy(series);
    }

    @Override
    public Map<String, double[][]> blockSeries() {
        return copyBlocks(blockSeries);
    }

    private static Map<String, double[]> copy(Map<String, double[]> m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, double[][]> copyBlocks(Map<String, double[][]> m) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            double[][] c = new double[v.length][];
            for (int t = 0; t < v.length; t++) {
                c[t] = v[t].clone();
            }
            out.put(k, c);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Collects the values of declared quantities input by input. */
    public static final class Builder {

        private final Map<String, Boolean> scalars = new LinkedHashMap<>();
        private final Map<String, Integer> blocks = new LinkedHashMap<>();
        private final List<Input> inputs = new ArrayList<>();

        private Builder() {
        }

        /** Declares quantities that have a finite value at every input. */
        public Builder defined(String... names) {
            return declare(names, false);
        }

        /** Declares quantities that may be undefined (NaN) at some inputs, where they are left out and counted. */
        public Builder mayBeUndefined(String... names) {
            return declare(names, true);
        }

        /** Declares quantities with a finite value at each of {@code blocks} blocks at every input. */
        public Builder perBlock(int blocks, String... names) {
            if (blocks < 1) {
                throw new IllegalArgumentException("a per-block quantity needs at least one block, got " + blocks);
            }
            for (String n : names) {
                checkNew(n);
                this.blocks.put(n, blocks);
            }
            return this;
        }

        private Builder declare(String[] names, boolean mayBeUndefined) {
            for (String n : names) {
                checkNew(n);
                scalars.put(n, mayBeUndefined);
            }
            return this;
        }

        private void checkNew(String name) {
            if (!inputs.isEmpty()) {
                throw new IllegalStateException("'" + name + "' is declared after the first input");
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a quantity needs a name");
            }
            if (scalars.containsKey(name) || blocks.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is declared twice");
            }
        }

        /** Begins the next input; the one before must have a value of every declared quantity. */
        public Input input() {
            if (!inputs.isEmpty()) {
                inputs.get(inputs.size() - 1).requireComplete();
            }
            Input in = new Input(inputs.size() + 1);
            inputs.add(in);
            return in;
        }

        /** The series; the last input must be complete. */
        public InputSeries build() {
            if (!inputs.isEmpty()) {
                inputs.get(inputs.size() - 1).requireComplete();
            }
            int n = inputs.size();
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String name : scalars.keySet()) {
                double[] v = new double[n];
                for (int t = 0; t < n; t++) {
                    v[t] = inputs.get(t).values.get(name);
                }
                series.put(name, v);
            }
            Map<String, double[][]> blockSeries = new LinkedHashMap<>();
            for (String name : blocks.keySet()) {
                double[][] v = new double[n][];
                for (int t = 0; t < n; t++) {
                    v[t] = inputs.get(t).blockValues.get(name);
                }
                blockSeries.put(name, v);
            }
            return new InputSeries(n, series, blockSeries, blocks);
        }

        /** One input's values. */
        public final class Input {

            private final int number;
            private final Map<String, Double> values = new HashMap<>();
            private final Map<String, double[]> blockValues = new HashMap<>();

            private Input(int number) {
                this.number = number;
            }

            /** The value of quantity {@code name} at this input (NaN only if it may be undefined). */
            public Input put(String name, double value) {
                Boolean mayBeUndefined = scalars.get(name);
                if (mayBeUndefined == null) {
                    throw new IllegalArgumentException("'" + name + "' is not a declared quantity (declared: "
                            + scalars.keySet() + (blocks.isEmpty() ? "" : ", per block: " + blocks.keySet()) + ")");
                }
                if (Double.isInfinite(value) || (Double.isNaN(value) && !mayBeUndefined)) {
                    throw new IllegalArgumentException("'" + name + "' is " + value + " at input " + number
                            + (Double.isNaN(value) ? "; it is declared defined at every input" : ""));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException("input " + number + " has two values of '" + name + "'");
                }
                return this;
            }

            /** The values of the per-block quantity {@code name} at this input, one per block, all finite. */
            public Input put(String name, double[] perBlock) {
                Integer count = blocks.get(name);
                if (count == null) {
                    throw new IllegalArgumentException("'" + name + "' is not a declared per-block quantity "
                            + "(declared: " + blocks.keySet() + ")");
                }
                if (perBlock.length != count) {
                    throw new IllegalArgumentException("'" + name + "' has " + perBlock.length + " values at input "
                            + number + ", one per block is " + count);
                }
                for (int i = 0; i < perBlock.length; i++) {
                    if (!Double.isFinite(perBlock[i])) {
                        throw new IllegalArgumentException("'" + name + "' is " + perBlock[i] + " at block "
                                + (i + 1) + " of input " + number);
                    }
                }
                if (blockValues.putIfAbsent(name, perBlock.clone()) != null) {
                    throw new IllegalArgumentException("input " + number + " has two values of '" + name + "'");
                }
                return this;
            }

            private void requireComplete() {
                for (String name : scalars.keySet()) {
                    if (!values.containsKey(name)) {
                        throw new IllegalStateException("input " + number + " has no value of '" + name + "'");
                    }
                }
                for (String name : blocks.keySet()) {
                    if (!blockValues.containsKey(name)) {
                        throw new IllegalStateException("input " + number + " has no value of '" + name + "'");
                    }
                }
            }
        }
    }
}
