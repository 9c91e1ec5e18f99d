# Trains resalign's ResNet of type 4a (or 4b, 5a, 5b) on FashionMNIST in PyTorch (CPU) with the settings of
# `resalign bridge train`, evaluates it, and exports it to ONNX for `resalign bridge import`.
#
#   /usr/bin/python3 train_pytorch.py --seed S --out MODEL.onnx --json TRAIN.json [--type 4a] [--classes 0,1,...]
#       [--width 64] [--depth 8] [--epochs 10] [--batch 128] [--lr 0.1] [--lambda 0.01] [--threads 1]
#       [--snapshot-every E] [--data-dir DIR]
#
# With --snapshot-every E it also exports the network after every E epochs as MODEL-epoch-E.onnx, and the run's
# initial network as MODEL-epoch-0.onnx, its batch norm statistics estimated as resalign's InitialNetwork does (50
# training-mode passes, without gradients, over the first epoch's mini-batches; the weights as initialised). It keeps
# a checkpoint MODEL.onnx.ckpt after every epoch, from which a stopped run resumes bit for bit; it is removed at the
# end.
#
# The network is resalign's (ResNetBuilder, and the training peer src/bridge/.../training_peer.py): stem
# Linear(784, D, no bias), BatchNorm1d, ReLU; block h' = relu(h + BN(W2 relu(BN(W1 h)))) with bias-free layers;
# classifier Linear(D, C) with a bias; softmax cross-entropy averaged over the batch. Type 4b drops the skip,
# h' = relu(BN(W2 relu(BN(W1 h)))). The convolutional types 5a (with skips) and 5b (without) take the images as
# 1x28x28: stem Conv2d(1, D, 4, stride 2, padding 3, no bias) to 16x16, BatchNorm2d, ReLU; blocks of two bias-free
# 3x3 convolutions with padding 1 in the same form; global average pooling; Linear(D, C). As resalign trains it:
# weights drawn N(0, 2/fan_in) (DL4J's WeightInit.RELU; fan_in = in channels x kernel area), biases 0, batch norm eps 1e-5 with running averages of
# momentum 0.1 (DL4J's decay 0.9); plain SGD at learning rate 0.1 on the cosine schedule over every step
# (paper §2.3), coupled weight decay lambda * theta on every parameter, batch norm's included (eq. (1)); mini-batches
# of 128 in a fresh random order each epoch, the last one smaller. Pixels as resalign's FashionMNIST:
# (x / 255 - 0.2860) / 0.3530, the training images of the chosen classes in the file's order, labels renumbered in
# the order of --classes. What differs from resalign is only the random draws: PyTorch's generator from the seed
# draws the weights and the epoch orders, where resalign draws its own from the same seed.
import argparse
import copy
import gzip
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as fn

MEAN, STD = 0.2860, 0.3530


TYPES = {"4a": (False, True), "4b": (False, False), "5a": (True, True), "5b": (True, False)}  # (conv, skips)


class Block(nn.Module):
    def __init__(self, d, conv, skips):
        super().__init__()
        if conv:
            self.layer1 = nn.Conv2d(d, d, 3, 1, 1, bias=False)
            self.norm1 = nn.BatchNorm2d(d, eps=1e-5, momentum=0.1)
            self.layer2 = nn.Conv2d(d, d, 3, 1, 1, bias=False)
            self.norm2 = nn.BatchNorm2d(d, eps=1e-5, momentum=0.1)
        else:
            self.layer1 = nn.Linear(d, d, bias=False)
            self.norm1 = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
            self.layer2 = nn.Linear(d, d, bias=False)
            self.norm2 = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
        self.skips = skips

    def forward(self, h):
        f = self.norm2(self.layer2(fn.relu(self.norm1(self.layer1(h)))))
        return fn.relu(h + f if self.skips else f)


class ResNet(nn.Module):
    def __init__(self, d, depth, classes, kind="4a"):
        super().__init__()
        conv, skips = TYPES[kind]
        self.conv = conv
        if conv:
            self.stem = nn.Conv2d(1, d, 4, 2, 3, bias=False)
            self.stem_bn = nn.BatchNorm2d(d, eps=1e-5, momentum=0.1)
        else:
            self.stem = nn.Linear(784, d, bias=False)
            self.stem_bn = nn.BatchNorm1d(d, eps=1e-5, momentum=0.1)
        self.blocks = nn.Sequential(*[Block(d, conv, skips) for _ in range(depth)])
        self.logits = nn.Linear(d, classes, bias=True)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / m.in_features))
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Conv2d):
                fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
                nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / fan_in))

    def forward(self, x):
        h = self.blocks(fn.relu(self.stem_bn(self.stem(x))))
        return self.logits(h.mean((2, 3)) if self.conv else h)


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load(directory, split, classes):
    x = idx(os.path.join(directory, split + "-images-idx3-ubyte.gz"))
    y = idx(os.path.join(directory, split + "-labels-idx1-ubyte.gz"))
    keep = np.isin(y, classes)
    x = ((x[keep].reshape(-1, 784).astype(np.float64) / 255.0 - MEAN) / STD).astype(np.float32)
    renumber = {c: i for i, c in enumerate(classes)}
    y = np.array([renumber[int(c)] for c in y[keep]], dtype=np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        right = sum(int((net(x[i:i + 4096]).argmax(1) == y[i:i + 4096]).sum()) for i in range(0, len(x), 4096))
    return right / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--type", dest="kind", choices=sorted(TYPES), default="4a")
    p.add_argument("--snapshot-every", dest="snapshot_every", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--classes", default="0,1,2,3,4,5,6,7,8,9")
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--depth", type=int, default=8)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--lambda", dest="lam", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    classes = [int(c) for c in a.classes.split(",")]
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtrain, ytrain = load(a.data_dir, "train", classes)
    xtest, ytest = load(a.data_dir, "t10k", classes)
    if TYPES[a.kind][0]:
        xtrain, xtest = xtrain.view(-1, 1, 28, 28), xtest.view(-1, 1, 28, 28)
    net = ResNet(a.width, a.depth, len(classes), a.kind)
    optimiser = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.0, weight_decay=a.lam)
    n = len(xtrain)
    per_epoch = (n + a.batch - 1) // a.batch
    total = per_epoch * a.epochs
    generator = torch.Generator().manual_seed(a.seed)
    stem = a.out[:-5] if a.out.endswith(".onnx") else a.out
    checkpoint = a.out + ".ckpt"
    history = []
    step = 0
    done = 0
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint)
        net.load_state_dict(state["net"])
        optimiser.load_state_dict(state["optimiser"])
        generator.set_state(state["generator"])
        history, step, done = state["history"], state["step"], state["epoch"]
        print("resuming after epoch %d" % done, flush=True)
    elif a.snapshot_every > 0:
        initial = copy.deepcopy(net)
        initial.train()
        order = torch.randperm(n, generator=torch.Generator().set_state(generator.get_state()))
        b = min(a.batch, n)
        start = 0
        with torch.no_grad():
            for _ in range(50):
                if start + b > n:
                    start = 0
                initial(xtrain[order[start:start + b]])
                start += b
        export(initial, xtrain[:2], stem + "-epoch-0.onnx")
    for epoch in range(done + 1, a.epochs + 1):
        net.train()
        order = torch.randperm(n, generator=generator)
        losses = []
        t0 = time.perf_counter()
        for b in range(0, n, a.batch):
            rows = order[b:b + a.batch]
            for group in optimiser.param_groups:
                group["lr"] = a.lr * 0.5 * (1 + math.cos(math.pi * step / total))
            optimiser.zero_grad(set_to_none=True)
            loss = fn.cross_entropy(net(xtrain[rows]), ytrain[rows])
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
            step += 1
        seconds = time.perf_counter() - t0
        if not all(math.isfinite(v) for v in losses):
            raise SystemExit("training diverged at epoch %d" % epoch)
        history.append({"epoch": epoch, "meanLoss": sum(losses) / len(losses),
                        "testAccuracy": accuracy(net, xtest, ytest), "seconds": seconds})
        print("epoch %d: loss %.4f, test accuracy %.4f, %.1f s" % (epoch, history[-1]["meanLoss"],
                                                                    history[-1]["testAccuracy"], seconds), flush=True)
        if a.snapshot_every > 0 and epoch % a.snapshot_every == 0 and epoch < a.epochs:
            export(net, xtrain[:2], stem + "-epoch-%d.onnx" % epoch)
        if epoch < a.epochs:
            torch.save({"net": net.state_dict(), "optimiser": optimiser.state_dict(),
                        "generator": generator.get_state(), "history": history, "step": step, "epoch": epoch},
                       checkpoint + ".tmp")
            os.replace(checkpoint + ".tmp", checkpoint)
    trained = sum(h["seconds"] for h in history)
    export(net, xtrain[:2], a.out)
    report = {"framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(), "seed": a.seed,
              "type": a.kind, "classes": classes, "width": a.width, "depth": a.depth, "epochs": a.epochs,
              "batch": a.batch, "lr": a.lr, "lambda": a.lam, "steps": step, "trainingSeconds": trained,
              "stepsPerSecond": step / sum(h["seconds"] for h in history),
              "trainAccuracy": accuracy(net, xtrain, ytrain), "testAccuracy": accuracy(net, xtest, ytest),
              "history": history, "model": a.out}
    with open(a.json + ".tmp", "w") as f:
        json.dump(report, f, indent=1)
    os.replace(a.json + ".tmp", a.json)
    if os.path.exists(checkpoint):
        os.remove(checkpoint)


def export(net, example, path):
    """The network in inference mode as ONNX at path, written atomically."""
    net.eval()
    torch.onnx.export(net, example, path + ".tmp", opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "n"}, "logits": {0: "n"}}, training=torch.onnx.TrainingMode.EVAL)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
