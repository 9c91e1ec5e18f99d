# The PyTorch peer of `resalign ujm solve` (binary UJM, one input, paper Definition 3.2), run by
# org.resalign.core.ujm.UjmSolveBenchmark through org.resalign.core.bench.Peer.
#
# Minimises f = softplus(-y * w^T (I+J_L)...(I+J_1) dx) + lambda/2 sum ||J_i||_F^2 + lambda/2 ||w||^2 in float64 with
# torch.optim.LBFGS (strong Wolfe line search, the same history as resalign), from the start point resalign draws:
# the file given by --start holds dx (D doubles) and then theta_0 = (J_1, ..., J_L row-major, w), little-endian
# float64. Stopping: torch tests max|g| <= tolerance_grad (resalign tests ||g||_2 <= tol * max(1, |f|)), so
# tolerance_grad = tol; resalign's relative-change test is off by default, so tolerance_change = 0.
# Prints one JSON line: objective, iterations, evaluations, seconds (the solve alone), gradient norms, threads.
import argparse, json, sys, time

import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--dim", type=int, required=True)
p.add_argument("--depth", type=int, required=True)
p.add_argument("--lambda", dest="lam", type=float, required=True)
p.add_argument("--label", type=float, default=1.0)
p.add_argument("--history", type=int, required=True)
p.add_argument("--tol", type=float, required=True)
p.add_argument("--max-iter", dest="max_iter", type=int, required=True)
p.add_argument("--start", required=True)
a = p.parse_args()

D, L = a.dim, a.depth
raw = np.fromfile(a.start, dtype="<f8")
if raw.size != D + L * D * D + D:
    sys.exit("start file has %d doubles, expected %d" % (raw.size, D + L * D * D + D))
torch.set_default_dtype(torch.float64)
dx = torch.from_numpy(raw[:D].copy())
# One tensor per layer: slicing a single (L, D, D) tensor makes autograd write a full-size zero gradient per slice,
# which made every evaluation about 200x slower here.
Js = [torch.from_numpy(raw[D + i * D * D:D + (i + 1) * D * D].reshape(D, D).copy()).requires_grad_(True)
      for i in range(L)]
w = torch.from_numpy(raw[D + L * D * D:].copy()).requires_grad_(True)
y = a.label
lam = a.lam


def objective():
    h = dx
    for Ji in Js:
        h = h + Ji @ h
    margin = y * torch.dot(w, h)
    reg = sum(Ji.pow(2).sum() for Ji in Js) + w.pow(2).sum()
    return torch.nn.functional.softplus(-margin) + 0.5 * lam * reg


opt = torch.optim.LBFGS(Js + [w], lr=1, max_iter=a.max_iter, history_size=a.history, line_search_fn="strong_wolfe",
                        tolerance_grad=a.tol, tolerance_change=0)


def closure():
    opt.zero_grad()
    f = objective()
    f.backward()
    return f


t0 = time.perf_counter()
opt.step(closure)
seconds = time.perf_counter() - t0

f = objective()
opt.zero_grad()
f.backward()
g = torch.cat([Ji.grad.reshape(-1) for Ji in Js] + [w.grad])
state = opt.state[opt._params[0]]
print(json.dumps({
    "objective": f.item(),
    "iterations": int(state["n_iter"]),
    "evaluations": int(state["func_evals"]),
    "seconds": seconds,
    "gradientNorm": g.norm().item(),
    "gradientMaxNorm": g.abs().max().item(),
    "threads": torch.get_num_threads(),
    "torch": torch.__version__,
}))
