#!/usr/bin/env bash
# The paper's Figure 6 at its own width (§2.1, §2.3): type 4a (8 fully-connected blocks with skips) against 4b (the
# same without skips) at D = 512 on all ten FashionMNIST classes (60000 training images), λ = 1e-2 on every
# parameter, plain SGD at 0.1 on the cosine schedule over 50 epochs, batch 128, the lean engine, seeds 0, 1, 2: six
# trainings. Each keeps a checkpoint after every epoch (a stopped run resumes from it) and a snapshot after every 5
# epochs (MODEL-epoch-E.zip). Run it in the background, one slot per core:
#   nohup experiments/paper-scale-4a-4b/run.sh 0 2 > slot0.log 2>&1 &
#   nohup experiments/paper-scale-4a-4b/run.sh 1 2 > slot1.log 2>&1 &
# where slot s of n takes the runs s, s+n, s+2n, ... of the list below; a finished model is not trained again. A
# finished run is measured over its epochs at once (one slot at a time), so its report stands in results/ even where
# the models, which are not committed, are lost; analyse.sh then joins the seeds of each type.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/epochs.sh"
root="$here/../.."
bin="$root/bin/resalign"
models="$here/../paper-scale-4a-4b-models"
results="$here/results"
slot="${1:-0}"
slots="${2:-1}"
mkdir -p "$models" "$results"
"$root/bin/install-datasets"
runs=()
for seed in 0 1 2; do
  for type in 4a 4b; do
    runs+=("type-$type-seed-$seed $type $seed")
  done
done
for ((r = slot; r < ${#runs[@]}; r += slots)); do
  read -r name type seed <<< "${runs[$r]}"
  if [ -f "$results/$name.train.json" ]; then
    continue
  fi
  echo "$(date -u +%FT%TZ) start $name (slot $slot)" >> "$here/progress.log"
  "$bin" bridge train --type "$type" --dataset fashion-mnist --classes 0,1,2,3,4,5,6,7,8,9 --width 512 --depth 8 \
    --epochs 50 --batch 128 --lr 0.1 --optimizer sgd --decay-scope all --lambda 0.01 --engine lean \
    --threads 1 --seed "$seed" --snapshot-every 5 --out "$models/$name.zip" --quiet \
    --json "$results/$name.train.json.tmp"
  mv "$results/$name.train.json.tmp" "$results/$name.train.json"
  echo "$(date -u +%FT%TZ) end $name (slot $slot)" >> "$here/progress.log"
  measure_seed_alone "$models/.measure.lock" "$results" "$name" "$models/$name.zip"
  echo "$(date -u +%FT%TZ) measured $name (slot $slot)" >> "$here/progress.log"
done
