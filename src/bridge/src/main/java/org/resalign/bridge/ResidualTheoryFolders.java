package org.resalign.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.resalign.core.io.Json;
import org.resalign.core.plot.RaSweepPlot;

/**
 * The report folders of {@code bridge paths}, {@code bridge lesion} and {@code bridge branches}: the JSON and a figure
 * after the paper each command follows (Veit et al. 2016's Figures 3, 4 and 6; De &amp; Smith 2020's branch ratios).
 */
public final class ResidualTheoryFolders {

    private ResidualTheoryFolders() {
    }

    /** The model's file name, for a title that fits. */
    private static String name(String model) {
        Path p = Path.of(model).getFileName();
        return p == null ? model : p.toString();
    }

    private static double[] lengths(int depth) {
        double[] k = new double[depth + 1];
        for (int i = 0; i <= depth; i++) {
            k[i] = i;
        }
        return k;
    }

    private static double[] blocks(int depth) {
        double[] b = new double[depth];
        for (int i = 0; i < depth; i++) {
            b[i] = i + 1;
        }
        return b;
    }

    /** {@code paths.json} and {@code paths.png}: the margin's and the gradient's shares by path length (Figure 6). */
    public static void writeInto(Path folder, NetworkPaths.Report r) throws IOException {
        Json.write(folder.resolve("paths.json"), r);
        RaSweepPlot.write(lengths(r.depth()), List.of(
                new RaSweepPlot.Series("share of the margin (pathShare)", r.pathShare()),
                new RaSweepPlot.Series("share of the gradient (gradientShare)", r.gradientShare()),
                new RaSweepPlot.Series("share of the paths, C(L,k)/2^L", r.pathCountShare())),
                String.format(java.util.Locale.ROOT, "%s: type %s, D=%d, L=%d; affine rest of the margin %.3f",
                        name(r.model()), r.type(), r.width(), r.depth(), r.affineShare()),
                "path length k (residual branches taken)", "share", false, false, folder.resolve("paths.png"));
    }

    /**
     * {@code lesion.json}, {@code blocks.png} (accuracy with each block deleted, Figure 3) and {@code random.png}
     * (accuracy against the number of deletions and swaps, Figure 4).
     */
    public static void writeInto(Path folder, LesionStudy.Report r) throws IOException {
        Json.write(folder.resolve("lesion.json"), r);
        int depth = r.depth();
        double[] deleted = new double[depth];
        double[] whole = new double[depth];
        for (int i = 0; i < depth; i++) {
            deleted[i] = r.blocks().get(i).accuracy();
            whole[i] = r.accuracy();
        }
        String title = String.format(java.util.Locale.ROOT, "%s: type %s, D=%d, L=%d, %s skips", name(r.model()),
                r.type(), r.width(), depth, r.skips() ? "with" : "without");
        RaSweepPlot.write(blocks(depth), List.of(new RaSweepPlot.Series("block i deleted", deleted),
                new RaSweepPlot.Series("whole network", whole)), title, "deleted block i", "test accuracy", false,
                false, folder.resolve("blocks.png"));
        if (depth > 1) {
            List<RaSweepPlot.Series> series = new ArrayList<>();
            series.add(new RaSweepPlot.Series("k random blocks deleted (mean of " + r.draws() + ")",
                    r.deleted().stream().mapToDouble(LesionStudy.Draws::mean).toArray()));
            series.add(new RaSweepPlot.Series("k random adjacent swaps (mean of " + r.draws() + ")",
                    r.swapped().stream().mapToDouble(LesionStudy.Draws::mean).toArray()));
            double[] k = new double[depth - 1];
            for (int i = 0; i < k.length; i++) {
                k[i] = i + 1;
            }
            RaSweepPlot.write(k, series, title, "k", "test accuracy", false, false, folder.resolve("random.png"));
        }
    }

    /** {@code branches.json} and {@code branches.png}: {@code ‖F(h_i)‖/‖h_i‖} by block, log-log, init and trained. */
    public static void writeInto(Path folder, ResidualBranchNorms.Report r) throws IOException {
        Json.write(folder.resolve("branches.json"), r);
        List<RaSweepPlot.Series> series = new ArrayList<>();
        if (r.initial() != null) {
            series.add(new RaSweepPlot.Series(String.format(java.util.Locale.ROOT, "at initialisation (exponent %.2f)",
                    r.initial().exponent()), r.initial().mean()));
        }
        series.add(new RaSweepPlot.Series(String.format(java.util.Locale.ROOT, "trained (exponent %.2f)",
                r.trained().exponent()), r.trained().mean()));
        RaSweepPlot.write(blocks(r.depth()), series, String.format(java.util.Locale.ROOT,
                "%s: type %s, D=%d, L=%d, %s skips", name(r.model()), r.type(), r.width(), r.depth(),
                r.skips() ? "with" : "without"), "block i", "‖F(h_i)‖ / ‖h_i‖", true, true,
                folder.resolve("branches.png"));
    }
}
