#!/usr/bin/env bash
# Throughput of `handoff run` as a user runs it: `handoff generate`, then `handoff run` in fresh
# processes, each until its file is committed and it exits. PostgreSQL with one host and with three
# hosts (each reading a third of the leads from its own file) on one database, and SQLite for
# comparison. Durable commits everywhere: the host's default (synchronous_commit on for PostgreSQL,
# synchronous=FULL for SQLite) on a throwaway PostgreSQL cluster with fsync on, started here with
# initdb/pg_ctl in a temp folder on a free loopback port and removed afterwards.
#
# Usage: tests/HandoffRules.Benchmarks/postgres-throughput.sh [leads] [runs]
#   leads: leads per measurement (default 30000); runs: measurements per setup (default 3; the median is reported).
# Needs the PostgreSQL server binaries (HANDOFF_POSTGRES_BIN, pg_config --bindir, or /usr/lib/postgresql/*/bin).
# As root, the server runs as the postgres user.
set -euo pipefail

leads=${1:-30000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t handoff-throughput-XXXXXX)
bin=${HANDOFF_POSTGRES_BIN:-$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$work/pg"
chmod 755 "$work"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work/pg"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap 'rm -rf "$work"' EXIT
as_postgres "$bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
as_postgres "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
trap 'as_postgres "$bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; rm -rf "$work"' EXIT
psql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

dotnet build "$root/src/HandoffRules.Cli" -c Release -nodeReuse:false -v quiet -nologo >/dev/null
handoff() { dotnet "$root/src/HandoffRules.Cli/bin/Release/net10.0/handoff.dll" "$@"; }

# Every host listens on a free port of its own, so nothing else on the machine is in the way.
export Handoff__Urls=http://127.0.0.1:0

cd "$work"
handoff generate --leads "$leads" --seed 7 --out leads.jsonl
split -n l/3 -d --additional-suffix=.jsonl leads.jsonl part-
lines=$(wc -l < leads.jsonl)

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rate() { awk -v n="$lines" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

measure() {
    local name=$1 hosts=$2 store=$3 times=() run start end db
    for run in $(seq 1 "$runs"); do
        if [ "$store" = postgres ]; then
            psql -d postgres -c "CREATE DATABASE ${name}_$run"
            db="postgres://postgres@127.0.0.1:$port/${name}_$run"
        else
            db="$work/${name}_$run.db"
        fi
        start=$(date +%s.%N)
        if [ "$hosts" = 1 ]; then
            handoff run --input leads.jsonl --db "$db" >"$name-$run.log" 2>&1
        else
            # Three hosts at once, each exiting once its file is committed.
            local pids=()
            for part in part-00.jsonl part-01.jsonl part-02.jsonl; do
                handoff run --input "$part" --db "$db" >"$name-$run-$part.log" 2>&1 &
                pids+=($!)
            done
            for pid in "${pids[@]}"; do wait "$pid"; done
        fi
        end=$(date +%s.%N)
        if [ "$store" = postgres ]; then
            taken=$(psql -d "${name}_$run" -c "SELECT COUNT(*) FROM inputs")
            [ "$taken" -ge "$lines" ] || echo "warning: $name run $run recorded $taken inputs for $lines lines" >&2
        fi
        times+=("$(seconds "$start" "$end")")
    done
    local best
    best=$(printf '%s\n' "${times[@]}" | median)
    printf '| %s | %s leads/s | %s s (runs: %s) |\n' "$4" "$(rate "$best")" "$best" "$(printf '%s ' "${times[@]}" | sed 's/ $//')"
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Leads: $lines per measurement (handoff generate --leads $leads --seed 7), median of $runs runs, timed from process start to exit."
echo
echo "| command | throughput | wall time |"
echo "|---|---|---|"
measure sqlite 1 sqlite '`handoff run --input leads.jsonl --db handoff.db` (SQLite, 1 host)'
measure pg1 1 postgres '`handoff run --input leads.jsonl --db postgres://…` (PostgreSQL, 1 host)'
measure pg3 3 postgres '3 × `handoff run --input part-N.jsonl --db postgres://…` at once (PostgreSQL, 3 hosts, a third of the leads each)'
