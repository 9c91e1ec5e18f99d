package org.resalign.proofs;

import java.util.random.RandomGenerator;

import org.hipparchus.fraction.BigFraction;
import org.hipparchus.fraction.BigFractionField;
import org.hipparchus.linear.Array2DRowFieldMatrix;
import org.hipparchus.linear.FieldLUDecomposition;
import org.hipparchus.linear.FieldMatrix;
import org.hipparchus.linear.MatrixUtils;

/**
 * Exact rational matrices (Hipparchus {@code FieldMatrix<BigFraction>}) for the steps checked without rounding,
 * including exactly orthogonal matrices from the Cayley transform {@code Q = (I − K)(I + K)⁻¹} of a rational
 * skew-symmetric {@code K} ({@code I + K} is always invertible, and {@code QᵀQ = I} holds exactly).
 */
final class Rationals {

    private Rationals() {
    }

    static FieldMatrix<BigFraction> zeros(int rows, int cols) {
        return new Array2DRowFieldMatrix<>(BigFractionField.getInstance(), rows, cols);
    }

    static FieldMatrix<BigFraction> identity(int n) {
        return MatrixUtils.createFieldIdentityMatrix(BigFractionField.getInstance(), n);
    }

    static FieldMatrix<BigFraction> diagonal(BigFraction... d) {
        FieldMatrix<BigFraction> m = zeros(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            m.setEntry(i, i, d[i]);
        }
        return m;
    }

    static FieldMatrix<BigFraction> column(BigFraction... v) {
        FieldMatrix<BigFraction> m = zeros(v.length, 1);
        for (int i = 0; i < v.length; i++) {
            m.setEntry(i, 0, v[i]);
        }
        return m;
    }

    /** A fraction p/q with |p| ≤ range and 1 ≤ q ≤ range. */
    static BigFraction fraction(RandomGenerator rng, int range) {
        return new BigFraction(rng.nextInt(-range, range + 1), rng.nextInt(1, range + 1));
    }

    /** A fraction p/q with 0 ≤ p ≤ range and 1 ≤ q ≤ range. */
    static BigFraction nonNegative(RandomGenerator rng, int range) {
        return new BigFraction(rng.nextInt(0, range + 1), rng.nextInt(1, range + 1));
    }

    static FieldMatrix<BigFraction> random(RandomGenerator rng, int rows, int cols, int range) {
        FieldMatrix<BigFraction> m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.setEntry(i, j, fraction(rng, range));
            }
        }
        return m;
    }

    /** An exactly orthogonal n×n rational matrix: the Cayley transform of a random skew-symmetric matrix. */
    static FieldMatrix<BigFraction> orthogonal(RandomGenerator rng, int n) {
        FieldMatrix<BigFraction> k = zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                BigFraction v = fraction(rng, 3);
                k.setEntry(i, j, v);
                k.setEntry(j, i, v.negate());
            }
        }
        FieldMatrix<BigFraction> inverse = new FieldLUDecomposition<>(identity(n).add(k)).getSolver().getInverse();
        return identity(n).subtract(k).multiply(inverse);
    }

    static boolean isZero(FieldMatrix<BigFraction> m) {
        for (int i = 0; i < m.getRowDimension(); i++) {
            for (int j = 0; j < m.getColumnDimension(); j++) {
                if (!m.getEntry(i, j).equals(BigFraction.ZERO)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean equal(FieldMatrix<BigFraction> a, FieldMatrix<BigFraction> b) {
        return isZero(a.subtract(b));
    }

    /** The matrix as text, row by row: {@code {{1/2, 0}, {0, 1}}}; a column as {@code {1/2, 0}}. */
    static String text(FieldMatrix<BigFraction> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean vector = m.getColumnDimension() == 1;
        for (int i = 0; i < m.getRowDimension(); i++) {
            sb.append(i == 0 ? "" : ", ");
            if (vector) {
                sb.append(text(m.getEntry(i, 0)));
                continue;
            }
            sb.append('{');
            for (int j = 0; j < m.getColumnDimension(); j++) {
                sb.append(j == 0 ? "" : ", ").append(text(m.getEntry(i, j)));
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    static String text(BigFraction f) {
        return f.getDenominator().equals(java.math.BigInteger.ONE) ? f.getNumerator().toString()
                : f.getNumerator() + "/" + f.getDenominator();
    }
}
