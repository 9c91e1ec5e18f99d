#!/usr/bin/env bash
# Theorem 3.1: the exact construction J_i = (1/i)·uuᵀ at D = 64 for L ∈ {8, 32, 128}, and how far RA1 degrades when
# RA2, RA3 or RA4 is broken by ε ∈ {1e-6 … 1}; seed 0. One report folder per depth (JSON, Markdown, figures).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for depth in 8 32 128; do
  "$here/../../bin/resalign" thm31 --dim 64 --depth "$depth" --seed 0 \
      --sweep 1e-6,1e-5,1e-4,1e-3,1e-2,3e-2,1e-1,3e-1,1 --out "$here/L$depth" > /dev/null
done
