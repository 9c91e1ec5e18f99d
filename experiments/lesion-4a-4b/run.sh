#!/usr/bin/env bash
# Veit et al. (NeurIPS 2016) §4's lesion study on the Figure 6 networks: type 4a (8 blocks with skips) and 4b (the
# same without), D = 64, all ten FashionMNIST classes, 10 epochs of plain SGD at 0.1 on the cosine schedule, λ = 0.01
# on every parameter, batch 128, the lean engine (the recipe of ../fig6-skips.yaml), seeds 0, 1, 2; then
# `bridge lesion` on each (every block deleted; k = 1..7 random deletions and adjacent swaps, 10 draws each, lesion
# seed 0) on the 10000 test images, and `bridge paths` on each (the margin and the gradient by path length at 16
# training inputs, all 256 paths), and `bridge branches` (‖F(h_i)‖/‖h_i‖ by block at 64 training inputs, trained and
# at initialisation; De & Smith 2020); summarise.py writes summary.md. Steps whose JSON exists are skipped, so a stopped
# run resumes (a training from its checkpoint).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
bin="$root/bin/resalign"
models="$here/../lesion-4a-4b-models"
results="$here/results"
mkdir -p "$models" "$results"
"$root/bin/install-datasets"
for seed in 0 1 2; do
  for type in 4a 4b; do
    name="type-$type-seed-$seed"
    if [ ! -f "$results/$name.train.json" ]; then
      "$bin" bridge train --type $type --dataset fashion-mnist --classes 0,1,2,3,4,5,6,7,8,9 --width 64 --depth 8 \
        --epochs 10 --batch 128 --lr 0.1 --optimizer sgd --decay-scope all --lambda 0.01 --engine lean --threads 1 \
        --seed $seed --out "$models/$name.zip" --quiet --json "$results/$name.train.json"
    fi
    if [ ! -f "$results/$name.lesion.json" ]; then
      "$bin" bridge lesion "$models/$name.zip" --draws 10 --seed 0 --quiet --json "$results/$name.lesion.json"
    fi
    if [ ! -f "$results/$name.branches.json" ]; then
      "$bin" bridge branches "$models/$name.zip" --inputs 64 --analysis-seed 0 --quiet \
        --json "$results/$name.branches.json"
    fi
    if [ ! -f "$results/$name.paths.json" ]; then
      "$bin" bridge paths "$models/$name.zip" --inputs 16 --analysis-seed 0 --quiet --json "$results/$name.paths.json"
    fi
  done
done
# the figures of seed 0 (the same commands again with --out; their JSON equals the one above)
for type in 4a 4b; do
  name="type-$type-seed-0"
  for what in lesion paths branches; do
    if [ ! -d "$here/figures/$name-$what" ]; then
      mkdir -p "$here/figures"
      case $what in
        lesion) "$bin" bridge lesion "$models/$name.zip" --draws 10 --seed 0 --quiet --out "$here/figures/$name-$what" ;;
        paths) "$bin" bridge paths "$models/$name.zip" --inputs 16 --analysis-seed 0 --quiet \
          --out "$here/figures/$name-$what" ;;
        branches) "$bin" bridge branches "$models/$name.zip" --inputs 64 --analysis-seed 0 --quiet \
          --out "$here/figures/$name-$what" ;;
      esac > /dev/null
    fi
  done
done
/usr/bin/python3 "$here/summarise.py" "$results" > "$here/summary.md.tmp"
mv "$here/summary.md.tmp" "$here/summary.md"
