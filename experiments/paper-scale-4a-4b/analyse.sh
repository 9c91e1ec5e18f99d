#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the six networks of run.sh (`bridge epochs`, at initialisation, every 5
# epochs and finished). Each finished seed is measured once, on its own, into results/epochs-type-T-seed-S/ (and
# .txt); the seeds of each type are then joined into results/epochs-type-T/ (and .txt), and 4a is paired by seed
# against 4b in results/epochs-type-4a-against-4b/ (and .txt). See ../lib/epochs.sh.
#   experiments/paper-scale-4a-4b/analyse.sh          measures what is unmeasured, one after another, then joins
#   experiments/paper-scale-4a-4b/analyse.sh S N      measures share S of N only (one share per core), no join
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/epochs.sh"
models="$here/../paper-scale-4a-4b-models"
results="$here/results"
slot="${1:-0}"
slots="${2:-1}"
runs=()
for type in 4a 4b; do
  for seed in 0 1 2; do
    runs+=("type-$type-seed-$seed")
  done
done
for ((r = slot; r < ${#runs[@]}; r += slots)); do
  name="${runs[$r]}"
  if [ -f "$results/$name.train.json" ]; then
    measure_seed "$results" "$name" "$models/$name.zip"
  fi
done
if [ $# -gt 0 ]; then
  exit 0
fi
for type in 4a 4b; do
  join_seeds "$results" "type-$type" "type-$type-seed-0" "type-$type-seed-1" "type-$type-seed-2"
done
pair_groups "$results" type-4a-against-4b type-4a type-4b
