#!/usr/bin/env bash
# A convolutional run (paper §2.1's Type 2 at 8 blocks: type 5a with skips against 5b without) on all ten
# FashionMNIST classes: width 16 channels at 16x16 (D = 4096; the paper's 64 channels), λ = 1e-2 on every parameter,
# plain SGD at 0.1 on the cosine schedule over 30 epochs, batch 128, seeds 0, 1, 2. DL4J's convolutions train these
# about 25 times slower than PyTorch's on this CPU (README, Benchmarks), so PyTorch trains them
# (../pytorch-vs-dl4j/train_pytorch.py, resalign's architecture, initialisation and recipe), exporting the initial
# network and one after every 5 epochs to ONNX; each export is imported with its epoch and seed declared
# (`bridge import --epoch E --seed S`), and analyse.sh measures them over the epochs. Run it in the background, one
# slot per core:
#   nohup experiments/paper-scale-conv/run.sh 0 2 > slot0.log 2>&1 &
#   nohup experiments/paper-scale-conv/run.sh 1 2 > slot1.log 2>&1 &
# A stopped training resumes from its checkpoint; finished steps are skipped. A run whose exports are all imported is
# measured over its epochs at once (one slot at a time), so its report stands in results/ even where the models,
# which are not committed, are lost.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/epochs.sh"
root="$here/../.."
bin="$root/bin/resalign"
models="$here/../paper-scale-conv-models"
results="$here/results"
slot="${1:-0}"
slots="${2:-1}"
epochs=30
every=5
mkdir -p "$models" "$results"
"$root/bin/install-datasets"
"$root/bin/install-peers"
runs=()
for seed in 0 1 2; do
  for type in 5a 5b; do
    runs+=("type-$type-seed-$seed $type $seed")
  done
done
for ((r = slot; r < ${#runs[@]}; r += slots)); do
  read -r name type seed <<< "${runs[$r]}"
  if [ ! -f "$results/$name.train.json" ]; then
    echo "$(date -u +%FT%TZ) start $name (slot $slot)" >> "$here/progress.log"
    /usr/bin/python3 "$here/../pytorch-vs-dl4j/train_pytorch.py" --type "$type" --seed "$seed" --width 16 \
      --depth 8 --epochs $epochs --batch 128 --lr 0.1 --lambda 0.01 --threads 1 --snapshot-every $every \
      --out "$models/$name.onnx" --json "$results/$name.train.json"
    echo "$(date -u +%FT%TZ) end $name (slot $slot)" >> "$here/progress.log"
  fi
  for ((e = 0; e <= epochs; e += every)); do
    onnx="$models/$name-epoch-$e.onnx"
    if [ $e -eq $epochs ]; then
      onnx="$models/$name.onnx"
    fi
    if [ ! -f "$models/$name-epoch-$e.zip" ]; then
      "$bin" bridge import "$onnx" --out "$models/$name-epoch-$e.zip" --dataset fashion-mnist \
        --classes 0,1,2,3,4,5,6,7,8,9 --lambda 0.01 --epoch $e --seed "$seed" > /dev/null
    fi
  done
  if [ ! -f "$results/epochs-$name/epochs.json" ]; then
    measure_seed_alone "$models/.measure.lock" "$results" "$name" "$models/$name"-epoch-*.zip
    echo "$(date -u +%FT%TZ) measured $name (slot $slot)" >> "$here/progress.log"
  fi
done
