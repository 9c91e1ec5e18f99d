#!/usr/bin/env bash
# Residual scaling α (h_{i+1} = σ(h_i + α·F(h_i)); Dherin & Munn's scaled residual modules, Fischer, Dahmen &
# Helias's residual scaling) on the Figure 6 network with skips: type 4a, D = 64, 8 blocks, all ten FashionMNIST
# classes, 10 epochs of plain SGD at 0.1 on the cosine schedule, λ = 0.01 on every parameter, batch 128, DL4J's engine
# (the lean engine trains α = 1 only), seeds 0, 1, 2, for α = 1, 1/√L = 0.35355339 and 1/L = 0.125. Each network is
# analysed (`bridge analyze`, 16 training inputs, k = 16, analysis seed 0: RA1–RA4) and its branches measured
# (`bridge branches`, 64 training inputs: ‖α·F(h_i)‖/‖h_i‖ by depth, trained and at initialisation); summarise.py
# writes summary.md. Steps whose JSON exists are skipped, so a stopped run resumes (a training from its checkpoint).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
bin="$root/bin/resalign"
models="$here/../branch-scale-models"
results="$here/results"
mkdir -p "$models" "$results"
"$root/bin/install-datasets"
for seed in 0 1 2; do
  for alpha in 1 0.35355339 0.125; do
    name="alpha-$alpha-seed-$seed"
    if [ ! -f "$results/$name.train.json" ]; then
      "$bin" bridge train --type 4a --dataset fashion-mnist --classes 0,1,2,3,4,5,6,7,8,9 --width 64 --depth 8 \
        --epochs 10 --batch 128 --lr 0.1 --optimizer sgd --decay-scope all --lambda 0.01 --engine dl4j \
        --branch-scale $alpha --threads 1 --seed $seed --out "$models/$name.zip" --quiet \
        --json "$results/$name.train.json"
    fi
    if [ ! -f "$results/$name.analysis.json" ]; then
      "$bin" bridge analyze "$models/$name.zip" --inputs 16 --k 16 --analysis-seed 0 --quiet \
        --json "$results/$name.analysis.json"
    fi
    if [ ! -f "$results/$name.branches.json" ]; then
      "$bin" bridge branches "$models/$name.zip" --inputs 64 --analysis-seed 0 --quiet \
        --json "$results/$name.branches.json"
    fi
  done
done
# the figures of seed 0: the analysis again with --out (its JSON equals the one above), and the branch ratios
for alpha in 1 0.35355339 0.125; do
  name="alpha-$alpha-seed-0"
  if [ ! -d "$here/figures/$name-analysis" ]; then
    mkdir -p "$here/figures"
    "$bin" bridge analyze "$models/$name.zip" --inputs 16 --k 16 --analysis-seed 0 --quiet \
      --out "$here/figures/$name-analysis" > /dev/null
  fi
  if [ ! -d "$here/figures/$name-branches" ]; then
    "$bin" bridge branches "$models/$name.zip" --inputs 64 --analysis-seed 0 --quiet \
      --out "$here/figures/$name-branches" > /dev/null
  fi
done
/usr/bin/python3 "$here/summarise.py" "$results" > "$here/summary.md.tmp"
mv "$here/summary.md.tmp" "$here/summary.md"
