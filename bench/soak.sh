#!/usr/bin/env bash
# The soak test (not part of the test run): the real suite on loopback (SQLite, sample data,
# rate limits off) under mixed reads and writes from bench/CuKhoi.Soak for SOAK_SECONDS,
# while a random host (a service or the gateway) is stopped every SOAK_RESTART_EVERY
# seconds, with SIGTERM or SIGKILL at random, and started again. Then every host is brought
# back and the driver checks that nothing acknowledged was lost or duplicated: every keyed
# create replayed gives its record exactly once, view counts are never above what was
# attempted nor below what was acknowledged (less the ≤ 100 ms buffer a kill -9 of the
# articles service takes with it). Errors are reported by kind.
#
#   bench/soak.sh                       # 10 minutes
#   SOAK_SECONDS=60 bench/soak.sh       # a short one
# Bounds: SOAK_SECONDS (600), SOAK_MAX_REQUESTS (2000000), SOAK_CONCURRENCY (8),
# SOAK_RESTART_EVERY (20 s), SOAK_SEED (random). SOAK_KEEP=1 keeps the temp folder.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=soak
START_TIMEOUT=90
SECONDS_TOTAL=${SOAK_SECONDS:-600}
MAX_REQUESTS=${SOAK_MAX_REQUESTS:-2000000}
CONCURRENCY=${SOAK_CONCURRENCY:-8}
RESTART_EVERY=${SOAK_RESTART_EVERY:-20}
RANDOM=${SOAK_SEED:-$$}
CONFIGURATION=Release
HOSTS=(articles dvkmodels contests gateway)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cukhoi-soak.XXXXXX")
cleanup() {
    [[ -n ${RESTARTER:-} ]] && kill "$RESTARTER" 2>/dev/null && wait "$RESTARTER" 2>/dev/null
    local name
    for name in "${HOSTS[@]}"; do [[ -f $WORK/$name.pid ]] && stop "$(cat "$WORK/$name.pid")"; done
    if [[ ${SOAK_KEEP:-0} == 1 ]]; then log "soak: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() { log "soak: $*"; exit 1; }
command -v curl >/dev/null || fail "curl is required"

declare -A PROJECT=([articles]=services/CuKhoi.Articles [dvkmodels]=services/CuKhoi.DvkModels
    [contests]=services/CuKhoi.Contests [gateway]=gateway/CuKhoi.Gateway [soak]=bench/CuKhoi.Soak)
dll_of() { echo "$ROOT/${PROJECT[$1]}/bin/$CONFIGURATION/net10.0/${PROJECT[$1]##*/}.dll"; }
for name in "${HOSTS[@]}" soak; do
    log "soak: building ${PROJECT[$name]} ($CONFIGURATION)"
    dotnet build "$ROOT/${PROJECT[$name]}" -c "$CONFIGURATION" -nologo -v q >"$WORK/build-$name.log" 2>&1 \
        || { tail -n 30 "$WORK/build-$name.log" >&2; fail "build of ${PROJECT[$name]} failed"; }
done

TOKEN=$(secret soak-internal)
ADMIN_KEY=$(secret soak-admin)
read -r -d '' P_ARTICLES P_DVK P_CONTESTS P_REST P_GRPC < <(free_ports 5) || true
[[ -n $P_GRPC ]] || fail "could not find five free loopback ports"
declare -A PORT=([articles]=$P_ARTICLES [dvkmodels]=$P_DVK [contests]=$P_CONTESTS [gateway]=$P_REST)
GW="http://127.0.0.1:$P_REST"

# Starts host $1 (its settings below); its pid goes to $WORK/$1.pid, its output to $1.log.
start() {
    local name=$1 dll settings=()
    dll=$(dll_of "$name")
    case $name in
        gateway) settings=("ConnectionStrings__Default=Data Source=$WORK/gateway.db" "CUKHOI_ADMIN_KEY=$ADMIN_KEY" RateLimiting__Enabled=false
            "Kestrel__Endpoints__Rest__Url=http://127.0.0.1:$P_REST" "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_GRPC"
            "Services__Articles__Address=http://127.0.0.1:$P_ARTICLES" "Services__DvkModels__Address=http://127.0.0.1:$P_DVK"
            "Services__Contests__Address=http://127.0.0.1:$P_CONTESTS") ;;
        contests) settings=("ConnectionStrings__Default=Data Source=$WORK/$name.db" Seed__Sample=true
            "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_CONTESTS" "Services__DvkModels__Address=http://127.0.0.1:$P_DVK") ;;
        *) settings=("ConnectionStrings__Default=Data Source=$WORK/$name.db" Seed__Sample=true
            "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:${PORT[$name]}") ;;
    esac
    (
        cd "$WORK"
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$(dirname "$dll")" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false
        export Internal__Token="$TOKEN" Database__Provider=sqlite
        local setting
        for setting in "${settings[@]}"; do export "${setting?}"; done
        # dotnet's own pid (signals go to it), and its exit status once it ends.
        rm -f "$WORK/$name.exit"
        dotnet "$dll" >>"$WORK/$name.log" 2>&1 &
        echo $! >"$WORK/$name.pid"
        { wait $! && echo 0 >"$WORK/$name.exit" || echo $? >"$WORK/$name.exit"; } 2>/dev/null
    ) &
    local i
    for ((i = 0; i < 100; i++)); do [[ -s $WORK/$name.pid ]] && break; sleep 0.01; done
    wait_listening "$(cat "$WORK/$name.pid")" "${PORT[$name]}" "$name"
}

ready() {
    local i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        curl -fsS --max-time 1 "$GW/readyz" 2>/dev/null | grep -q '"READY"' && return 0
        sleep 0.1
    done
    fail "the suite was not READY within ${START_TIMEOUT}s"
}

log "soak: starting the suite in $WORK"
for name in "${HOSTS[@]}"; do start "$name"; done
ready

# The restarter: every RESTART_EVERY seconds one host, TERM or KILL, then started again.
# Its lines (elapsed seconds, host, signal, exit status, seconds down) go to restarts.log.
(
    trap 'exit 0' TERM
    t0=$SECONDS
    while sleep "$RESTART_EVERY"; do
        name=${HOSTS[RANDOM % ${#HOSTS[@]}]}
        signal=$([[ $((RANDOM % 2)) == 0 ]] && echo TERM || echo KILL)
        pid=$(cat "$WORK/$name.pid")
        down=$SECONDS
        rm -f "$WORK/$name.pid"
        kill "-$signal" "$pid" 2>/dev/null || true
        while [[ ! -s $WORK/$name.exit ]]; do sleep 0.05; done
        status=$(cat "$WORK/$name.exit")
        start "$name" || exit 1
        echo "$((down - t0)) $name $signal exit=$status down=$((SECONDS - down))s" >>"$WORK/restarts.log"
    done
) &
RESTARTER=$!

log "soak: load for ${SECONDS_TOTAL}s (at most $MAX_REQUESTS requests, $CONCURRENCY at a time), a restart every ${RESTART_EVERY}s"
LOAD_OUT=$(dotnet "$(dll_of soak)" load --gateway "$GW" --admin-key "$ADMIN_KEY" --state "$WORK/state.json" \
    --seconds "$SECONDS_TOTAL" --max-requests "$MAX_REQUESTS" --concurrency "$CONCURRENCY") || fail "the load phase failed"
kill "$RESTARTER" 2>/dev/null || true
wait "$RESTARTER" 2>/dev/null || true
RESTARTER=

# Every host up again (a restart may have been half-way) before the check.
for name in "${HOSTS[@]}"; do
    kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null || start "$name"
done
ready

killed=()
grep -q ' articles KILL ' "$WORK/restarts.log" 2>/dev/null && killed=(--articles-killed)
VERIFY_OUT=$(dotnet "$(dll_of soak)" verify --gateway "$GW" --state "$WORK/state.json" "${killed[@]}") && verdict=0 || verdict=$?

echo "soak: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${SECONDS_TOTAL}s, concurrency $CONCURRENCY, a restart every ${RESTART_EVERY}s"
echo "restarts (elapsed s, host, signal, exit status, time down):"
sed 's/^/  /' "$WORK/restarts.log" 2>/dev/null || echo "  none"
for name in "${HOSTS[@]}"; do
    printf '  %-10s TERM %s (exit 0: %s), KILL %s\n' "$name" \
        "$(grep -c " $name TERM " "$WORK/restarts.log" 2>/dev/null || true)" \
        "$(grep -c " $name TERM exit=0 " "$WORK/restarts.log" 2>/dev/null || true)" \
        "$(grep -c " $name KILL " "$WORK/restarts.log" 2>/dev/null || true)"
done
echo "$LOAD_OUT"
echo "$VERIFY_OUT"
exit "$verdict"
