package org.resalign.core.ra;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * RA1 (paper §1.4, Figure 1): the representations {@code h_1 … h_{L+1}} of one input lie equispaced on a line.
 *
 * <p>{@code lineFraction = σ₁² / Σ_k σ_k²} of the centred trajectory matrix {@code H − 1·h̄ᵀ} (rows {@code h_i}),
 * i.e. the share of the trajectory's variance along its best line; it is 1 exactly for collinear points.
 * {@code spacingCV = std/mean} of the steps {@code ‖h_{i+1} − h_i‖} (population standard deviation, divisor
 * {@code L}); it is 0 exactly for equispaced points. Both are those of docs/definitions.md §ra.
 *
 * @param lineFraction σ₁²/Σσ_k² of the centred trajectory, in [0, 1]
 * @param lineDeficit  {@code 1 − lineFraction = Σ_{k≥2}σ_k²/Σσ_k²}, computed without cancellation
 * @param spacingCV    coefficient of variation of the step lengths
 * @param meanSpacing  mean step length
 * @param spacings     the step lengths {@code ‖h_{i+1} − h_i‖}, {@code i = 1 … L}
 */
public record Ra1Line(double lineFraction, double lineDeficit, double spacingCV, double meanSpacing,
        double[] spacings) {

    /**
     * RA1 of a trajectory given as rows {@code h_1 … h_{L+1}} (at least two points, all of one dimension, finite,
     * and not all equal: a trajectory that does not move has no line).
     */
    public static Ra1Line of(double[][] trajectory) {
        int n = trajectory.length;
        if (n < 2) {
            throw new IllegalArgumentException("a trajectory needs at least 2 points, got " + n);
        }
        int d = trajectory[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            if (trajectory[i].length != d) {
                throw new IllegalArgumentException("h_" + (i + 1) + " has dimension " + trajectory[i].length
                        + ", h_1 has " + d);
            }
            for (int c = 0; c < d; c++) {
                double v = trajectory[i][c];
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("h_" + (i + 1) + "[" + c + "] is " + v);
                }
                mean[c] += v;
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        DMatrixRMaj centred = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                centred.set(i, c, trajectory[i][c] - mean[c]);
            }
        }
        double[] spacings = new double[n - 1];
        double sum = 0;
        for (int i = 0; i + 1 < n; i++) {
            spacings[i] = distance(trajectory[i + 1], trajectory[i]);
            sum += spacings[i];
        }
        double meanSpacing = sum / (n - 1);
        if (!(meanSpacing > 0)) {
            throw new IllegalArgumentException("the trajectory does not move (all h_i equal): RA1 is undefined");
        }
        double var = 0;
        for (double s : spacings) {
            double t = s / meanSpacing - 1;
            var += t * t;
        }
        double cv = Math.sqrt(var / (n - 1));
        double[] fraction = lineFractionAndDeficit(centred);
        return new Ra1Line(fraction[0], fraction[1], cv, meanSpacing, spacings);
    }

    /**
     * {@code {σ₁²/Σσ², Σ_{k≥2}σ_k²/Σσ²}} from EJML's singular values of the centred trajectory. The deficit is summed
     * from the small singular values themselves (absolute accuracy {@code ε·σ₁} each), so a deficit far below
     * {@code 1e-16} is still resolved; {@code 1 − lineFraction} would lose it to cancellation.
     */
    static double[] lineFractionAndDeficit(DMatrixRMaj centred) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(centred.numRows, centred.numCols, false, false, true);
        if (!svd.decompose(centred.copy())) {
            throw new ArithmeticException("EJML SVD of the trajectory did not converge");
        }
        double[] s = svd.getSingularValues().clone();
        int count = svd.numberOfSingularValues();
        java.util.Arrays.sort(s, 0, count);
        double top = s[count - 1];
        double rest = 0;
        for (int k = 0; k < count - 1; k++) {
            rest += (s[k] / top) * (s[k] / top);
        }
        return new double[] {1 / (1 + rest), rest / (1 + rest)};
    }

    /**
     * Whether the trajectory moves at all: some {@code h_{i+1} − h_i} has a non-zero component. RA1 is defined
     * ({@link #of} accepts it) exactly for the finite trajectories that move.
     */
    public static boolean moves(double[][] trajectory) {
        for (int i = 0; i + 1 < trajectory.length; i++) {
            for (int c = 0; c < trajectory[i].length; c++) {
                if (trajectory[i + 1][c] - trajectory[i][c] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double distance(double[] a, double[] b) {
        double scale = 0;
        for (int c = 0; c < a.length; c++) {
            scale = Math.max(scale, Math.abs(a[c] - b[c]));
        }
        if (scale == 0) {
            return 0;
        }
        double sum = 0;
        for (int c = 0; c < a.length; c++) {
            double t = (a[c] - b[c]) / scale;
            sum += t * t;
        }
        return scale * Math.sqrt(sum);
    }
}
