package org.resalign.core.linalg;

import java.util.random.RandomGenerator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Random orthonormal frames from a seeded generator: the Q factor of a Gaussian block (EJML's Householder QR). */
public final class RandomFrame {

    private RandomFrame() {
    }

    /** A {@code dim×k} matrix with orthonormal columns ({@code k ≤ dim}; {@code k = dim} gives an orthogonal matrix). */
    public static DMatrixRMaj orthonormal(RandomGenerator rng, int dim, int k) {
        DMatrixRMaj g = new DMatrixRMaj(dim, k);
        for (int t = 0; t < g.getNumElements(); t++) {
            g.data[t] = rng.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(dim, k);
        if (!qr.decompose(g)) {
            throw new ArithmeticException("QR of a Gaussian block failed");
        }
        return qr.getQ(null, true);
    }
}
