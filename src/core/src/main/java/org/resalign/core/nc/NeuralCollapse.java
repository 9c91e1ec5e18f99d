package org.resalign.core.nc;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The four Neural Collapse measures of Papyan, Han &amp; Donoho (PNAS 2020, §3, Figures 4–9), on last-layer features
 * {@code h_{i,c}} of {@code C} classes and a linear classifier {@code W} ({@code C×D}, rows {@code w_c}), with class
 * means {@code μ_c}, the global mean {@code μ_G} (the mean of the class means) and {@code M̃ = [μ_c − μ_G]}:
 * <ul>
 *   <li>NC1, within-class variability collapses: {@code Tr(Σ_W Σ_B^†)/C} with
 *       {@code Σ_W = avg_{i,c} (h_{i,c} − μ_c)(h_{i,c} − μ_c)ᵀ} and {@code Σ_B = avg_c (μ_c − μ_G)(μ_c − μ_G)ᵀ};</li>
 *   <li>NC2, the centred class means become equinorm ({@code std_c ‖μ_c − μ_G‖ / avg_c ‖μ_c − μ_G‖}) and
 *       equiangular ({@code std_{c≠c'} cos(μ_c − μ_G, μ_{c'} − μ_G)}) at the simplex's angle
 *       ({@code avg_{c≠c'} |cos + 1/(C−1)|});</li>
 *   <li>NC3, the classifier becomes self-dual: {@code ‖W/‖W‖_F − M̃ᵀ/‖M̃‖_F‖_F²};</li>
 *   <li>NC4, the classifier becomes the nearest class centre: the share of the inputs whose {@code argmax_c
 *       (w_c·h + b_c)} differs from {@code argmin_c ‖h − μ_c‖}.</li>
 * </ul>
 * Every measure is 0 at complete collapse (features at their class means, which form a simplex equiangular tight
 * frame, and a classifier proportional to it).
 *
 * @param nc1                 {@code Tr(Σ_W Σ_B^†)/C}
 * @param equinorm            NC2: the class means' norms' coefficient of variation
 * @param equiangular         NC2: the standard deviation of their pairwise cosines
 * @param maximalAngle        NC2: the mean distance of those cosines from {@code −1/(C−1)}
 * @param selfDuality         NC3
 * @param nearestCentreMismatch NC4
 */
public record NeuralCollapse(double nc1, double equinorm, double equiangular, double maximalAngle,
                             double selfDuality, double nearestCentreMismatch) {

    /**
     * The measures of {@code features} ({@code features[n]} of class {@code labels[n]} in {@code 0..C−1}, every class
     * present) under the classifier {@code w} ({@code C} rows of {@code D}) with biases {@code b}.
     */
    public static NeuralCollapse of(double[][] features, int[] labels, double[][] w, double[] b) {
        int n = features.length;
        int classes = w.length;
        if (n == 0 || labels.length != n || b.length != classes || classes < 2) {
            throw new IllegalArgumentException("need features with one label each and a classifier of ≥ 2 classes");
        }
        int dim = features[0].length;
        double[][] mu = new double[classes][dim];
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            if (features[i].length != dim) {
                throw new IllegalArgumentException("features of different dimensions");
            }
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("label " + c + " is not a class of " + classes);
            }
            count[c]++;
            for (int d = 0; d < dim; d++) {
                if (!Double.isFinite(features[i][d])) {
                    throw new ArithmeticException("feature " + i + " is not finite");
                }
                mu[c][d] += features[i][d];
            }
        }
        double[] global = new double[dim];
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no feature");
            }
            for (int d = 0; d < dim; d++) {
                mu[c][d] /= count[c];
                global[d] += mu[c][d] / classes;
            }
        }
        DMatrixRMaj within = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < n; i++) {
            double[] e = new double[dim];
            for (int d = 0; d < dim; d++) {
                e[d] = features[i][d] - mu[labels[i]][d];
            }
            addOuter(within, e, 1.0 / n);
        }
        DMatrixRMaj between = new DMatrixRMaj(dim, dim);
        double[][] centred = new double[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < dim; d++) {
                centred[c][d] = mu[c][d] - global[d];
            }
            addOuter(between, centred[c], 1.0 / classes);
        }
        DMatrixRMaj pinv = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.pinv(between, pinv);
        DMatrixRMaj product = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.mult(within, pinv, product);
        double nc1 = CommonOps_DDRM.trace(product) / classes;

        double[] norms = new double[classes];
        for (int c = 0; c < classes; c++) {
            norms[c] = norm(centred[c]);
        }
        double equinorm = std(norms) / mean(norms);
        double[] cosines = new double[classes * (classes - 1) / 2];
        double angle = 0;
        int t = 0;
        for (int c = 0; c < classes; c++) {
            for (int e = c + 1; e < classes; e++) {
                double cos = dot(centred[c], centred[e]) / (norms[c] * norms[e]);
                cosines[t++] = cos;
                angle += Math.abs(cos + 1.0 / (classes - 1)) / cosines.length;
            }
        }
        double equiangular = std(cosines);

        double wNorm = 0;
        double mNorm = 0;
        for (int c = 0; c < classes; c++) {
            wNorm += dot(w[c], w[c]);
            mNorm += dot(centred[c], centred[c]);
        }
        wNorm = Math.sqrt(wNorm);
        mNorm = Math.sqrt(mNorm);
        double duality = 0;
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < dim; d++) {
                double diff = w[c][d] / wNorm - centred[c][d] / mNorm;
                duality += diff * diff;
            }
        }

        int mismatch = 0;
        for (int i = 0; i < n; i++) {
            int byClassifier = classify(w, b, features[i]);
            int byCentre = 0;
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double dist = 0;
                for (int d = 0; d < dim; d++) {
                    double e = features[i][d] - mu[c][d];
                    dist += e * e;
                }
                if (dist < nearest) {
                    nearest = dist;
                    byCentre = c;
                }
            }
            if (byClassifier != byCentre) {
                mismatch++;
            }
        }
        return new NeuralCollapse(nc1, equinorm, equiangular, angle, duality, (double) mismatch / n);
    }

    private static void addOuter(DMatrixRMaj m, double[] v, double scale) {
        int dim = v.length;
        for (int r = 0; r < dim; r++) {
            for (int c = 0; c < dim; c++) {
                m.data[r * dim + c] += scale * v[r] * v[c];
            }
        }
    }

    /**
     * The class the linear classifier {@code (w, b)} picks for the feature {@code h}: {@code argmax_c ⟨w_c, h⟩ + b_c},
     * the first of equal scores.
     */
    public static int classify(double[][] w, double[] b, double[] h) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = dot(w[c], h) + b[c];
            if (z > top) {
                top = z;
                best = c;
            }
        }
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** The population standard deviation (Papyan et al. average over the classes and pairs). */
    private static double std(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / a.length);
    }
}
