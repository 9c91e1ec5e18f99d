# Shared by the experiments' analyse.sh scripts (source it): `bridge epochs` run once per seed, each report kept in
# the results (committed, while the models are not), and the seeds of a group joined (`bridge epochs --with`, the
# report they make measured together). Every report is measured at the same settings: RA at 8 training inputs, NC at
# 10000 training images, analysis seed 0.
epochs_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/resalign"
epochs_settings=(--inputs 8 --analysis-seed 0)

# measure_seed RESULTS NAME MODEL...: measures the models of one run into RESULTS/epochs-NAME/ (epochs.json,
# epochs.png, summary.md) and its printed table into RESULTS/epochs-NAME.txt, unless that report exists.
measure_seed() {
  local results="$1" name="$2"
  shift 2
  if [ -f "$results/epochs-$name/epochs.json" ]; then
    return 0
  fi
  "$epochs_bin" bridge epochs "$@" "${epochs_settings[@]}" --collapse-inputs 10000 --quiet \
    --out "$results/epochs-$name" > "$results/epochs-$name.txt.tmp"
  mv "$results/epochs-$name.txt.tmp" "$results/epochs-$name.txt"
}

# join_seeds RESULTS GROUP NAME...: joins the reports RESULTS/epochs-NAME/ that exist into RESULTS/epochs-GROUP/ and
# RESULTS/epochs-GROUP.txt (none: nothing).
join_seeds() {
  local results="$1" group="$2" name
  shift 2
  local reports=()
  for name in "$@"; do
    if [ -f "$results/epochs-$name/epochs.json" ]; then
      reports+=(--with "$results/epochs-$name/epochs.json")
    fi
  done
  if [ ${#reports[@]} -eq 0 ]; then
    return 0
  fi
  "$epochs_bin" bridge epochs "${reports[@]}" "${epochs_settings[@]}" --out "$results/epochs-$group" \
    > "$results/epochs-$group.txt.tmp"
  mv "$results/epochs-$group.txt.tmp" "$results/epochs-$group.txt"
}

# pair_groups RESULTS NAME GROUP BASELINE: the joined report RESULTS/epochs-GROUP/ against RESULTS/epochs-BASELINE/,
# paired by seed (`bridge epochs --baseline`), into RESULTS/epochs-NAME/ and RESULTS/epochs-NAME.txt (either group
# missing: nothing).
pair_groups() {
  local results="$1" name="$2" group="$3" baseline="$4"
  if [ ! -f "$results/epochs-$group/epochs.json" ] || [ ! -f "$results/epochs-$baseline/epochs.json" ]; then
    return 0
  fi
  "$epochs_bin" bridge epochs --with "$results/epochs-$group/epochs.json" \
    --baseline "$results/epochs-$baseline/epochs.json" "${epochs_settings[@]}" --out "$results/epochs-$name" \
    > "$results/epochs-$name.txt.tmp"
  mv "$results/epochs-$name.txt.tmp" "$results/epochs-$name.txt"
}

# measure_seed_alone LOCK RESULTS NAME MODEL...: measure_seed, holding the lock file LOCK for it, so that the slots of
# a run.sh measure their finished runs one at a time (one measure takes up to 11 GB at D = 512).
measure_seed_alone() {
  local lock="$1"
  shift
  (
    flock 9
    measure_seed "$@"
  ) 9> "$lock"
}
