#!/usr/bin/env bash
# Which optimiser is the default, plain SGD (paper §2.3's text) or SGD with Nesterov momentum 0.9, and what weight
# decay on batch norm (eq. (1): every parameter) changes against decay on the weight matrices only.
# Type 4a (D = 64, 8 blocks), all 60000 FashionMNIST training images, 10 epochs, λ = 0.01, the paper's batch 128,
# learning rate 0.1 and cosine schedule, lean engine, seeds 0, 1, 2; each network analysed at 16 training inputs with
# k = 16. Writes one train and one analyze JSON per network and summary.tsv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/../../bin/resalign"
models="$here/../optimizer-choice-models"
mkdir -p "$models"
printf 'optimizer\tdecayScope\tseed\ttestAccuracy\ttrainAccuracy\tstepsPerSecond\texcess\talignment\tra4Slope\tra4RSquared\tsigma1Last\n' \
  > "$here/summary.tsv"
for optimizer in sgd nesterov; do
  for scope in all weights; do
    for seed in 0 1 2; do
      name="$optimizer-$scope-seed-$seed"
      "$bin" bridge train --type 4a --dataset fashion-mnist --classes 0,1,2,3,4,5,6,7,8,9 --width 64 --depth 8 \
        --epochs 10 --lambda 0.01 --optimizer "$optimizer" --decay-scope "$scope" --engine lean --seed "$seed" \
        --quiet --out "$models/$name.zip" --json "$here/$name-train.json" > /dev/null
      "$bin" bridge analyze "$models/$name.zip" --inputs 16 --k 16 --quiet --json "$here/$name-analyze.json" \
        > /dev/null
      jq -r --arg o "$optimizer" --arg d "$scope" --arg s "$seed" --slurpfile a "$here/$name-analyze.json" \
        '[$o, $d, $s, .testAccuracy, .trainAccuracy, .stepsPerSecond,
          ($a[0].stages[-1].summary | .alignment.mean - .chanceAlignment.mean, .alignment.mean, .ra4Slope.mean,
           .ra4RSquared.mean, .sigma1[-1])] | @tsv' "$here/$name-train.json" >> "$here/summary.tsv"
    done
  done
done
column -t "$here/summary.tsv"
