#!/usr/bin/env bash
# A backtest on real history as a user meets it: a real SQLite event log written by `handoff run`
# from `handoff generate` leads, then `plan`, `coverage` and `simulate --routing-only` on it (and
# `plan --leads` on the file) in fresh processes, each timed with /usr/bin/time -v for its wall
# clock and peak resident memory. The log is written once with Handoff__DurableCommits=false (how it
# is written is not what is measured). The baseline rules are the same sample playbook, so the
# backtest does all its work (both playbooks route every lead) and finds no change. The last row fits
# a week to the log (`simulate --like`) and simulates 1,000 leads with it.
#
# Usage: tests/HandoffRules.Benchmarks/backtest-history.sh [leads]
#   leads: historical leads (default 100000).
set -euo pipefail

leads=${1:-100000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t handoff-backtest-XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/HandoffRules.Cli" -c Release -nodeReuse:false -v quiet -nologo >/dev/null
dll="$root/src/HandoffRules.Cli/bin/Release/net10.0/handoff.dll"
rules="$root/src/HandoffRules.Cli/bin/Release/net10.0/Acme.Rules.dll"
handoff() { dotnet "$dll" "$@"; }

cd "$work"
handoff generate --leads "$leads" --seed 7 --out leads.jsonl
start=$(date +%s.%N)
Handoff__Urls=http://127.0.0.1:0 Handoff__DurableCommits=false handoff run --input leads.jsonl --db handoff.db >run.log 2>&1
echo "log written in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s: $(du -h handoff.db | cut -f1)"

measure() {
    /usr/bin/time -v dotnet "$dll" "$@" >out.txt 2>time.txt || [ $? -eq 2 ]
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' time.txt | awk '{ print $NF }')
    rss=$(grep 'Maximum resident set size' time.txt | awk '{ printf "%.0f MB", $NF / 1024 }')
    local shown="$*"
    echo "| \`handoff ${shown//$rules/old.dll}\` | $wall | $rss |"
}

echo "| command | wall | peak RSS |"
echo "|---|---|---|"
measure plan --history handoff.db
measure plan --history handoff.db --baseline-rules "$rules"
measure coverage --history handoff.db
measure simulate --routing-only --history handoff.db
measure plan --leads leads.jsonl --baseline-rules "$rules"
measure simulate --like handoff.db --leads 1000
