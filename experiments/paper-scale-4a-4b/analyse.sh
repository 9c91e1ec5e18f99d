#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the six networks of run.sh (`bridge epochs`, at initialisation, every 5
# epochs and finished), one report per type over the seeds whose training finished: results/epochs-type-T/ with
# epochs.json, epochs.png and summary.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../bin/resalign"
models="$here/../paper-scale-4a-4b-models"
for type in 4a 4b; do
  done_models=()
  for seed in 0 1 2; do
    if [ -f "$here/results/type-$type-seed-$seed.train.json" ]; then
      done_models+=("$models/type-$type-seed-$seed.zip")
    fi
  done
  if [ ${#done_models[@]} -eq 0 ]; then
    continue
  fi
  "$bin" bridge epochs "${done_models[@]}" --inputs 8 --collapse-inputs 10000 --analysis-seed 0 --quiet \
    --out "$here/results/epochs-type-$type" > "$here/results/epochs-type-$type.txt"
done
