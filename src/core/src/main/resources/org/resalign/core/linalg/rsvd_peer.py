# The scikit-learn peer of `resalign rsvd bench`: the same randomized SVD (sklearn.utils.extmath.randomized_svd, the
# LU-renormalized subspace iteration of Algorithm 971) on a D×D matrix of the same shape and spectrum, timed the same
# way. Prints one JSON object as its last line.
#
# usage: rsvd_peer.py DIM K OVERSAMPLING ITERS SEED REPEATS THREADS LU|QR
#
# A = U·diag(1/i)·Vᵀ with U and V products of 64 Householder reflectors (LAPACK's QR of a Gaussian D×64 block, applied
# with dormqr), as resalign's KnownSpectrumMatrix builds its test matrix; the entries differ from resalign's (another
# generator), the cost of the decomposition depends only on the shape. seconds is the median of REPEATS timed
# decompositions after one warm-up; the construction is timed apart.
import json
import os
import sys
import time

dim, k, oversampling, iters, seed, repeats, threads = (int(a) for a in sys.argv[1:8])
normalizer = sys.argv[8]
if normalizer not in ("LU", "QR"):
    sys.exit("the power-iteration normalizer must be LU or QR, got " + normalizer)

import numpy as np
import scipy.linalg
from scipy.linalg import lapack
import sklearn
from sklearn.utils.extmath import randomized_svd

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # the environment variables set by the caller still bound OpenBLAS' threads
    threadpool_info = None
    threadpool_limits = None


def reflectors(rng, n, s):
    """The Householder form of the QR of a Gaussian n×s block: Q = H_1⋯H_s, an orthogonal n×n matrix."""
    (h, tau), _ = scipy.linalg.qr(rng.standard_normal((n, s)), mode="raw")
    return h, tau


def main():
    limits = threadpool_limits(limits=threads) if threadpool_limits is not None else None
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    sigma = 1.0 / np.arange(1, dim + 1, dtype=np.float64)
    s = min(64, dim)
    hu, tu = reflectors(rng, dim, s)
    hv, tv = reflectors(rng, dim, s)
    a = np.asfortranarray(np.diag(sigma))
    lwork = max(1, dim * 64)
    a, _, info = lapack.dormqr("L", "N", hu, tu, a, lwork, overwrite_c=1)  # U·Σ
    if info != 0:
        raise RuntimeError("dormqr failed: %d" % info)
    a, _, info = lapack.dormqr("R", "T", hv, tv, a, lwork, overwrite_c=1)  # U·Σ·Vᵀ
    if info != 0:
        raise RuntimeError("dormqr failed: %d" % info)
    a = np.ascontiguousarray(a)
    construction = time.perf_counter() - t0

    def decompose():
        return randomized_svd(a, n_components=k, n_oversamples=oversampling, n_iter=iters,
                              power_iteration_normalizer=normalizer, random_state=seed)

    t0 = time.perf_counter()
    decompose()
    warmup = time.perf_counter() - t0
    times = []
    values = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        _, values, _ = decompose()
        times.append(time.perf_counter() - t0)
    rel = np.abs(values - sigma[:k]) / sigma[:k]
    pools = threadpool_info() if threadpool_info is not None else []
    blas = [p for p in pools if p.get("user_api") == "blas"]
    out = {
        "implementation": "scikit-learn randomized_svd",
        "powerIterationNormalizer": normalizer,
        "seconds": float(np.median(times)),
        "bestSeconds": float(min(times)),
        "repeatSeconds": [float(t) for t in times],
        "warmupSeconds": warmup,
        "constructionSeconds": construction,
        "threads": int(blas[0]["num_threads"]) if blas else threads,
        "maxRelativeError": float(rel.max()),
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__},
        "threadpools": [{key: p.get(key) for key in ("user_api", "internal_api", "version", "architecture",
                                                     "threading_layer", "num_threads")} for p in pools],
        "environment": {key: os.environ[key] for key in sorted(os.environ)
                        if key.startswith("OPENBLAS_") or key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    if limits is not None:
        limits.restore_original_limits()
    print(json.dumps(out))


main()
