#!/usr/bin/env bash
# Dumps the reports of 15 queries over the benchmark datasets (and the real exports, when
# ../shared is beside the checkout) with the native CLI, so that a refactor can be checked
# byte for byte against the build before it:
#
#   bash scripts/compare-reports.sh dump DIR      # writes DIR/<dataset>.<query>.json
#   bash scripts/compare-reports.sh compare A B   # exits 1 naming every report that differs
#
# Data: `spi generate --seed 1` at 10k full and 100k deals-only (benches/data/, git-ignored,
# generated once), as `npm run bench` uses.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

queries() {
  cat <<'EOF'
default	{}
all-q1	{"from":"2026-01-01","to":"2026-04-01","cadence":"month"}
owner	{"from":"2026-01-01","to":"2026-04-01","groupBy":["owner"]}
team-segment	{"from":"2025-07-01","to":"2026-01-01","groupBy":["team","segment"],"cadence":"week"}
persona-source	{"groupBy":["persona","source","enriched"]}
year	{"from":"2025-01-01","to":"2026-01-01","cadence":"quarter","compare":null}
as-of	{"from":"2026-01-01","to":"2026-04-01","asOf":"2026-03-03","groupBy":["owner"],"variants":{"fx":"at_creation","owner":"at_event"}}
strict	{"variants":{"stageConversion":"strict","pipelineCoverage":"total_quota"}}
adjacent	{"variants":{"stageConversion":"adjacent","pipelineCoverage":"mature"},"groupBy":["region"]}
to-win	{"variants":{"stageConversion":"to_win"},"cadence":"day","from":"2026-02-01","to":"2026-03-01"}
targets	{"targets":{"win_rate":{"min":0.3},"sales_cycle_days":{"max":60}}}
core	{"indicators":["win_rate","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion","deal_aging"],"groupBy":["owner"],"cadence":"month"}
flow	{"indicators":["pipeline_flow","pipeline_velocity","pipeline_coverage","forecast_accuracy"],"groupBy":["owner"]}
leads	{"indicators":["lead_to_opportunity_rate","rep_response_minutes","touches_to_meeting","engagement_rate","contact_match_rate"],"groupBy":["source"]}
latest-fx	{"variants":{"fx":"latest"},"groupBy":["team"],"cadence":"month","from":"2025-10-01","to":"2026-04-01"}
EOF
}

spi=target/release/spi

datasets() {
  mkdir -p benches/data
  [ -s benches/data/full-10k.json ] || "$spi" generate --deals 10000 --seed 1 > benches/data/full-10k.json
  [ -s benches/data/deals-100k.json ] || "$spi" generate --deals 100000 --seed 1 --deals-only > benches/data/deals-100k.json
  echo "full-10k benches/data/full-10k.json"
  echo "deals-100k benches/data/deals-100k.json"
  local real=../shared/data/real
  if [ -d "$real" ]; then
    echo "workshop $real/sfdc-assets-data-cloud-workshop/Opportunity.csv $real/sfdc-assets-data-cloud-workshop/Lead.csv $real/sfdc-assets-data-cloud-workshop/Account.csv"
    echo "devorg $real/sf-devorg-powerbi/Opportunity.csv $real/sf-devorg-powerbi/OpportunityHistory.csv $real/sf-devorg-powerbi/Lead.csv"
    echo "maven ../shared/data/maven_crm_sales_pipeline.csv"
  fi
}

dump() {
  local out="$1"
  cargo build --release --quiet --bin spi
  mkdir -p "$out"
  local tmp
  tmp="$(mktemp -d)"
  datasets | while read -r name files; do
    local args=()
    for f in $files; do args+=(--data "$f"); done
    queries | while IFS=$'\t' read -r q json; do
      printf '%s' "$json" > "$tmp/q.json"
      if ! "$spi" report "${args[@]}" --query "$tmp/q.json" > "$out/$name.$q.json" 2> "$tmp/err"; then
        # A refused query is part of the behaviour: keep its error (without the preset notes).
        grep '^{' "$tmp/err" > "$out/$name.$q.json" || true
      fi
    done
  done
  rm -rf "$tmp"
  echo "$(ls "$out" | wc -l) reports in $out"
}

compare() {
  local a="$1" b="$2" bad=0
  for f in "$a"/*.json; do
    local name
    name="$(basename "$f")"
    if ! cmp -s "$f" "$b/$name"; then
      echo "differs: $name"
      bad=1
    fi
  done
  [ "$(ls "$a" | wc -l)" = "$(ls "$b" | wc -l)" ] || { echo "report counts differ"; bad=1; }
  [ "$bad" = 0 ] && echo "all $(ls "$a" | wc -l) reports byte-identical"
  return "$bad"
}

case "${1:-}" in
  dump) dump "${2:?dump DIR}" ;;
  compare) compare "${2:?compare A B}" "${3:?compare A B}" ;;
  *) echo "usage: $0 dump DIR | compare A B" >&2; exit 2 ;;
esac
