package org.resalign.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hipparchus.stat.descriptive.DescriptiveStatistics;
import org.resalign.core.input.InvalidInputException;
import org.resalign.core.seed.Seeds;

/**
 * The lesion study of Veit, Wilber &amp; Belongie, "Residual Networks Behave Like Ensembles of Relatively Shallow
 * Networks" (NeurIPS 2016), §4, on a trained network's test images: the accuracy with each block deleted
 * ({@code h_{i+1} = h_i}, their Figure 3), with {@code k} blocks deleted at random (Figure 4a), and with {@code k}
 * random swaps of adjacent blocks (Figure 4b, reordering). Veit et al. find that a network with skips degrades
 * smoothly (each deletion costs little; the error grows smoothly with {@code k}), while one without (their VGG) fails
 * at any deletion. Each variant is the network rebuilt with its blocks in another order ({@link
 * ResNetBuilder#rearranged}), the trained parameters copied in by name, batch norm in inference mode; the full order
 * is evaluated the same way, and equals the trained network's own accuracy (tested).
 */
public final class LesionStudy {

    private LesionStudy() {
    }

    /** A network with block {@code block} deleted, and its test accuracy. */
    public record BlockLesion(int block, double accuracy) {
    }

    /**
     * Random variants with {@code k} changes.
     *
     * @param k        blocks deleted, or adjacent swaps made
     * @param draws    the variants drawn (repeats included)
     * @param mean     their mean test accuracy
     * @param sd       its sample standard deviation (0 for one draw)
     * @param min      the lowest accuracy drawn
     * @param max      the highest
     */
    public record Draws(int k, int draws, double mean, double sd, double min, double max) {
    }

    /**
     * The JSON of {@code bridge lesion}.
     *
     * @param accuracy   the whole network's test accuracy
     * @param blocks     one entry per block, each deleted alone
     * @param deleted    {@code k = 1..L−1} blocks deleted at random
     * @param swapped    {@code k = 1..L−1} random swaps of adjacent blocks
     * @param testImages the images each accuracy is measured on
     */
    public record Report(String command, String model, String type, int width, int depth, boolean skips, long seed,
                         int draws, Map<String, String> versions, double seconds, int testImages, double accuracy,
                         List<BlockLesion> blocks, List<Draws> deleted, List<Draws> swapped) {
    }

    /** The number of networks {@link #run} evaluates at most: the whole, each block deleted, and the draws. */
    public static int evaluations(int depth, int draws) {
        return 1 + depth + 2 * Math.max(0, depth - 1) * draws;
    }

    /**
     * Runs the study on {@code loaded}'s test images.
     *
     * @param draws    random variants per {@code k} ({@code ≥ 1})
     * @param seed     seed of the random deletions and swaps ({@link Seeds.Purpose#LESIONS})
     * @param progress told the number of networks evaluated so far
     */
    public static Report run(String command, String model, ModelFile.Loaded loaded, Images test, int draws, long seed,
            IntConsumer progress) {
        if (draws < 1) {
            throw new InvalidInputException("draws", "{draws} must be ≥ 1, got " + draws);
        }
        long t0 = System.nanoTime();
        ResNetSpec spec = loaded.info().spec();
        spec.requireOneStage("lesions");
        int depth = spec.depth();
        Map<String, Double> cache = new HashMap<>();
        int[] done = {0};
        Evaluator eval = order -> cache.computeIfAbsent(java.util.Arrays.toString(order), key -> {
            ComputationGraph g = ResNetBuilder.rearranged(spec, order, ResNetBuilder.branchScale(loaded.graph(), 1),
                    loaded.graph().params().dataType());
            ResNetBuilder.copyParameters(loaded.graph(), g);
            double a = Trainer.accuracy(g, test);
            progress.accept(++done[0]);
            return a;
        });
        double whole = eval.accuracy(ResNetBuilder.identityOrder(depth));
        List<BlockLesion> blocks = new ArrayList<>();
        for (int i = 1; i <= depth; i++) {
            blocks.add(new BlockLesion(i, eval.accuracy(without(ResNetBuilder.identityOrder(depth), List.of(i)))));
        }
        RandomGenerator rng = Seeds.stream(seed, Seeds.Purpose.LESIONS);
        List<Draws> deleted = new ArrayList<>();
        List<Draws> swapped = new ArrayList<>();
        for (int k = 1; k < depth; k++) {
            double[] a = new double[draws];
            for (int d = 0; d < draws; d++) {
                a[d] = eval.accuracy(without(ResNetBuilder.identityOrder(depth), choose(rng, depth, k)));
            }
            deleted.add(summary(k, a));
        }
        for (int k = 1; k < depth; k++) {
            double[] a = new double[draws];
            for (int d = 0; d < draws; d++) {
                int[] order = ResNetBuilder.identityOrder(depth);
                for (int s = 0; s < k; s++) {
                    int at = rng.nextInt(depth - 1);
                    int t = order[at];
                    order[at] = order[at + 1];
                    order[at + 1] = t;
                }
                a[d] = eval.accuracy(order);
            }
            swapped.add(summary(k, a));
        }
        return new Report(command, model, spec.type().optionName(), spec.width(), depth, spec.type().skips(), seed,
                draws, BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, test.size(), whole, blocks, deleted,
                swapped);
    }

    @FunctionalInterface
    private interface Evaluator {
        double accuracy(int[] order);
    }

    /** {@code order} without the blocks {@code gone}. */
    static int[] without(int[] order, List<Integer> gone) {
        return java.util.Arrays.stream(order).filter(i -> !gone.contains(i)).toArray();
    }

    /** {@code k} distinct blocks of {@code 1..depth}, uniformly ({@link Seeds#distinct}). */
    static List<Integer> choose(RandomGenerator rng, int depth, int k) {
        return java.util.Arrays.stream(Seeds.distinct(rng, depth, k)).map(i -> i + 1).boxed().toList();
    }

    private static Draws summary(int k, double[] a) {
        DescriptiveStatistics st = new DescriptiveStatistics(a);
        return new Draws(k, a.length, st.getMean(), a.length > 1 ? st.getStandardDeviation() : 0, st.getMin(),
                st.getMax());
    }
}
