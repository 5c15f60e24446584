#!/usr/bin/env bash
# `npm run fuzz`: runs every cargo-fuzz target in fuzz/ for a while, one at a time, and prints the
# executions of each. Installs what it needs (the nightly toolchain, cargo-fuzz) when missing.
#
# A crash stops that target, keeps the input under fuzz/artifacts/<target>/ and makes the script
# exit 1 (after the other targets ran). Turn each crash into a test in tests/it/errors/fuzz_regressions.rs.
#
# Knobs:
#   SPI_FUZZ_SECONDS=60          time per target (libFuzzer -max_total_time)
#   SPI_FUZZ_TARGETS="a b"       which targets (default: all three)
#   SPI_FUZZ_ARGS="-jobs=2"      extra libFuzzer flags
#
# Built with overflow checks and debug assertions (cargo fuzz's default) and without a sanitizer
# (`-s none`): the core is safe Rust, and AddressSanitizer would halve the executions per second.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
seconds="${SPI_FUZZ_SECONDS:-60}"
targets="${SPI_FUZZ_TARGETS:-json_ingest csv_ingest query_report}"
step() { printf '\n== %s\n' "$*"; }

if ! rustup toolchain list | grep -q '^nightly'; then
  step "rustup toolchain install nightly (cargo-fuzz needs -Z flags)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  step "cargo install cargo-fuzz (once, a few minutes)"
  cargo install cargo-fuzz --locked
fi

step "cargo +nightly fuzz build -s none"
nice cargo +nightly fuzz build -s none

declare -A runs
status=0
for t in $targets; do
  step "fuzz $t for ${seconds}s"
  mkdir -p "fuzz/corpus/$t"
  dict=()
  [ "$t" = query_report ] || dict=(-dict=fuzz/json.dict)
  log="fuzz/artifacts/$t.log"
  mkdir -p fuzz/artifacts
  # shellcheck disable=SC2086  # SPI_FUZZ_ARGS is a list of flags
  if ! nice cargo +nightly fuzz run -s none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1 \
      "${dict[@]}" ${SPI_FUZZ_ARGS:-} > "$log" 2>&1; then
    status=1
    grep -m1 -A3 -E 'panicked at|ERROR: libFuzzer' "$log" || true
    echo "(crash: input in fuzz/artifacts/$t/, full log in $log)"
  fi
  runs[$t]=$(awk '/stat::number_of_executed_units/ { n += $2 } END { print n + 0 }' "$log")
done

step "executions"
total=0
for t in $targets; do
  printf '%-14s %12d\n' "$t" "${runs[$t]}"
  total=$((total + runs[$t]))
done
printf '%-14s %12d\n' total "$total"
exit "$status"
