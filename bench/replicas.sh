#!/usr/bin/env bash
# The effect of a second articles replica behind the gateway, side by side in one run:
# two articles processes on one SQLite file (sample data), gateway A reaching only the
# first, gateway B balancing over both (Services__Articles__Addresses__0/1). wrk reads
# the sample article through A and B in turn, BENCH_ROUNDS times (3) for BENCH_DURATION
# seconds (10) each, and prints req/s per round, the ranges and the ratio B/A, with how the
# requests split between the two replicas (from their CPU time).
#   bench/replicas.sh
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=replicas
START_TIMEOUT=90
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONFIGURATION=Release
SLUG=phuong-cu-khoi-to-chuc-hoi-nghi-tong-ket-cong-tac-dan-van-kiem-tra-giam-sat-nam-2020
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

PIDS=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cukhoi-replicas.XXXXXX")
cleanup() {
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop "${PIDS[i]}"; done
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { log "replicas: $*"; exit 1; }
command -v wrk >/dev/null || fail "wrk is required (apt-get install wrk)"

declare -A PROJECT=([articles]=services/CuKhoi.Articles [gateway]=gateway/CuKhoi.Gateway)
build_projects articles gateway

TOKEN=$(secret bench-internal)
read -r -d '' P_A1 P_A2 P_GA P_GAG P_GB P_GBG P_NONE < <(free_ports 7) || true
[[ -n $P_NONE ]] || fail "could not find seven free loopback ports"
declare -A PID=()

start_listening() { # name project port-to-wait KEY=VALUE...
    local name=$1 project=$2 port=$3
    shift 3
    start_host "$name" "$project" "$@"
    wait_listening "${PID[$name]}" "$port" "$name"
}

DB="$WORK/articles.db"
# The first replica migrates and loads the sample; the second then opens the same file.
start_listening articles-1 articles "$P_A1" "ConnectionStrings__Default=Data Source=$DB" Seed__Sample=true "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_A1"
start_listening articles-2 articles "$P_A2" "ConnectionStrings__Default=Data Source=$DB" Seed__Sample=true "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_A2"
common=(RateLimiting__Enabled=false "Services__DvkModels__Address=http://127.0.0.1:$P_NONE" "Services__Contests__Address=http://127.0.0.1:$P_NONE")
start_listening gateway-a gateway "$P_GA" "ConnectionStrings__Default=Data Source=$WORK/gateway-a.db" "${common[@]}" \
    "Kestrel__Endpoints__Rest__Url=http://127.0.0.1:$P_GA" "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_GAG" \
    "Services__Articles__Address=http://127.0.0.1:$P_A1"
start_listening gateway-b gateway "$P_GB" "ConnectionStrings__Default=Data Source=$WORK/gateway-b.db" "${common[@]}" \
    "Kestrel__Endpoints__Rest__Url=http://127.0.0.1:$P_GB" "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_GBG" \
    "Services__Articles__Addresses__0=http://127.0.0.1:$P_A1" "Services__Articles__Addresses__1=http://127.0.0.1:$P_A2"

for port in "$P_GA" "$P_GB"; do
    curl -fsS --max-time 10 "http://127.0.0.1:$port/api/v1/articles/$SLUG" >/dev/null || fail "gateway on $port cannot read the sample article"
done

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
rps() { wrk -t1 -c32 -d"${DURATION}s" "http://127.0.0.1:$1/api/v1/articles/$SLUG" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'; }

A=() B=() SPLIT=()
for ((round = 1; round <= ROUNDS; round++)); do
    wrk -t1 -c32 -d2s "http://127.0.0.1:$P_GA/api/v1/articles/$SLUG" >/dev/null # warm-up
    A+=("$(rps "$P_GA")")
    t1=$(ticks "${PID[articles-1]}") t2=$(ticks "${PID[articles-2]}")
    B+=("$(rps "$P_GB")")
    d1=$(($(ticks "${PID[articles-1]}") - t1)) d2=$(($(ticks "${PID[articles-2]}") - t2))
    SPLIT+=("$(awk -v a="$d1" -v b="$d2" 'BEGIN { printf "%.0f/%.0f", 100 * a / (a + b), 100 * b / (a + b) }')")
    log "replicas: round $round: one replica ${A[-1]} req/s, two ${B[-1]} req/s (CPU split ${SPLIT[-1]} %)"
done

range() { printf '%s\n' "$@" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%d-%d", lo, hi }'; }
mean() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.0f", s / NR }'; }
echo "replicas: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t1 -c32 ${DURATION}s x $ROUNDS rounds, GET /api/v1/articles/{slug}"
echo "  one articles replica:  $(range "${A[@]}") req/s (rounds: ${A[*]})"
echo "  two articles replicas: $(range "${B[@]}") req/s (rounds: ${B[*]}); CPU split between them: ${SPLIT[*]} %"
echo "  ratio two/one (means): $(awk -v a="$(mean "${A[@]}")" -v b="$(mean "${B[@]}")" 'BEGIN { printf "%.2f", b / a }')"
