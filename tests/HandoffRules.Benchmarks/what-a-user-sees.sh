#!/usr/bin/env bash
# The performance targets as a user meets them: each command in a fresh process, timed with
# /usr/bin/time (wall clock, CPU, peak resident memory), run several times, and the printed output
# fingerprinted so two builds can be seen to print the same thing. Optionally against another
# build of the product, alternating (this, other, other, this, ...) so both meet the same minutes of
# the machine: on a shared machine the same build differs by 10-30% from one minute to the next, more
# than most changes are worth.
#
# Before each run the page cache is written back (sync) and the machine left alone for a moment: a
# run that follows one that wrote a large log otherwise pays for writing it back.
#
# Usage: tests/HandoffRules.Benchmarks/what-a-user-sees.sh [--runs N] [--against DIR] [--scale F] [rows...]
#   rows:      run, week, report, routing, routing-out (default: run week report routing)
#                run          handoff generate --leads 100000, then handoff run --input leads.jsonl (SQLite, durable)
#                week         handoff simulate --days 7 --leads 250000 (the week and its report)
#                report       handoff report --db on a week's log (written once by each build, untimed; read
#                             once before each run, so the report meets it in the page cache)
#                routing      handoff simulate --routing-only --leads 1000000
#                routing-out  the same with --out decisions.jsonl
#   --runs N:    runs of each command per build (default 3).
#   --against D: a checkout of another commit, packed here in Release; its runs alternate with this build's.
#   --scale F:   multiply every lead count by F (0.01 checks the script in seconds).
# Each build is measured as the tool package a user installs on this machine (see build() below).
# HANDOFF_PAUSE sets the pause before each run in seconds (default 5).
set -euo pipefail

runs=3
against=
scale=1
rows=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --against) against=$(cd "$2" && pwd); shift 2 ;;
        --scale) scale=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        run|week|report|routing|routing-out) rows+=("$1"); shift ;;
        *) echo "unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ ${#rows[@]} -gt 0 ] || rows=(run week report routing)

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t handoff-user-sees-XXXXXX)
trap 'rm -rf "$work"' EXIT
leads() { awk -v n="$1" -v f="$scale" 'BEGIN { v = int(n * f); print (v < 1 ? 1 : v) }'; }

# Each build as a user installs it: packed, then the tool's package for this machine unpacked as
# 'dotnet tool install' unpacks it (HandoffRules.Tool.linux-x64, compiled ahead of time, on Linux
# x64; HandoffRules.Tool.any elsewhere; the one package of a build from before there was a package
# per platform). Unpacked, not installed: two builds of one version would share NuGet's cached copy.
build() {
    local feed="$work/packages-$2" tool="$work/tool-$2" rid candidate package=
    dotnet pack "$1/src/HandoffRules.Cli" -c Release -nodeReuse:false -v quiet -nologo -o "$feed" >/dev/null
    rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
    for candidate in "$feed/HandoffRules.Tool.$rid".[0-9]*.nupkg "$feed"/HandoffRules.Tool.any.[0-9]*.nupkg "$feed"/HandoffRules.Tool.[0-9]*.nupkg; do
        if [ -f "$candidate" ]; then package=$candidate; break; fi
    done
    unzip -q "$package" -d "$tool"
    echo "$(basename "$package") unpacked for the $2 build" >&2
    ls "$tool"/tools/net*/*/handoff.dll
}

builds=(this)
declare -A dll=([this]=$(build "$root" this))
if [ -n "$against" ]; then
    builds+=(other)
    dll[other]=$(build "$against" other)
fi

# A host listens on a free port of its own, so nothing else on the machine is in the way.
export Handoff__Urls=http://127.0.0.1:0
cd "$work"

# One timed run: prints "wall cpu peak-MB fingerprint". The fingerprint is the sha1 of what the
# command printed, with the names of this run's own files masked; a host's log lines carry the wall
# clock, so for `run` it is the sha1 of the leads and decisions stored instead.
timed() {
    local build=$1 row=$2 db="$work/$1.db" out="$work/$1.out"
    rm -f "$db" "$db"-* decisions.jsonl
    sync
    sleep "${HANDOFF_PAUSE:-5}"
    # A report usually reads a log its host has just been writing, so it is measured with the log in
    # the page cache. Read cold, the time is mostly the disk's, and on a machine whose page cache does
    # not keep both builds' logs (800 MB each) between their turns every run would read cold.
    if [ "$row" = report ]; then cat "week-$build.db" >/dev/null; fi
    case $row in
        run) set -- run --input leads.jsonl --db "$db" ;;
        week) set -- simulate --days 7 --leads "$(leads 250000)" --seed 7 --db "$db" ;;
        report) set -- report --db "week-$build.db" ;;
        routing) set -- simulate --routing-only --leads "$(leads 1000000)" --seed 7 ;;
        routing-out) set -- simulate --routing-only --leads "$(leads 1000000)" --seed 7 --out decisions.jsonl ;;
    esac
    if ! /usr/bin/time -f '%e %U %S %M' -o time.txt dotnet "${dll[$build]}" "$@" >"$out" 2>&1; then
        echo "handoff $* failed with the $build build:" >&2
        tail -n 20 "$out" >&2
        exit 1
    fi
    read -r wall user system peak <time.txt
    local print
    if [ "$row" = run ]; then
        print=$(python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT lead_id, outcome, status, stage, queue, member, lead, decision FROM leads ORDER BY lead_id")
print("\n".join(repr(r) for r in rows))' "$db" | sha1sum | cut -c1-8)
    elif [ "$row" = routing-out ]; then
        print=$(cat "$out" decisions.jsonl | sed "s|$work/||g" | sha1sum | cut -c1-8)
    else
        print=$(sed "s|$work/||g; s|week-$build\.db|week.db|g; s|$build\.db|handoff.db|g" "$out" | sha1sum | cut -c1-8)
    fi
    echo "$wall $(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.1f", u + s }') $((peak / 1024)) $print"
}

# min–max (median) of one column of the runs; one value when they all agree.
spread() {
    sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        if (v[1] == v[NR]) printf "%s", v[1]; else printf "%s–%s (%s)", v[1], v[NR], m }'
}

declare -A results=()
for row in "${rows[@]}"; do
    case $row in
        run) dotnet "${dll[this]}" generate --leads "$(leads 100000)" --seed 7 --out leads.jsonl ;;
        report)
            for b in "${builds[@]}"; do
                [ -f "week-$b.db" ] || dotnet "${dll[$b]}" simulate --days 7 --leads "$(leads 250000)" --seed 7 --db "week-$b.db" >/dev/null
            done ;;
    esac

    for i in $(seq 1 "$runs"); do
        # this, other, other, this, ...: each build goes first as often as second.
        order=("${builds[@]}")
        if [ $((i % 2)) = 0 ] && [ ${#builds[@]} = 2 ]; then order=(other this); fi
        for b in "${order[@]}"; do
            line=$(timed "$b" "$row")
            echo "$row, $b build, run $i: wall ${line%% *} s (wall, CPU s, peak MB, output: $line)" >&2
            results[$row.$b]+="$line"$'\n'
        done
    done
done

echo "| command | build | wall (s) | CPU (s) | peak RSS (MB) | output |"
echo "|---|---|---:|---:|---:|---|"
for row in "${rows[@]}"; do
    for b in "${builds[@]}"; do
        data=${results[$row.$b]}
        echo "| $row | $b | $(cut -d' ' -f1 <<<"${data%$'\n'}" | spread) | $(cut -d' ' -f2 <<<"${data%$'\n'}" | spread) | $(cut -d' ' -f3 <<<"${data%$'\n'}" | spread) | $(cut -d' ' -f4 <<<"${data%$'\n'}" | sort -u | paste -sd' ') |"
    done
done
if printf '%s\n' "${rows[@]}" | grep -qx run; then
    echo
    lines=$(wc -l <leads.jsonl)
    for b in "${builds[@]}"; do
        data=${results[run.$b]}
        echo "run, $b build: $lines leads, $(cut -d' ' -f1 <<<"${data%$'\n'}" | awk -v n="$lines" '{ printf "%.0f\n", n / $1 }' | spread) leads/s"
    done
fi
