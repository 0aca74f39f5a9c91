#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 90), one after the other, on one core.
# Seeds (committed) are in fuzz/seeds/<target>; new inputs go to fuzz/corpus/<target> (ignored
# by git); crashes land in fuzz/artifacts/<target>. Logs: fuzz/target/logs/<target>.log.
#   fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-90}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(riffyn_auth belvo_step onelogin_envelopes time totp_secret config_url challenge inputs)
fi
mkdir -p fuzz/target/logs
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t"
  start=$(date +%s)
  RUSTC_BOOTSTRAP=1 .tools/bin/cargo-fuzz run "$t" --fuzz-dir fuzz -s none -a \
    "fuzz/corpus/$t" "fuzz/seeds/$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    > "fuzz/target/logs/$t.log" 2>&1
  rc=$?
  end=$(date +%s)
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "fuzz/target/logs/$t.log" | awk '{print $2}')
  [ -z "$runs" ] && runs=$(grep -E '^#[0-9]+' "fuzz/target/logs/$t.log" | tail -1 | awk '{print $1}')
  printf '%s\t%ss\texit=%s\truns=%s\n' "$t" "$((end - start))" "$rc" "$runs"
done
