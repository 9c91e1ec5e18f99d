package org.resalign.core.linalg;

/**
 * How the top-{@code k} singular triplets of an operator are computed: exactly from the formed matrix (EJML full
 * SVD), or by the randomized SVD of paper §2.4 for operators too large to form.
 */
@FunctionalInterface
public interface TruncatedSvdMethod {

    /** Largest side for which the automatic choice forms the matrix and uses the exact SVD. */
    int EXACT_LIMIT = 512;

    /** The top {@code k} triplets of {@code op}. */
    TruncatedSvd top(LinearOperator op, int k);

    /** Forms the matrix (by {@link DenseSvd#materialise}) and takes EJML's full SVD. */
    static TruncatedSvdMethod exact() {
        return (op, k) -> DenseSvd.top(DenseSvd.materialise(op), k);
    }

    /**
     * The randomized SVD of paper §2.4 ({@link RandomizedSvd}, Algorithm 971) with its default oversampling and
     * {@code T = 20} iterations.
     *
     * @param seed seed of the Gaussian test block
     */
    static TruncatedSvdMethod randomized(long seed) {
        return (op, k) -> RandomizedSvd.decompose(op, RandomizedSvd.Parameters.of(k, seed));
    }

    /**
     * Exact for operators whose larger side is at most {@value #EXACT_LIMIT}, the randomized SVD beyond.
     *
     * @param seed seed of the randomized SVD's test block
     */
    static TruncatedSvdMethod automatic(long seed) {
        TruncatedSvdMethod exact = exact();
        TruncatedSvdMethod randomized = randomized(seed);
        return (op, k) -> Math.max(op.rows(), op.cols()) <= EXACT_LIMIT ? exact.top(op, k) : randomized.top(op, k);
    }
}
