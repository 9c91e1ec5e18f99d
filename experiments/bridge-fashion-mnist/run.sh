#!/usr/bin/env bash
# FashionMNIST classes 0 (T-shirt/top) and 1 (Trouser), D = 64, 8 blocks, 30 epochs, λ = 1e-2, seed 0:
# type 4a (skips) against 4b (none), 16 training inputs analysed, then the 4a network beside the UJM optimum.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin/install-datasets
bin/resalign bridge skips --dataset fashion-mnist --classes 0,1 --width 64 --depth 8 --epochs 30 --lambda 1e-2 \
  --inputs 16 --quiet --out experiments/bridge-fashion-mnist/skips
bin/resalign bridge compare experiments/bridge-fashion-mnist/skips-models/type-4a.zip --inputs 16 --quiet \
  --out experiments/bridge-fashion-mnist/compare-4a
