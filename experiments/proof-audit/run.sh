#!/usr/bin/env bash
# The proof audit of Theorems 3.1 and 3.3 in thorough mode (ten times the default instances, larger sizes) for seeds
# 0, 1 and 2. One folder per seed with audit.json and audit.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for seed in 0 1 2; do
  "$here/../../bin/resalign" proofs --thorough --seed "$seed" --quiet --out "$here/seed$seed" > /dev/null
done
