#!/usr/bin/env bash
# The same type-4a ResNet (D = 64, 8 blocks, all ten FashionMNIST classes, 10 epochs, batch 128, plain SGD at 0.1 on
# the cosine schedule, λ = 0.01 on every parameter) trained by DL4J (`bridge train --engine dl4j`) and by PyTorch
# (train_pytorch.py), seeds 0, 1, 2; the PyTorch network exported to ONNX and imported; both analysed by resalign at
# the same 16 training inputs with k = 16; summarise.py writes summary.md from the JSON. Steps already done (their
# JSON present) are skipped, so a stopped run resumes; DL4J's training resumes from its checkpoint.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
bin="$root/bin/resalign"
models="$here/../pytorch-vs-dl4j-models"
results="$here/results"
mkdir -p "$models" "$results"
"$root/bin/install-datasets"
"$root/bin/install-peers"
classes=0,1,2,3,4,5,6,7,8,9
for seed in 0 1 2; do
  if [ ! -f "$results/dl4j-$seed.train.json" ]; then
    "$bin" bridge train --type 4a --dataset fashion-mnist --classes $classes --width 64 --depth 8 --epochs 10 \
      --batch 128 --lr 0.1 --optimizer sgd --decay-scope all --lambda 0.01 --engine dl4j --threads 1 --seed $seed \
      --out "$models/dl4j-$seed.zip" --quiet --json "$results/dl4j-$seed.train.json"
  fi
  if [ ! -f "$results/pytorch-$seed.train.json" ]; then
    /usr/bin/python3 "$here/train_pytorch.py" --seed $seed --classes $classes --width 64 --depth 8 --epochs 10 \
      --batch 128 --lr 0.1 --lambda 0.01 --threads 1 --out "$models/pytorch-$seed.onnx" \
      --json "$results/pytorch-$seed.train.json"
  fi
  if [ ! -f "$results/pytorch-$seed.import.json" ]; then
    "$bin" bridge import "$models/pytorch-$seed.onnx" --out "$models/pytorch-$seed.zip" --dataset fashion-mnist \
      --classes $classes --lambda 0.01 --json "$results/pytorch-$seed.import.json"
  fi
  for framework in dl4j pytorch; do
    if [ ! -f "$results/$framework-$seed.analysis.json" ]; then
      "$bin" bridge analyze "$models/$framework-$seed.zip" --inputs 16 --k 16 --analysis-seed 0 --quiet \
        --json "$results/$framework-$seed.analysis.json"
    fi
  done
done
/usr/bin/python3 "$here/summarise.py" "$results" > "$here/summary.md.tmp"
mv "$here/summary.md.tmp" "$here/summary.md"
