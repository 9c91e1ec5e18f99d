# The PyTorch peer of TrainingBenchmark: one training step of the same fully-connected ResNet (types 1, 4a, 4b),
# with the same optimiser, batch and threads, timed step by step. Prints one JSON object as its last line.
#
# Arguments: type width depth classes batch warmup steps seed threads lr momentum weight_decay optimizer decay_scope
#
# The network is ResNetBuilder's: stem Linear(784, D, no bias), BatchNorm1d, ReLU; block i
# F(h) = BN(W2 relu(BN(W1 h))) with bias-free layers, h' = relu(h + F(h)) (4a, 1) or relu(F(h)) (4b); classifier
# Linear(D, C) with a bias, softmax cross-entropy averaged over the batch. Batch norm as DL4J's defaults: eps 1e-5,
# running averages with decay 0.9 (PyTorch's momentum 0.1). The optimiser is Trainer's: plain SGD (optimizer "sgd")
# or SGD with Nesterov momentum ("nesterov") on the cosine schedule over warmup + steps iterations, and coupled
# weight decay (lambda * theta added to the gradient) on every parameter (decay_scope "all", eq. (1)) or on the
# weights of the dense layers and the classifier only ("weights", as DL4J's l2 alone does).
# Synthetic batches as TrainingBenchmark's: four mini-batches of N(0, 1) pixels and uniform labels, used in turn.
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as fn


class Block(nn.Module):
    def __init__(self, d, skips):
        super().__init__()
        self.layer1 = nn.Linear(d, d, bias=False)
        self.norm1 = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
        self.layer2 = nn.Linear(d, d, bias=False)
        self.norm2 = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
        self.skips = skips

    def forward(self, h):
        f = self.norm2(self.layer2(fn.relu(self.norm1(self.layer1(h)))))
        return fn.relu(h + f) if self.skips else fn.relu(f)


class ResNet(nn.Module):
    def __init__(self, d, depth, classes, skips):
        super().__init__()
        self.stem = nn.Linear(784, d, bias=False)
        self.stem_bn = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
        self.blocks = nn.Sequential(*[Block(d, skips) for _ in range(depth)])
        self.logits = nn.Linear(d, classes, bias=True)

    def forward(self, x):
        return self.logits(self.blocks(fn.relu(self.stem_bn(self.stem(x)))))


def main(argv):
    (kind, width, depth, classes, batch, warmup, steps, seed, threads, lr, momentum, weight_decay, optimizer,
     decay_scope) = argv
    width, depth, classes, batch = int(width), int(depth), int(classes), int(batch)
    warmup, steps, seed, threads = int(warmup), int(steps), int(seed), int(threads)
    lr, momentum, weight_decay = float(lr), float(momentum), float(weight_decay)
    if kind not in ("1", "4a", "4b"):
        raise SystemExit("the training peer builds the fully-connected types 1, 4a and 4b, not " + kind)
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(seed)
    net = ResNet(width, depth, classes, kind != "4b").float()
    net.train()
    if optimizer not in ("sgd", "nesterov") or decay_scope not in ("all", "weights"):
        raise SystemExit("unknown optimizer or decay scope: " + optimizer + ", " + decay_scope)
    if decay_scope == "all":
        weights = list(net.parameters())
    else:
        weights = [m.weight for m in net.modules() if isinstance(m, nn.Linear)]
    others = [p for name, p in net.named_parameters() if not any(p is w for w in weights)]
    nesterov = optimizer == "nesterov"
    optimiser = torch.optim.SGD([{"params": weights, "weight_decay": weight_decay},
                                 {"params": others, "weight_decay": 0.0}],
                                lr=lr, momentum=momentum if nesterov else 0.0, nesterov=nesterov)
    generator = torch.Generator().manual_seed(seed)
    batches = [(torch.randn(batch, 784, generator=generator),
                torch.randint(0, classes, (batch,), generator=generator)) for _ in range(4)]
    total = warmup + steps
    times = []
    loss = None
    for s in range(total):
        x, y = batches[s % 4]
        rate = lr * 0.5 * (1 + math.cos(math.pi * min(s, total) / total))
        t0 = time.perf_counter()
        for group in optimiser.param_groups:
            group["lr"] = rate
        optimiser.zero_grad(set_to_none=True)
        loss = fn.cross_entropy(net(x), y)
        loss.backward()
        optimiser.step()
        value = loss.item()
        t1 = time.perf_counter()
        if s >= warmup:
            times.append(t1 - t0)
    if not math.isfinite(value):
        raise SystemExit("the peer's training diverged: loss " + str(value))
    median = statistics.median(times)
    print(json.dumps({
        "framework": "pytorch " + torch.__version__,
        "threads": torch.get_num_threads(),
        "ompNumThreads": os.environ.get("OMP_NUM_THREADS", ""),
        "parameters": sum(p.numel() for p in net.parameters()),
        "decayedParameters": sum(p.numel() for p in weights),
        "medianStepSeconds": median,
        "meanStepSeconds": sum(times) / len(times),
        "stepsPerSecond": 1.0 / median,
        "loss": value,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
