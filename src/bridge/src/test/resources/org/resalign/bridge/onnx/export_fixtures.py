# Writes the PyTorch-exported ONNX fixtures of the import tests beside this file, and what PyTorch computes of them.
#
#   /usr/bin/python3 export_fixtures.py [FASHION_MNIST_DIR]   (Debian's python3-torch; numpy)
#
# fc-4a:   a fully-connected ResNet of the paper's block form (stem Linear(784, D, no bias), BatchNorm1d, ReLU;
#          block h' = relu(h + BN(W2 relu(BN(W1 h)))); classifier Linear(D, C)), D 16, L 4, C 3, trained for a
#          few hundred plain-SGD steps on FashionMNIST classes 0, 1, 2 (or on a Gaussian mixture when the data is
#          absent), exported in inference mode. With it: fc-4a.inputs.npy (six training images, float32) and
#          fc-4a.expected.json: at each input, in float64 with batch norm in inference mode, each block's Residual
#          Jacobian J_i = relu'(h_i + F(h_i)) * dF/dh_i by autograd, its top-k singular values (LAPACK's full SVD)
#          and the RA2 grid, score(i, j) = ||diag(U_j^T J_i V_j)|| / ||U_j^T J_i V_j||_F with J_j's top-k
#          singular vectors; "determined" [n][j]: whether J_j's top-k singular vectors are determined up to sign
#          (sigma_1 > ... > sigma_k > sigma_k+1 with gaps above 1e-6 sigma_1 and sigma_k above 1e-8 sigma_1), the
#          only frames in which an RA2 score is a function of the Jacobians; and the network's logits.
# fc-bias: the same form with biases in every linear layer, batch norm eps 1e-3, untrained, three blocks without
#          skips (type 4b's form); its logits at the same inputs.
# conv-basicblock: a convolutional BasicBlock ResNet as torchvision's (3x3 convolutions, batch norm, identity
#          skips, and a block that halves the resolution and doubles the channels through a 1x1 stride-2
#          convolution and batch norm on its shortcut), with the paper's stem (4x4 stride-2 convolution, padding 3,
#          28x28 to 16x16), 4 channels, 4 blocks, global average pooling and Linear(8, 3); random batch-norm
#          statistics; exported in inference mode, where PyTorch folds each batch norm into its convolution; its
#          logits at the same inputs (as 1x28x28 images, conv-basicblock.inputs.npy). conv-basicblock-bn is the
#          same network exported with its batch norms kept as nodes.
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as fn

HERE = os.path.dirname(os.path.abspath(__file__))
K = 5


class Block(nn.Module):
    def __init__(self, d, skips, bias=False, eps=1e-5):
        super().__init__()
        self.layer1 = nn.Linear(d, d, bias=bias)
        self.norm1 = nn.BatchNorm1d(d, eps=eps)
        self.layer2 = nn.Linear(d, d, bias=bias)
        self.norm2 = nn.BatchNorm1d(d, eps=eps)
        self.skips = skips

    def branch(self, h):
        return self.norm2(self.layer2(fn.relu(self.norm1(self.layer1(h)))))

    def forward(self, h):
        f = self.branch(h)
        return fn.relu(h + f) if self.skips else fn.relu(f)


class ResNet(nn.Module):
    def __init__(self, d, depth, classes, skips, bias=False, eps=1e-5):
        super().__init__()
        self.stem = nn.Linear(784, d, bias=bias)
        self.stem_bn = nn.BatchNorm1d(d, eps=eps)
        self.blocks = nn.ModuleList([Block(d, skips, bias, eps) for _ in range(depth)])
        self.logits = nn.Linear(d, classes)

    def forward(self, x):
        h = fn.relu(self.stem_bn(self.stem(x)))
        for b in self.blocks:
            h = b(h)
        return self.logits(h)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = fn.relu(self.bn1(self.conv1(x)))
        return fn.relu(self.bn2(self.conv2(out)) + identity)


class ConvResNet(nn.Module):
    def __init__(self, c, depth, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c, 4, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        down = depth // 2 + 1
        chans = [c if i <= down else 2 * c for i in range(1, depth + 2)]
        self.layers = nn.Sequential(*[BasicBlock(chans[i - 1] if i > 1 else c, chans[i], 2 if i == down else 1)
                                      for i in range(1, depth + 1)])
        self.fc = nn.Linear(2 * c, classes)

    def forward(self, x):
        x = self.layers(fn.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(fn.adaptive_avg_pool2d(x, 1), 1))


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def training_data(directory, classes):
    images = os.path.join(directory, "train-images-idx3-ubyte.gz")
    if os.path.exists(images):
        x, y = idx(images), idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))
        keep = np.isin(y, classes)
        x = x[keep].reshape(-1, 784).astype(np.float32) / 255.0
        y = np.searchsorted(classes, y[keep])
        return x[:3000], y[:3000], "FashionMNIST classes %s, first 3000 images" % (classes,)
    rng = np.random.default_rng(1)
    means = rng.normal(size=(len(classes), 784)).astype(np.float32)
    y = rng.integers(0, len(classes), size=3000)
    return (means[y] + rng.normal(size=(3000, 784)).astype(np.float32)), y, "a Gaussian mixture"


def export(model, example, name, keep_norms=False):
    # in inference mode PyTorch folds each batch norm into the convolution before it; keep_norms keeps them
    model.eval()
    torch.onnx.export(model, example, os.path.join(HERE, name + ".onnx"), opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "n"}, "logits": {0: "n"}},
                      training=torch.onnx.TrainingMode.PRESERVE if keep_norms else torch.onnx.TrainingMode.EVAL,
                      do_constant_folding=not keep_norms)


def determined(s):
    gaps = s[:K] - s[1:K + 1]
    return bool(s[K - 1] > 1e-8 * s[0] and torch.all(gaps > 1e-6 * s[0]))


def expected(model, inputs, skips):
    # float64 copy, batch norm in inference mode
    m = ResNet(16, len(model.blocks), 3, skips).double()
    m.load_state_dict({k: v.double() if v.is_floating_point() else v for k, v in model.state_dict().items()})
    m.eval()
    out = {"k": K, "singularValues": [], "ra2": [], "determined": [], "logits": []}
    with torch.no_grad():
        out["logits"] = m(torch.from_numpy(inputs).double()).tolist()
    for x in torch.from_numpy(inputs).double():
        h = fn.relu(m.stem_bn(m.stem(x[None, :])))[0]
        js = []
        for b in m.blocks:
            def branch(v, b=b):
                return b.branch(v[None, :])[0]
            f = branch(h)
            pre = h + f if skips else f
            js.append((pre > 0).double()[:, None] * torch.autograd.functional.jacobian(branch, h))
            h = fn.relu(pre)
        svds = [torch.linalg.svd(j) for j in js]
        out["singularValues"].append([s[:K].tolist() for (_, s, _) in svds])
        out["determined"].append([determined(s) for (_, s, _) in svds])
        grid = []
        for i in range(len(js)):
            row = []
            for j in range(len(js)):
                u, v = svds[j][0][:, :K], svds[j][2][:K, :].T
                mm = u.T @ js[i] @ v
                row.append((torch.linalg.norm(torch.diagonal(mm)) / torch.linalg.norm(mm)).item())
            grid.append(row)
        out["ra2"].append(grid)
    return out


def main():
    torch.manual_seed(0)
    directory = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    classes = [0, 1, 2]
    x, y, what = training_data(directory, classes)
    model = ResNet(16, 4, 3, True)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, weight_decay=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).long()
    model.train()
    for step in range(300):
        batch = torch.randint(0, len(x), (64,))
        opt.zero_grad()
        fn.cross_entropy(model(xt[batch]), yt[batch]).backward()
        opt.step()
    inputs = x[:6].copy()
    np.save(os.path.join(HERE, "fc-4a.inputs.npy"), inputs)
    export(model, torch.from_numpy(inputs), "fc-4a")
    e = expected(model, inputs, True)
    e["trainedOn"] = what
    e["torch"] = torch.__version__
    with open(os.path.join(HERE, "fc-4a.expected.json"), "w") as f:
        json.dump(e, f)

    biased = ResNet(16, 3, 3, False, bias=True, eps=1e-3)
    for mod in biased.modules():
        if isinstance(mod, nn.BatchNorm1d):
            mod.running_mean.normal_(0, 0.3)
            mod.running_var.uniform_(0.5, 2.0)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.normal_(0, 0.2)
    export(biased, torch.from_numpy(inputs), "fc-bias")
    biased.eval()
    with torch.no_grad():
        logits = biased(torch.from_numpy(inputs)).double().tolist()
    with open(os.path.join(HERE, "fc-bias.expected.json"), "w") as f:
        json.dump({"logits": logits, "torch": torch.__version__}, f)

    conv = ConvResNet(4, 4, 3)
    for mod in conv.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.normal_(0, 0.3)
            mod.running_var.uniform_(0.5, 2.0)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.normal_(0, 0.2)
    images = inputs.reshape(-1, 1, 28, 28)
    np.save(os.path.join(HERE, "conv-basicblock.inputs.npy"), images)
    export(conv, torch.from_numpy(images), "conv-basicblock")
    export(conv, torch.from_numpy(images), "conv-basicblock-bn", keep_norms=True)
    conv.eval()
    with torch.no_grad():
        logits = conv(torch.from_numpy(images)).double().tolist()
    with open(os.path.join(HERE, "conv-basicblock.expected.json"), "w") as f:
        json.dump({"logits": logits, "torch": torch.__version__}, f)


if __name__ == "__main__":
    main()
