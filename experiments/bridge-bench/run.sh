#!/usr/bin/env bash
# Training speed of type 4a (8 blocks, batch 128) at D = 64 and 512 with one and two ND4J threads, each in a fresh JVM,
# beside ND4J's GEMM bound of the same step. Run it on an otherwise idle machine: timings, not results, vary.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin/resalign bridge bench --widths 64,512 --threads 1,2 --quiet --json experiments/bridge-bench/bench.json
