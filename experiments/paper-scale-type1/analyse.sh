#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the Type 1 networks of run.sh (`bridge epochs`, at initialisation, every
# 10 epochs and finished). Each finished seed is measured once, on its own, into results/epochs-lambda-λ-seed-S/
# (and .txt); the seeds of each λ are then joined into results/epochs-lambda-λ/ (and .txt), and λ = 5e-2 is paired
# by seed against 1e-2 in results/epochs-lambda-0.05-against-0.01/ (and .txt). See ../lib/epochs.sh.
#   experiments/paper-scale-type1/analyse.sh          measures what is unmeasured, one after another, then joins
#   experiments/paper-scale-type1/analyse.sh S N      measures share S of N only (one share per core), no join
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/epochs.sh"
models="$here/../paper-scale-type1-models"
results="$here/results"
slot="${1:-0}"
slots="${2:-1}"
runs=()
for lambda in 0.01 0.05; do
  for seed in 0 1 2; do
    runs+=("lambda-$lambda-seed-$seed")
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
for lambda in 0.01 0.05; do
  join_seeds "$results" "lambda-$lambda" "lambda-$lambda-seed-0" "lambda-$lambda-seed-1" "lambda-$lambda-seed-2"
done
pair_groups "$results" lambda-0.05-against-0.01 lambda-0.05 lambda-0.01
