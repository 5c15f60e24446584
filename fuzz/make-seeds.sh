#!/usr/bin/env bash
# Rebuilds the committed seed corpora in fuzz/seeds/ from the test fixtures and the generator.
# Run from anywhere; needs target/release/spi (`cargo build --release`). The seeds only give the
# fuzzers a start: libFuzzer's working corpora grow in fuzz/corpus/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{json_ingest,csv_ingest,query_report}

# json_ingest: the canonical fixtures, the CRM API responses, and small generated datasets.
cp tests/fixtures/small.json tests/fixtures/cli_deals.json tests/fixtures/beyond_history.json "$seeds/json_ingest/"
cp tests/fixtures/csv/*.json "$seeds/json_ingest/"
for s in 1 2 3 4; do target/release/spi generate --deals 3 --owners 2 --seed "$s" > "$seeds/json_ingest/generated-$s.json"; done

# csv_ingest: first byte = how to read (see fuzz_targets/csv_ingest.rs), then NUL-separated parts.
csv_seed() { # name, flags byte (octal), parts...
  local name=$1 flags=$2; shift 2
  { printf "\\$flags"; local first=1; for part in "$@"; do [ $first = 1 ] || printf '\0'; first=0; printf '%s' "$part"; done; } > "$seeds/csv_ingest/$name"
}
for f in tests/fixtures/csv/*.csv; do csv_seed "detect-$(basename "$f")" 000 "$(cat "$f")"; done
csv_seed maven-by-name 001 $'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nA,"Lee, Ann",p,"Acme; ""Intl""",Won,01-01-2017,10-02-2017,100\nB,Bo,p,acc,Lost,02-01-2017,11-02-2017,0\n'
csv_seed european-mapping 011 '{"preset": "salesforce", "decimalSeparator": ","}' $'Opportunity ID;Amount;Close Date;Won;Closed\n"A";"1.200,50 \xe2\x82\xac";31.01.2026;1;1\nB;"2.000";30.01.2026;0;1\n'
csv_seed activities-mapping 011 '{"kind": "activities", "fields": {"id": "Call ID", "at": "When", "owner": "Rep", "leadId": "Lead"}}' $'Call ID\tWhen\tRep\tLead\nX1\t2026-01-02T10:00:00Z\tAnn\tL1\nX2\t2026-01-03T10:00:00Z\tAnn\tL2\n'
csv_seed full-mapping 012 '{"preset": "salesforce", "kind": "deals", "separator": ";", "fields": {"amount": ["Amount", "Amount (converted)"], "owner": "Opportunity Owner"}, "attributes": {"industry": "Industry"}, "dateFormat": "DD/MM/YYYY", "datesUtc": false, "decimalSeparator": ",", "thousandsSeparator": ".", "currency": "EUR", "stages": [{"label": "Closed Won", "id": "closed_won", "kind": "won"}], "statusValues": {"won": ["Won"], "lost": ["Lost"], "open": ["Open"], "skip": ["Deleted"]}, "history": {"prefix": "Date entered "}}' $'Opportunity ID;Opportunity Owner;Amount;Industry;Stage;Close Date;Created Date;Date entered Closed Won\nO1;Ann;1.234,5;saas;Closed Won;03/02/2026;01/01/2026;03/02/2026\nO2;Bo;99;;Open;28/02/2026;15/01/2026;\nTotal;;;;;;;\n'
csv_seed leads-canonical 012 '{"kind": "leads"}' $'id,created_at,qualified_at,converted_at,deal_id,source\nL1,2026-01-02,2026-01-05,2026-01-10,D1,web\nL2,2026-01-03,,,,web\n'
csv_seed builder-settings 020 '{"settings": {"currency": "EUR", "timeZone": "+02:00", "fiscalYearStartMonth": 2}, "fx": {"USD": 0.9}, "stages": [{"id": "s1", "order": 1, "kind": "open"}]}' $'id,createdAt,closedAt,status,amount,currency,leadId\nD1,2026-01-10,2026-02-01,won,500,USD,L1\nD2,2026-01-11,,open,70,EUR,\n'
csv_seed builder-api 020 "$(cat tests/fixtures/csv/hubspot_api.json)" "$(cat tests/fixtures/csv/hubspot_deals.csv)"

# query_report: structured input (the arbitrary crate), so any bytes will do: slices of a
# generated dataset give varied, reproducible ones.
for s in 1 2 3 4; do head -c $((s * 512)) "$seeds/json_ingest/generated-$s.json" 2>/dev/null > "$seeds/query_report/bytes-$s" || true; done
ls -l "$seeds"/*
