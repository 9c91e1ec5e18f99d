#!/usr/bin/env bash
# Theorem 3.3 over the grid D ∈ {16,64,256}, L ∈ {1,4,8,16,32}, λ ∈ {1e-3,1e-2,1e-1,1}, ‖Δx‖ = 1, seed 0,
# for each loss: full L-BFGS from a random start against the aligned family's minimum.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
status=0
for loss in logistic exponential squared; do
  "$here/../../bin/resalign" ujm sweep --loss "$loss" --seed 0 --quiet \
      --markdown "$here/$loss.md" --json "$here/$loss.json" > /dev/null || status=$?
done
exit $status
