package org.resalign.core.ujm;

import java.util.Locale;

import org.resalign.core.input.InvalidInputException;

/**
 * The classification losses of the Unconstrained Jacobians Model (paper §3.3, Definition 3.2; docs/definitions.md §ujm).
 *
 * <p><b>Binary form</b> (two classes, scalar logit {@code z = wᵀh_{L+1}}, label {@code y = ±1}): a function of the
 * margin {@code m = y·z}:
 * <ul>
 *   <li>{@link #LOGISTIC}: {@code ℓ(m) = log(1 + e^{−m})}, evaluated as a stable softplus;</li>
 *   <li>{@link #EXPONENTIAL}: {@code ℓ(m) = e^{−m}};</li>
 *   <li>{@link #SQUARED}: {@code ℓ(m) = ½(1 − m)²} (equal to {@code ½(y − z)²} because {@code y² = 1}).</li>
 * </ul>
 *
 * <p><b>Multi-class form</b> ({@code C ≥ 3} classes, logits {@code z = W h_{L+1} ∈ R^C}, label {@code y ∈ {0..C−1}}):
 * <ul>
 *   <li>{@link #LOGISTIC}: softmax cross-entropy {@code log Σ_c e^{z_c − z_y}};</li>
 *   <li>{@link #EXPONENTIAL}: {@code Σ_{c≠y} e^{z_c − z_y}};</li>
 *   <li>{@link #SQUARED}: {@code ½ Σ_c (z_c − [c = y])²}.</li>
 * </ul>
 * For {@code C = 2} the logistic and exponential multi-class forms reduce to the binary ones applied to the logit
 * difference {@code z_y − z_{other}}.
 */
public enum Loss {
    LOGISTIC,
    EXPONENTIAL,
    SQUARED;

    /** {@code ℓ(m)} of the binary form; +Infinity when it overflows (never NaN for finite {@code m}). */
    public double value(double m) {
        return switch (this) {
            case LOGISTIC -> softplus(-m);
            case EXPONENTIAL -> Math.exp(-m);
            case SQUARED -> 0.5 * (1.0 - m) * (1.0 - m);
        };
    }

    /** {@code ℓ'(m)} of the binary form. */
    public double derivative(double m) {
        return switch (this) {
            case LOGISTIC -> -sigmoid(-m);
            case EXPONENTIAL -> -Math.exp(-m);
            case SQUARED -> m - 1.0;
        };
    }

    /** {@code ℓ''(m)} of the binary form. */
    public double secondDerivative(double m) {
        return switch (this) {
            case LOGISTIC -> {
                double p = sigmoid(m);
                double q = sigmoid(-m);
                yield p * q;
            }
            case EXPONENTIAL -> Math.exp(-m);
            case SQUARED -> 1.0;
        };
    }

    /**
     * {@code log|ℓ'(m)|}, exact where {@code ℓ'(m)} itself would underflow (e.g. {@code −softplus(m)} for the logistic
     * loss at a large margin); {@code −Infinity} where {@code ℓ'(m) = 0}.
     */
    public double logAbsDerivative(double m) {
        return switch (this) {
            case LOGISTIC -> -softplus(m);
            case EXPONENTIAL -> -m;
            case SQUARED -> Math.log(Math.abs(m - 1.0));
        };
    }

    /** The sign of {@code ℓ'(m)}: −1, 0 or +1. */
    public double derivativeSign(double m) {
        return switch (this) {
            case LOGISTIC, EXPONENTIAL -> -1.0;
            case SQUARED -> Math.signum(m - 1.0);
        };
    }

    /**
     * The multi-class loss of logits {@code z} with label {@code y}, writing {@code ∂loss/∂z} into {@code dz}.
     * Returns +Infinity (and zeros in {@code dz}) if a logit is not finite.
     */
    public double multiclass(double[] z, int y, double[] dz) {
        int c = z.length;
        for (double v : z) {
            if (!Double.isFinite(v)) {
                java.util.Arrays.fill(dz, 0.0);
                return Double.POSITIVE_INFINITY;
            }
        }
        switch (this) {
            case LOGISTIC -> {
                // log Σ_c exp(z_c − z_y), shifted by the maximum so no exponential overflows.
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    dz[k] = Math.exp(z[k] - max);
                    sum += dz[k];
                }
                double others = 0; // Σ_{c≠y} p_c, computed directly so that 1 − p_y loses no digits
                for (int k = 0; k < c; k++) {
                    dz[k] /= sum;
                    if (k != y) {
                        others += dz[k];
                    }
                }
                dz[y] = -others;
                return Math.log(sum) + max - z[y];
            }
            case EXPONENTIAL -> {
                double total = 0;
                for (int k = 0; k < c; k++) {
                    if (k != y) {
                        dz[k] = Math.exp(z[k] - z[y]);
                        total += dz[k];
                    }
                }
                dz[y] = -total;
                return total;
            }
            case SQUARED -> {
                double total = 0;
                for (int k = 0; k < c; k++) {
                    double r = z[k] - (k == y ? 1.0 : 0.0);
                    dz[k] = r;
                    total += 0.5 * r * r;
                }
                return total;
            }
            default -> throw new AssertionError(this);
        }
    }

    /** The option spelling, e.g. {@code logistic}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option spelling, case-insensitively. */
    public static Loss parse(String text) {
        for (Loss l : values()) {
            if (l.optionName().equalsIgnoreCase(text.trim())) {
                return l;
            }
        }
        throw new InvalidInputException("loss", "unknown {loss} '%s' (expected logistic, exponential or squared)", text);
    }

    /** {@code log(1 + e^x)} without overflow or cancellation. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** {@code 1 / (1 + e^{−x})} without overflow. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
