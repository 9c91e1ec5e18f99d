#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the Type 1 networks of run.sh (`bridge epochs`, at initialisation, every
# 10 epochs and finished). Each finished seed is measured once, on its own: results/epochs-lambda-λ-seed-S/
# (epochs.json, epochs.png, summary.md) and the printed table in results/epochs-lambda-λ-seed-S.txt. These reports
# are committed, the models are not, so a seed measured once is never measured again. Then the seeds of each λ are
# joined (`bridge epochs --with`, the report they make measured together): results/epochs-lambda-λ/ and .txt.
#   experiments/paper-scale-type1/analyse.sh          measures what is unmeasured, one after another, then joins
#   experiments/paper-scale-type1/analyse.sh S N      measures share S of N only (one per core), no join
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../bin/resalign"
models="$here/../paper-scale-type1-models"
results="$here/results"
slot="${1:-0}"
slots="${2:-1}"
measure=(--inputs 8 --analysis-seed 0)
runs=()
for lambda in 0.01 0.05; do
  for seed in 0 1 2; do
    runs+=("lambda-$lambda-seed-$seed")
  done
done
for ((r = slot; r < ${#runs[@]}; r += slots)); do
  name="${runs[$r]}"
  if [ -f "$results/epochs-$name/epochs.json" ] || [ ! -f "$results/$name.train.json" ]; then
    continue
  fi
  "$bin" bridge epochs "$models/$name.zip" "${measure[@]}" --collapse-inputs 10000 --quiet \
    --out "$results/epochs-$name" > "$results/epochs-$name.txt.tmp"
  mv "$results/epochs-$name.txt.tmp" "$results/epochs-$name.txt"
done
if [ $# -gt 0 ]; then
  exit 0
fi
for lambda in 0.01 0.05; do
  reports=()
  for seed in 0 1 2; do
    report="$results/epochs-lambda-$lambda-seed-$seed/epochs.json"
    if [ -f "$report" ]; then
      reports+=(--with "$report")
    fi
  done
  if [ ${#reports[@]} -gt 0 ]; then
    "$bin" bridge epochs "${reports[@]}" "${measure[@]}" --out "$results/epochs-lambda-$lambda" \
      > "$results/epochs-lambda-$lambda.txt.tmp"
    mv "$results/epochs-lambda-$lambda.txt.tmp" "$results/epochs-lambda-$lambda.txt"
  fi
done
