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
}
