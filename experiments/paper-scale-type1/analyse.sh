#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the Type 1 networks of run.sh (`bridge epochs`, at initialisation, every
# 10 epochs and finished), one report per λ over the seeds whose training finished: results/epochs-lambda-λ/ with
# epochs.json, epochs.png and summary.md, and the printed table in results/epochs-lambda-λ.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../bin/resalign"
models="$here/../paper-scale-type1-models"
for lambda in 0.01 0.05; do
  done_models=()
  for seed in 0 1 2; do
    if [ -f "$here/results/lambda-$lambda-seed-$seed.train.json" ]; then
      done_models+=("$models/lambda-$lambda-seed-$seed.zip")
    fi
  done
  if [ ${#done_models[@]} -eq 0 ]; then
    continue
  fi
  "$bin" bridge epochs "${done_models[@]}" --inputs 8 --collapse-inputs 10000 --analysis-seed 0 --quiet \
    --out "$here/results/epochs-lambda-$lambda" > "$here/results/epochs-lambda-$lambda.txt"
done
