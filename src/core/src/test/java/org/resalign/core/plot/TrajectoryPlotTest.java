package org.resalign.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryPlotTest {

    @TempDir
    Path dir;

    /** Two orthonormal vectors in R^D (Gram–Schmidt on Gaussian vectors). */
    static double[][] plane(int dim, Random rnd) {
        double[] q1 = new double[dim];
        double[] q2 = new double[dim];
        for (int d = 0; d < dim; d++) {
            q1[d] = rnd.nextGaussian();
            q2[d] = rnd.nextGaussian();
        }
        scale(q1, 1 / norm(q1));
        double dot = dot(q1, q2);
        for (int d = 0; d < dim; d++) {
            q2[d] -= dot * q1[d];
        }
        scale(q2, 1 / norm(q2));
        return new double[][] {q1, q2};
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
    }

    /** Trajectories in the plane {offset + a·q1 + b·q2} of R^dim. */
    static List<double[][]> planar(int dim, int count, int points, long seed, double[][] q) {
        Random rnd = new Random(seed);
        double[] offset = new double[dim];
        for (int d = 0; d < dim; d++) {
            offset[d] = 3 * rnd.nextGaussian();
        }
        List<double[][]> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            double angle = 2 * Math.PI * n / count;
            double[][] h = new double[points][dim];
            for (int t = 0; t < points; t++) {
                double a = t * Math.cos(angle) + 0.3 * rnd.nextGaussian();
                double b = t * Math.sin(angle) * 0.7 + 0.3 * rnd.nextGaussian();
                for (int d = 0; d < dim; d++) {
                    h[t][d] = offset[d] + a * q[0][d] + b * q[1][d];
                }
            }
            out.add(h);
        }
        return out;
    }

    @Test
    void recoversAPlaneEmbeddedInFiftyDimensions() {
        int dim = 50;
        double[][] q = plane(dim, new Random(11));
        List<double[][]> t = planar(dim, 5, 12, 12, q);
        TrajectoryPlot.Projection p = TrajectoryPlot.project(t);
        double[] ev = p.explainedVariance();
        assertEquals(1.0, ev[0] + ev[1], 1e-10, "two planted directions carry all the variance");
        assertTrue(ev[0] >= ev[1] && ev[1] > 0.1, "both directions used: " + ev[0] + ", " + ev[1]);
        // the principal directions span the planted plane and are orthonormal
        for (double[] v : p.directions()) {
            double inPlane = Math.hypot(dot(v, q[0]), dot(v, q[1]));
            assertEquals(1.0, inPlane, 1e-10);
        }
        assertEquals(0.0, dot(p.directions()[0], p.directions()[1]), 1e-10);
        // a projection onto the plane that holds the data keeps all distances
        List<double[]> original = new ArrayList<>();
        List<double[]> projected = new ArrayList<>();
        for (int n = 0; n < t.size(); n++) {
            for (int s = 0; s < t.get(n).length; s++) {
                original.add(t.get(n)[s]);
                projected.add(p.coordinates().get(n)[s]);
            }
        }
        for (int a = 0; a < original.size(); a += 7) {
            for (int b = a + 1; b < original.size(); b += 5) {
                double d0 = 0;
                for (int d = 0; d < dim; d++) {
                    d0 += Math.pow(original.get(a)[d] - original.get(b)[d], 2);
                }
                double d1 = Math.hypot(projected.get(a)[0] - projected.get(b)[0],
                        projected.get(a)[1] - projected.get(b)[1]);
                assertEquals(Math.sqrt(d0), d1, 1e-9);
            }
        }
        // and the mean is the mean of all points
        assertEquals(dim, p.mean().length);
    }

    @Test
    void rankOneDataIsALineWithNoSecondDirection() throws IOException {
        int dim = 50;
        double[][] q = plane(dim, new Random(21));
        double[][] h = new double[9][dim];
        for (int t = 0; t < 9; t++) {
            for (int d = 0; d < dim; d++) {
                h[t][d] = 2 + t * q[0][d];
            }
        }
        TrajectoryPlot.Projection p = TrajectoryPlot.project(List.<double[][]>of(h));
        assertEquals(1.0, p.explainedVariance()[0], 1e-12);
        assertEquals(0.0, p.explainedVariance()[1], 1e-12);
        for (int t = 0; t < 9; t++) {
            assertEquals(t - 4.0, p.coordinates().get(0)[t][0], 1e-9, "PC 1 runs from start to end");
            assertEquals(0.0, p.coordinates().get(0)[t][1], 1e-9);
        }
        Path out = dir.resolve("line.png");
        TrajectoryPlot.writeUnlabelled(List.<double[][]>of(h), "a line", out);
        BufferedImage image = TrajectoryPlot.render(List.of(new TrajectoryPlot.Trajectory(h, null)), "a line");
        Pngs.assertNotBlank(Pngs.decode(out, image.getWidth(), image.getHeight()), 40);
        Pngs.assertOnly(dir, "line.png");
    }

    @Test
    void oneDimensionSinglePointsAndCoincidentPointsDoNotDivideByZero() throws IOException {
        List<double[][]> oneD = List.of(new double[][] {{0}, {1}, {2.5}}, new double[][] {{1}, {-1}});
        TrajectoryPlot.Projection p = TrajectoryPlot.project(oneD);
        assertEquals(1.0, p.explainedVariance()[0], 0);
        assertEquals(0.0, p.explainedVariance()[1], 0);
        // mean 0.7; net travel (2.5 − 0) + (−1 − 1) > 0 keeps the axis's sign
        assertEquals(0.3, p.coordinates().get(0)[1][0], 1e-12);
        assertEquals(-1.7, p.coordinates().get(1)[1][0], 1e-12);
        assertEquals(0.0, p.coordinates().get(1)[1][1], 0);

        List<double[][]> same = List.of(new double[][] {{1, 2, 3}, {1, 2, 3}}, new double[][] {{1, 2, 3}});
        TrajectoryPlot.Projection z = TrajectoryPlot.project(same);
        assertEquals(0.0, z.explainedVariance()[0], 0);
        assertEquals(0.0, z.explainedVariance()[1], 0);
        for (double[][] c : z.coordinates()) {
            for (double[] xy : c) {
                assertEquals(0.0, xy[0], 0);
                assertEquals(0.0, xy[1], 0);
            }
        }
        TrajectoryPlot.writeUnlabelled(oneD, "D = 1", dir.resolve("d1.png"));
        TrajectoryPlot.writeUnlabelled(same, "one point", dir.resolve("same.png"));
        TrajectoryPlot.writeUnlabelled(List.<double[][]>of(new double[][] {{4, 5}}), "one point",
                dir.resolve("single.png"));
        Pngs.assertOnly(dir, "d1.png", "same.png", "single.png");
    }

    @Test
    void labelledTrajectoriesAreDeterministic() throws IOException {
        int dim = 20;
        double[][] q = plane(dim, new Random(31));
        List<double[][]> t = planar(dim, 6, 8, 32, q);
        List<TrajectoryPlot.Trajectory> labelled = new ArrayList<>();
        for (int n = 0; n < t.size(); n++) {
            labelled.add(new TrajectoryPlot.Trajectory(t.get(n), n % 3 == 0 ? null : "class " + (n % 2)));
        }
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        TrajectoryPlot.write(labelled, "labelled", a);
        TrajectoryPlot.write(labelled, "labelled", b);
        BufferedImage image = TrajectoryPlot.render(labelled, "labelled");
        assertEquals(TrajectoryPlot.WIDTH, image.getWidth());
        Pngs.assertNotBlank(Pngs.decode(a, image.getWidth(), image.getHeight()), 60);
        Pngs.assertSameBytes(a, b);
    }

    @Test
    void axisTitlesGiveTheVariancePercentages() {
        assertEquals("PC 1 (87.5% of variance)", TrajectoryPlot.axisTitle(1, 0.875));
        assertEquals("PC 2 (0.0% of variance)", TrajectoryPlot.axisTitle(2, 0));
        assertEquals("PC 2 (< 0.1% of variance)", TrajectoryPlot.axisTitle(2, 1e-6));
        assertEquals("PC 1 (> 99.9% of variance)", TrajectoryPlot.axisTitle(1, 1 - 1e-6));
        assertEquals("PC 1 (100.0% of variance)", TrajectoryPlot.axisTitle(1, 1));
    }

    @Test
    void pcOneFollowsTheDirectionOfTravel() {
        double[][] forward = {{0, 0, 0}, {1, 0.1, 0}, {2, 0, 0}, {3, -0.1, 0}};
        double[][] backward = {{3, 0, 0}, {2, 0.1, 0}, {1, 0, 0}, {0, -0.1, 0}};
        TrajectoryPlot.Projection f = TrajectoryPlot.project(List.<double[][]>of(forward));
        TrajectoryPlot.Projection b = TrajectoryPlot.project(List.<double[][]>of(backward));
        assertTrue(f.coordinates().get(0)[3][0] > f.coordinates().get(0)[0][0]);
        assertTrue(b.coordinates().get(0)[3][0] > b.coordinates().get(0)[0][0]);
    }

    @Test
    void rejectsBadInput() {
        Path out = dir.resolve("x.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryPlot.writeUnlabelled(List.of(new double[][] {{0, 1}, {1, 1}},
                        new double[][] {{0, 1}, {2, Double.NaN}}), "", out));
        assertTrue(e.getMessage().contains("trajectory 2, point h_2, coordinate 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.<double[][]>of(
                new double[][] {{0, 1}, {1, Double.NEGATIVE_INFINITY}})));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.<double[][]>of(
                new double[][] {{0, 1}, {1, 1, 1}})));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.of(
                new double[][] {{0, 1}}, new double[][] {{0, 1, 2}})));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.<double[][]>of(
                new double[0][])));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.project(List.<double[][]>of(
                new double[][] {{}})));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPlot.write(List.of(), "", out));
    }
}
