#!/usr/bin/env bash
# The counterexample search for every shipped conjecture: 5000 instances each (half random, half adaptive), seed 0,
# three shrunk counterexamples kept. One folder per conjecture with search.json, the counterexample files and the
# printed summary (search.json is gzipped); then the first inverse-depth counterexample is replayed. About 4 minutes
# on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
here=experiments/search
bin=bin/resalign
for c in thm33 rank-le-classes aligned-multisample inverse-depth other-losses short-paths lesion-robust; do
  set +e
  "$bin" search --conjecture "$c" --budget 5000 --seed 0 --keep 3 --quiet --out "$here/$c" > "$here/$c.txt"
  rc=$?
  set -e
  [ "$rc" -le 1 ] || { echo "search $c failed with exit code $rc" >&2; exit "$rc"; }
  mv "$here/$c.txt" "$here/$c/summary.txt"
  gzip -n -9 -f "$here/$c/search.json"   # every instance judged: about 6 MB of JSON, 0.6 MB compressed
done
set +e
"$bin" ujm solve --replay "$here/inverse-depth/counterexample-01.json" --quiet > "$here/inverse-depth/replay.txt"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "the replay did not confirm the counterexample (exit code $rc)" >&2; exit 1; }
