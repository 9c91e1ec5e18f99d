#!/usr/bin/env bash
# RA and Neural Collapse over the epochs of the imported convolutional networks of run.sh (`bridge epochs`): one
# report per type over the seeds whose training finished, results/epochs-type-T/ with epochs.json, epochs.png and
# summary.md, and the printed table in results/epochs-type-T.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../../bin/resalign"
models="$here/../paper-scale-conv-models"
for type in 5a 5b; do
  files=()
  for seed in 0 1 2; do
    if [ -f "$here/results/type-$type-seed-$seed.train.json" ]; then
      files+=("$models"/type-$type-seed-$seed-epoch-*.zip)
    fi
  done
  if [ ${#files[@]} -eq 0 ]; then
    continue
  fi
  "$bin" bridge epochs "${files[@]}" --inputs 8 --collapse-inputs 10000 --analysis-seed 0 --quiet \
    --out "$here/results/epochs-type-$type" > "$here/results/epochs-type-$type.txt"
done
