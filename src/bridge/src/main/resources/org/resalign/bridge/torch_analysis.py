# PyTorch peer of `resalign bridge analyze --peer` for the fully-connected ResNet types (1, 4a, 4b).
#
# Reads a network exported by resalign (one .npy per parameter, meta.json) and, in float64 with batch norm in
# inference mode, computes at each exported input what resalign computes (paper section 1.3): the trajectory
# h_{i+1} = relu(h_i + F(h_i)) (relu(F(h_i)) without skips), F(h) = BN2(W2 relu(BN1(W1 h))); each Residual Jacobian
# J_i = relu'(pre_i) * dF/dh_i by autograd; its full SVD; and the RA2 grid: for every pair (i, j) the score
# ||diag(U_j^T J_i V_j)|| / ||U_j^T J_i V_j||_F with the top-k singular vectors of J_j.
# Prints one JSON line: the computation's seconds (torch import and file reading excluded), the threads, and the
# numbers resalign cross-checks (top-k singular values per input and block, the RA2 grid's mean over i != j).
import json
import os
import sys
import time

import numpy as np
import torch

folder, threads = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)
meta = json.load(open(os.path.join(folder, "meta.json")))
depth, k, skips, eps = meta["depth"], meta["k"], meta["skips"], meta["eps"]


def load(name):
    return torch.from_numpy(np.load(os.path.join(folder, name + ".npy")).astype(np.float64))


blocks = []
for i in range(1, depth + 1):
    p = {}
    for name in ("w1", "w2", "gamma1", "beta1", "mean1", "var1", "gamma2", "beta2", "mean2", "var2"):
        p[name] = load("b%d_%s" % (i, name)).reshape(-1) if not name.startswith("w") else load("b%d_%s" % (i, name))
    blocks.append(p)
inputs = load("h1")  # [n, D]


def branch(p, h):
    # DL4J's dense weights are [nIn, nOut]: z = h W
    z = h @ p["w1"]
    z = (z - p["mean1"]) / torch.sqrt(p["var1"] + eps) * p["gamma1"] + p["beta1"]
    z = torch.relu(z) @ p["w2"]
    return (z - p["mean2"]) / torch.sqrt(p["var2"] + eps) * p["gamma2"] + p["beta2"]


t0 = time.perf_counter()
sigmas, alignments = [], []
for n in range(inputs.shape[0]):
    h = inputs[n]
    js = []
    for p in blocks:
        f = branch(p, h)
        pre = h + f if skips else f
        dfdh = torch.autograd.functional.jacobian(lambda x: branch(p, x), h, vectorize=True)
        js.append((pre > 0).to(torch.float64)[:, None] * dfdh)
        h = torch.relu(pre)
    svds = [torch.linalg.svd(j) for j in js]
    sigmas.append([s[:k].tolist() for (_, s, _) in svds])
    scores = []
    for i in range(depth):
        for j in range(depth):
            if i != j:
                u, v = svds[j][0][:, :k], svds[j][2][:k, :].T
                m = u.T @ js[i] @ v
                scores.append((torch.linalg.norm(torch.diagonal(m)) / torch.linalg.norm(m)).item())
    alignments.append(sum(scores) / len(scores))
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "singularValues": sigmas, "alignment": alignments}))
