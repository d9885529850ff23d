#!/usr/bin/env bash
# The performance benchmark of the suite, in one command: builds Release, starts the real
# processes on loopback (rate limits off) next to the bare baseline (bench/CuKhoi.Bench.Bare),
# and measures, each variant interleaved BENCH_ROUNDS times (A B C … A B C …):
#   bare_read    GET  bare /articles/{id}                      wrk 1 thread × 32 connections
#   direct_grpc  GetArticle on the articles service            h2load 4 connections × 8 streams
#   gw_rest      GET  gateway /api/v1/articles/{id}            wrk 1 × 32
#   gw_grpc      GetArticle on the gateway's gRPC port         h2load 4 × 8
#   bare_search  GET  bare /search?q=dan van kheo              wrk 1 × 32
#   gw_search    GET  gateway /api/v1/articles?q=dan van kheo  wrk 1 × 32
#   gw_view      POST gateway /api/v1/articles/{id}:view       h2load --h1 32 connections, a fixed
#                number of requests (so every one is answered), then the count checked
# For each: saturated requests/s, then p50/p99/max latency at 50% of that round's saturated
# rate (h2load --rps with its clients started 1 ms apart, per-request log; the same
# connections and streams), CPU seconds per 1,000 requests of each process
# (utime+stime from /proc/<pid>/stat, the load tool as "client"), peak RSS of each process
# (VmHWM after clear_refs). Also: suite start to /readyz READY, idle RSS of each host, and an
# export of BENCH_EXPORT_RECORDS articles through the gateway (records/s, peak RSS, flat?).
# The sample article is the seed article, read by id (its id is asked of the gateway first).
#
# Loopback only, free ports (never 8080/8081/5101–5103), every wait bounded, stops what it
# started. Installs wrk, nghttp2-client (h2load), sqlite3 and curl with apt-get if missing.
# Knobs (env): BENCH_DURATION (seconds per window, 10), BENCH_ROUNDS (2), BENCH_WARMUP (3),
# BENCH_EXPORT_RECORDS (100000), BENCH_SETTLE (3, seconds before the first idle RSS and the
# after-load CPU), BENCH_IDLE_AT (10, seconds after READY of the idle RSS the target reads: the
# hosts hand start-up's memory back 6 s after they start), BENCH_KEEP=1
# (keep the temp folder). Summary: stdout and bench/results/run-<UTC time>.txt.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=bench
START_TIMEOUT=90
DURATION=${BENCH_DURATION:-10}; DURATION=${DURATION%s}
ROUNDS=${BENCH_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-3}; WARMUP=${WARMUP%s}
EXPORT_RECORDS=${BENCH_EXPORT_RECORDS:-100000}
SETTLE=${BENCH_SETTLE:-3}
IDLE_AT=${BENCH_IDLE_AT:-10}
CONFIGURATION=Release
SLUG=phuong-cu-khoi-to-chuc-hoi-nghi-tong-ket-cong-tac-dan-van-kiem-tra-giam-sat-nam-2020
QUERY='dan%20van%20kheo'
VARIANTS=(bare_read direct_grpc gw_rest gw_grpc bare_search gw_search gw_view)
HOSTS=(articles dvkmodels contests gateway)
PROCS=(bare "${HOSTS[@]}")
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$ROOT/bench/results/run-$STAMP.txt"
RUN_START=$SECONDS
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

PIDS=()
declare -A PID=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cukhoi-bench.XXXXXX")
cleanup() {
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop "${PIDS[i]}"; done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "bench: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() { log "bench: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]} > 0)); then
    [[ $EUID -eq 0 ]] || fail "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
    log "bench: installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is required"
CLK_TCK=$(getconf CLK_TCK)

# --- build -------------------------------------------------------------------------------
declare -A PROJECT=([bare]=bench/CuKhoi.Bench.Bare [articles]=services/CuKhoi.Articles [dvkmodels]=services/CuKhoi.DvkModels
    [contests]=services/CuKhoi.Contests [gateway]=gateway/CuKhoi.Gateway)
build_projects "${PROCS[@]}"

TOKEN=$(secret bench-internal)
ADMIN_KEY=$(secret bench-admin)
read -r -d '' P_BARE P_ARTICLES P_DVK P_CONTESTS P_REST P_GRPC P_XARTICLES P_XREST P_XGRPC < <(free_ports 9) || true
[[ -n $P_XGRPC ]] || fail "could not find nine free loopback ports"

start_service() { # name port database [KEY=VALUE...]
    local name=$1 port=$2 db=$3
    shift 3
    start_host "$name" "$name" "ConnectionStrings__Default=Data Source=$db" Seed__Sample=true \
        "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$port" "$@"
}

start_gateway() { # name rest-port grpc-port articles-port database
    start_host "$1" gateway "ConnectionStrings__Default=Data Source=$5" "CUKHOI_ADMIN_KEY=$ADMIN_KEY" RateLimiting__Enabled=false \
        "Kestrel__Endpoints__Rest__Url=http://127.0.0.1:$2" "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$3" \
        "Services__Articles__Address=http://127.0.0.1:$4" "Services__DvkModels__Address=http://127.0.0.1:$P_DVK" \
        "Services__Contests__Address=http://127.0.0.1:$P_CONTESTS"
}

# --- the export database: the service's migrations make the schema, sqlite3 the rows --------
EXPORT_DB="$WORK/export-articles.db"
log "bench: making a database of $EXPORT_RECORDS articles for the export"
start_host articles-x articles "ConnectionStrings__Default=Data Source=$EXPORT_DB" Seed__Sample=false \
    "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_XARTICLES"
wait_listening "${PID[articles-x]}" "$P_XARTICLES" articles-x
stop "${PID[articles-x]}"
fill_started=$SECONDS
fill_articles "$EXPORT_DB" "$EXPORT_RECORDS"
log "bench: $(sqlite3 "$EXPORT_DB" "SELECT COUNT(*) FROM articles") articles inserted in $((SECONDS - fill_started)) s"

# --- machine -----------------------------------------------------------------------------
# The size of the CPU's largest cache as the kernel reports it (e.g. "32 MiB"), or "unknown".
largest_cache() {
    local f size best=0
    for f in /sys/devices/system/cpu/cpu0/cache/index*/size; do
        [[ -r $f ]] || continue
        size=$(tr -d 'K\n' <"$f")
        [[ $size =~ ^[0-9]+$ ]] && ((size > best)) && best=$size
    done
    if ((best > 0)); then echo "$((best / 1024)) MiB"; else echo unknown; fi
}
machine() {
    # The largest cache too: the GC sizes its young-generation budgets from it, so RSS under
    # load is only comparable between runs on machines with the same one.
    echo "machine: $(nproc) CPU, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, largest cache $(largest_cache)"
    echo "system:  $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), dotnet $(dotnet --version), $CONFIGURATION build"
    echo "tools:   $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $(h2load --version | head -n 1), $(sqlite3 --version | cut -d' ' -f1)"
    echo "data:    $(df -PT "$WORK" | awk 'NR == 2 { print $2 }') under $(dirname "$WORK")"
}
MACHINE=$(machine)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the suite: four processes, timed to /readyz READY ------------------------------------
ARTICLES_DB="$WORK/articles.db"
log "bench: starting the suite"
t0=$(date +%s%N)
start_service articles "$P_ARTICLES" "$ARTICLES_DB"
start_service dvkmodels "$P_DVK" "$WORK/dvkmodels.db"
start_service contests "$P_CONTESTS" "$WORK/contests.db" "Services__DvkModels__Address=http://127.0.0.1:$P_DVK"
start_gateway gateway "$P_REST" "$P_GRPC" "$P_ARTICLES" "$WORK/gateway.db"
GW="http://127.0.0.1:$P_REST"
ready=""
for ((i = 0; i < START_TIMEOUT * 20; i++)); do
    for name in "${HOSTS[@]}"; do
        kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 40 "$WORK/$name.log" >&2; fail "$name exited while starting"; }
    done
    if curl -fsS --max-time 1 "$GW/readyz" 2>/dev/null | grep -q '"READY"'; then ready=1; break; fi
    sleep 0.05
done
[[ -n $ready ]] || fail "the gateway's /readyz was not READY within ${START_TIMEOUT}s"
STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
log "bench: READY after $STARTUP_MS ms"
sleep "$SETTLE"
declare -A EARLY_KB=() IDLE_KB=()
for name in "${HOSTS[@]}"; do EARLY_KB[$name]=$(rss_kb "${PID[$name]}"); done
((IDLE_AT > SETTLE)) && sleep "$((IDLE_AT - SETTLE))"
for name in "${HOSTS[@]}"; do IDLE_KB[$name]=$(rss_kb "${PID[$name]}"); done

start_host bare bare "ConnectionStrings__Default=Data Source=$ARTICLES_DB" "ASPNETCORE_URLS=http://127.0.0.1:$P_BARE"
wait_listening "${PID[bare]}" "$P_BARE" bare
BARE="http://127.0.0.1:$P_BARE"

# --- the sample article and one checked call of every variant ------------------------------
ID=$(curl -fsS --max-time 10 "$GW/api/v1/articles/$SLUG" | grep -o '"id":"[0-9a-f]*"' | head -n 1 | cut -d'"' -f4) \
    || fail "GET /api/v1/articles/$SLUG through the gateway failed"
[[ ${#ID} -ge 16 ]] || fail "no id in the gateway's answer for $SLUG"
log "bench: sample article $ID"

# A gRPC message frame: 0 (not compressed), 4-byte big-endian length, GetArticleRequest { id = 1 }.
printf '\x00\x00\x00\x00'"\\x$(printf '%02x' $((${#ID} + 2)))"'\x0a'"\\x$(printf '%02x' "${#ID}")"'%s' "$ID" >"$WORK/get.grpc"
echo '{}' >"$WORK/view.json"
GRPC_PATH=/cukhoi.articles.v1.ArticleService/GetArticle
GRPC_HEADERS=(-H 'content-type: application/grpc' -H 'te: trailers')
DIRECT_HEADERS=(-H "x-cukhoi-internal-token: $TOKEN" -H 'x-cukhoi-principal: anonymous')

declare -A URL=(
    [bare_read]="$BARE/articles/$ID"
    [direct_grpc]="http://127.0.0.1:$P_ARTICLES$GRPC_PATH"
    [gw_rest]="$GW/api/v1/articles/$ID"
    [gw_grpc]="http://127.0.0.1:$P_GRPC$GRPC_PATH"
    [bare_search]="$BARE/search?q=$QUERY"
    [gw_search]="$GW/api/v1/articles?q=$QUERY"
    [gw_view]="$GW/api/v1/articles/$ID:view"
)
declare -A LABEL=(
    [bare_read]="bare read (REST)" [direct_grpc]="direct gRPC GetArticle" [gw_rest]="gateway REST read"
    [gw_grpc]="gateway gRPC GetArticle" [bare_search]="bare search" [gw_search]="gateway REST search"
    [gw_view]="gateway :view"
)
declare -A SHAPE=(
    [bare_read]="wrk 1x32 h1" [direct_grpc]="h2load 4x8 h2c" [gw_rest]="wrk 1x32 h1" [gw_grpc]="h2load 4x8 h2c"
    [bare_search]="wrk 1x32 h1" [gw_search]="wrk 1x32 h1" [gw_view]="h2load 32x1 h1"
)

# gRPC: one call through curl, which shows the trailers; prints the response size in bytes.
grpc_check() {
    local url=$1 headers
    shift
    headers=$(curl -sS --max-time 10 --http2-prior-knowledge -D - -o "$WORK/grpc-check.bin" -X POST "${GRPC_HEADERS[@]}" "$@" \
        --data-binary @"$WORK/get.grpc" "$url") || fail "gRPC call to $url failed"
    grep -qi '^grpc-status: 0' <<<"$headers" || fail "gRPC call to $url: $(grep -i '^grpc-' <<<"$headers" | tr '\r\n' '  ')"
    stat -c %s "$WORK/grpc-check.bin"
}
declare -A GRPC_BYTES=()
GRPC_BYTES[direct_grpc]=$(grpc_check "${URL[direct_grpc]}" "${DIRECT_HEADERS[@]}")
GRPC_BYTES[gw_grpc]=$(grpc_check "${URL[gw_grpc]}")
total_size() { curl -fsS --max-time 10 "$1" | grep -o '"totalSize":"\{0,1\}[0-9]*' | grep -o '[0-9]*$'; }
BARE_BYTES=$(curl -fsS --max-time 10 -o /dev/null -w '%{size_download}' "${URL[bare_read]}") || fail "bare GET failed"
GW_BYTES=$(curl -fsS --max-time 10 -o /dev/null -w '%{size_download}' "${URL[gw_rest]}") || fail "gateway GET by id failed"
BARE_TOTAL=$(total_size "${URL[bare_search]}") || fail "bare search failed"
GW_TOTAL=$(total_size "${URL[gw_search]}") || fail "gateway search failed"
[[ $BARE_TOTAL == "$GW_TOTAL" ]] || fail "the searches disagree: bare totalSize $BARE_TOTAL, gateway $GW_TOTAL"
curl -fsS --max-time 10 -X POST -H 'content-type: application/json' -d '{}' "${URL[gw_view]}" >/dev/null || fail "POST :view failed"
CHECKS="checks: gRPC grpc-status 0 (direct ${GRPC_BYTES[direct_grpc]} B, gateway ${GRPC_BYTES[gw_grpc]} B a call); REST read bare $BARE_BYTES B, gateway $GW_BYTES B; search totalSize $GW_TOTAL in both"
log "bench: $CHECKS"

# --- measuring ---------------------------------------------------------------------------
declare -A R=()      # R[round,variant,phase,key] = value   (phase: sat | lat)
declare -A T0=()
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
client_ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat"; }
calc() { awk "BEGIN { printf \"%s\", ($1) }"; }

# Before a window: CPU ticks of every process and of our finished children; peak RSS reset.
window_begin() {
    local name
    for name in "${PROCS[@]}"; do
        T0[$name]=$(ticks "${PID[$name]}")
        echo 5 >"/proc/${PID[$name]}/clear_refs"
    done
    T0[client]=$(client_ticks)
}

# After a window of $4 answered requests: CPU s per 1,000 requests and peak RSS of each.
window_end() {
    local key="$1,$2,$3" requests=$4 name
    for name in "${PROCS[@]}"; do
        R[$key,cpu_$name]=$(calc "($(ticks "${PID[$name]}") - ${T0[$name]}) / $CLK_TCK / ($requests > 0 ? $requests : 1) * 1000")
        R[$key,hwm_$name]=$(hwm_kb "${PID[$name]}")
    done
    R[$key,cpu_client]=$(calc "($(client_ticks) - ${T0[client]}) / $CLK_TCK / ($requests > 0 ? $requests : 1) * 1000")
}

# h2load's summary → "rps done ok bad data-bytes": every finished request that was not a
# 2xx (failed, reset, timed out or another status) is bad. The bytes are printed with %.0f:
# mawk's %d stops at 2^31 - 1, which a 10 s window of fast gRPC reads passes.
h2load_numbers() {
    awk '/^finished in/ { rps = $4 }
         /^requests:/ { done = $6 }
         /^status codes:/ { ok = $3 }
         /^traffic:/ { for (i = 1; i <= NF; i++) if ($i == "data") { d = $(i - 1); gsub(/[()]/, "", d) } }
         END { printf "%s %d %d %d %.0f\n", rps + 0, done, ok, done - ok, d }' "$1"
}

# A gRPC window answered with HTTP 200 can still carry errors in trailers: a short average
# message says so (errors have no message).
grpc_sane() {
    local v=$1 done=$2 bytes=$3
    [[ $done -gt 0 ]] || return 0
    if (($(calc "$bytes / $done < 0.95 * ${GRPC_BYTES[$v]}"))); then
        log "bench: WARNING: $v answered $(calc "$bytes / $done") B a call, ${GRPC_BYTES[$v]} B expected: gRPC errors in the window"
        echo 1
    else
        echo 0
    fi
}

# The load tool for one window of variant $1. sat: as fast as it goes (wrk for REST reads,
# h2load for gRPC; views a fixed count $4, so every request sent is answered and counted).
# lat: $4 requests at $3 req/s with h2load --rps and a per-request log ($WORK/lat.log); its
# clients start 1 ms apart (-r 1), so their request timers are out of phase and requests
# arrive spread out instead of in bursts of one per connection.
load() {
    local v=$1 phase=$2 rate=$3 count=$4 out="$WORK/load.out" limit=$((DURATION * 4 + 60)) args=()
    case $v in
        *_grpc) args=(-c 4 -m 8 -d "$WORK/get.grpc" "${GRPC_HEADERS[@]}")
            [[ $v == direct_grpc ]] && args+=("${DIRECT_HEADERS[@]}") ;;
        gw_view) args=(--h1 -c 32 -m 1 -d "$WORK/view.json" -H 'content-type: application/json') ;;
        *) args=(--h1 -c 32 -m 1) ;;
    esac
    if [[ $phase == lat ]]; then
        rm -f "$WORK/lat.log"   # h2load appends to it
        args+=(-n "$count" -r 1 --rate-period 1ms --rps "$(calc "$rate / $(connections "$v")")" --log-file "$WORK/lat.log")
    elif [[ $count -gt 0 ]]; then
        args+=(-n "$count")
    elif [[ $v == *_grpc || $v == gw_view ]]; then
        args+=(-D "$DURATION")
    fi
    if [[ $phase == sat && $v != *_grpc && $v != gw_view ]]; then
        timeout "$limit" wrk -t 1 -c 32 -d "${DURATION}s" --timeout 5s "${URL[$v]}" >"$out" 2>&1
    else
        timeout "$limit" h2load "${args[@]}" "${URL[$v]}" >"$out" 2>&1
    fi || { cat "$out" >&2; fail "the load tool failed for $v ($phase)"; }
}

connections() { if [[ $1 == *_grpc ]]; then echo 4; else echo 32; fi; }

# "rps ok bad" of the last window's output (wrk or h2load).
numbers() {
    local v=$1 phase=$2 out="$WORK/load.out"
    if [[ $phase == sat && $v != *_grpc && $v != gw_view ]]; then
        awk '/requests in/ { n = $1 } /^Requests\/sec:/ { rps = $2 }
             /Non-2xx or 3xx/ { bad += $NF } /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
             END { printf "%s %d %d\n", rps + 0, n - bad, bad }' "$out"
    else
        local rps done ok bad bytes
        read -r rps done ok bad bytes < <(h2load_numbers "$out")
        [[ $v == *_grpc ]] && (($(grpc_sane "$v" "$done" "$bytes"))) && bad=$((bad + 1))
        echo "$rps $ok $bad"
    fi
}

# p50, p99 and max (ms) of the per-request log (start µs, status, duration µs).
percentiles() {
    sort -n -k3,3 "$WORK/lat.log" | awk '{ d[NR] = $3 } END {
        if (NR == 0) { print "0 0 0"; exit }
        i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
        printf "%.2f %.2f %.2f\n", d[i50] / 1000, d[i99] / 1000, d[NR] / 1000 }'
}

view_count() { curl -fsS --max-time 5 "$GW/api/v1/articles/$ID" | grep -o '"viewCount":"\{0,1\}[0-9]*' | grep -o '[0-9]*$'; }

# The view count once it stops moving (a counter may buffer increments for ~100 ms):
# two reads 200 ms apart that agree, at most 5 s.
settled_views() {
    local before after i
    before=$(view_count)
    for ((i = 0; i < 25; i++)); do
        sleep 0.2
        after=$(view_count)
        [[ $after == "$before" ]] && { echo "$after"; return 0; }
        before=$after
    done
    log "bench: WARNING: the view count still moved after 5 s"
    echo "$after"
}

VIEW_RATE=1000   # the latest saturated :view rate, sizing the next fixed-count window
window() {
    local round=$1 v=$2 phase=$3 rate=${4:-0} count=0 views_before="" rps ok bad
    [[ $v == gw_view ]] && views_before=$(settled_views)
    # A view window sends a count sized by the last saturated rate; the warm-up has none
    # yet and runs by time (its count is not checked) to measure one.
    if [[ $phase == lat || ($v == gw_view && $round -gt 0) ]]; then
        local basis=$VIEW_RATE
        [[ $phase == lat ]] && basis=$rate
        count=$(calc "int($basis * $DURATION)")
        ((count >= 320)) || count=320
    fi
    window_begin
    load "$v" "$phase" "$rate" "$count"
    read -r rps ok bad < <(numbers "$v" "$phase")
    window_end "$round" "$v" "$phase" "$((ok + bad))"
    R[$round,$v,$phase,rps]=$rps
    R[$round,$v,$phase,bad]=$bad
    if [[ $phase == lat ]]; then
        read -r "R[$round,$v,$phase,p50]" "R[$round,$v,$phase,p99]" "R[$round,$v,$phase,max]" < <(percentiles)
        R[$round,$v,$phase,target]=$rate
    fi
    if [[ $v == gw_view ]]; then
        local views_after
        views_after=$(settled_views)
        R[$round,$v,$phase,ok]=$ok
        R[$round,$v,$phase,counted]=$((views_after - views_before))
        [[ $phase == sat ]] && VIEW_RATE=${rps%.*}
    fi
    log "bench: round $round $v $phase: $rps req/s, $bad not OK${R[$round,$v,$phase,p99]:+, p50 ${R[$round,$v,$phase,p50]} ms, p99 ${R[$round,$v,$phase,p99]} ms, max ${R[$round,$v,$phase,max]} ms}"
}

saved_duration=$DURATION
DURATION=$WARMUP
log "bench: warming up (${WARMUP}s a variant, not recorded)"
for v in "${VARIANTS[@]}"; do window 0 "$v" sat; done
DURATION=$saved_duration

for ((round = 1; round <= ROUNDS; round++)); do
    for v in "${VARIANTS[@]}"; do window "$round" "$v" sat; done
    for v in "${VARIANTS[@]}"; do window "$round" "$v" lat "$(calc "${R[$round,$v,sat,rps]} / 2")"; done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- idle after the load: what each host still burns and holds with no traffic ------------
declare -A IDLE_TICKS=() AFTER_KB=() IDLE_CPU=()
for name in "${HOSTS[@]}"; do IDLE_TICKS[$name]=$(ticks "${PID[$name]}"); done
sleep "$SETTLE"
for name in "${HOSTS[@]}"; do
    IDLE_CPU[$name]=$(calc "($(ticks "${PID[$name]}") - ${IDLE_TICKS[$name]}) / $CLK_TCK / $SETTLE * 100")
    AFTER_KB[$name]=$(rss_kb "${PID[$name]}")
done

# --- the export: its own articles service and gateway on the big database -----------------
log "bench: export of $EXPORT_RECORDS articles"
start_host articles-x articles "ConnectionStrings__Default=Data Source=$EXPORT_DB" Seed__Sample=false \
    "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$P_XARTICLES"
start_gateway gateway-x "$P_XREST" "$P_XGRPC" "$P_XARTICLES" "$WORK/gateway-x.db"
wait_listening "${PID[articles-x]}" "$P_XARTICLES" articles-x
wait_listening "${PID[gateway-x]}" "$P_XREST" gateway-x
declare -A X=()
for name in articles-x gateway-x; do X[start,$name]=$(hwm_kb "${PID[$name]}"); done

# Streams the export (since $2, or everything) to a counter that keeps nothing; sets X[$1,*].
export_run() {
    local label=$1 since=${2:-} url="http://127.0.0.1:$P_XREST/api/v1/articles:export" name started counted
    [[ -n $since ]] && url+="?since=$since"
    for name in articles-x gateway-x; do echo 5 >"/proc/${PID[$name]}/clear_refs"; done
    started=$(date +%s%N)
    counted=$(curl -sS --fail --no-buffer --max-time 900 -H "Authorization: Bearer $ADMIN_KEY" "$url" \
        | awk '/"article"/ { n++ } END { print n + 0 }') || fail "the export ($label) failed"
    X[$label,seconds]=$(calc "($(date +%s%N) - $started) / 1e9")
    X[$label,records]=$counted
    for name in articles-x gateway-x; do X[$label,$name]=$(hwm_kb "${PID[$name]}"); done
    log "bench: export $label: $counted records in ${X[$label,seconds]} s"
}
TENTH=$((EXPORT_RECORDS / 10))
export_run tenth "$(date -u -d "@$((FILL_BASE_MICROS / 1000000 + (EXPORT_RECORDS - TENTH) * 60))" +%Y-%m-%dT%H:%M:%SZ)"
export_run all
export_run again # the same pair once more: what a reporting job meets on a suite that has exported before
stop "${PID[gateway-x]}"; stop "${PID[articles-x]}"

# --- summary -----------------------------------------------------------------------------
# Over rounds 1..ROUNDS of R[r,$1,$2,$3]: "min max mean".
stats() {
    local r values=()
    for ((r = 1; r <= ROUNDS; r++)); do values+=("${R[$r,$1,$2,$3]:-0}"); done
    printf '%s\n' "${values[@]}" | awk 'NR == 1 { lo = hi = $1 } { s += $1; if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 }
        END { printf "%s %s %s\n", lo, hi, s / NR }'
}
range() { # "min-max" with $1 decimals (ASCII, so printf widths line up)
    local lo hi mean
    read -r lo hi mean < <(stats "${@:2}")
    awk -v lo="$lo" -v hi="$hi" -v d="$1" 'BEGIN { f = "%." d "f"; a = sprintf(f, lo); b = sprintf(f, hi); print (a == b ? a : a "-" b) }'
}
mean() { local lo hi m; read -r lo hi m < <(stats "$@"); echo "$m"; }
max_of() { local lo hi m; read -r lo hi m < <(stats "$@"); echo "$hi"; }
verdict() { if (($(calc "$1"))); then echo PASS; else echo FAIL; fi; }
FAILS=0
TARGETS=0
target() { # name measured condition
    local v
    v=$(verdict "$3")
    TARGETS=$((TARGETS + 1))
    [[ $v == PASS ]] || FAILS=$((FAILS + 1))
    printf '  %-58s %-34s %s\n' "$1" "$2" "$v"
}

summary() {
    local v r name
    echo "# CuKhoi.Services benchmark (bench/run.sh), $STAMP, commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' || echo ' + local changes')"
    echo "$MACHINE"
    echo "run:     $ROUNDS rounds interleaved, ${DURATION}s windows (warm-up ${WARMUP}s a variant), load average ${LOAD_START} at start, ${LOAD_END} at end; GC and logging as each host configures them"
    echo "$CHECKS"
    echo
    echo "## Throughput and latency (range over the rounds)"
    printf '%-24s %-15s %-16s %-12s %-12s %-12s %-7s %s\n' variant load "req/s saturated" "@50%: req/s" "p50 ms" "p99 ms" "max ms" "not OK"
    for v in "${VARIANTS[@]}"; do
        local bad=0
        for ((r = 1; r <= ROUNDS; r++)); do bad=$((bad + ${R[$r,$v,sat,bad]} + ${R[$r,$v,lat,bad]})); done
        printf '%-24s %-15s %-16s %-12s %-12s %-12s %-7s %s\n' "${LABEL[$v]}" "${SHAPE[$v]}" "$(range 0 "$v" sat rps)" \
            "$(range 0 "$v" lat rps)" "$(range 2 "$v" lat p50)" "$(range 2 "$v" lat p99)" "$(awk -v m="$(max_of "$v" lat max)" 'BEGIN { printf "%.1f", m }')" "$bad"
    done
    echo
    echo "## Cost while saturated: CPU seconds per 1,000 requests (mean of rounds), peak RSS MiB (max of rounds)"
    printf '%-24s %-8s %-8s %-9s %-9s | %-7s %-9s %s\n' variant client bare articles gateway bare articles gateway
    for v in "${VARIANTS[@]}"; do
        printf '%-24s %-8.3f %-8.3f %-9.3f %-9.3f | %-7s %-9s %s\n' "${LABEL[$v]}" "$(mean "$v" sat cpu_client)" "$(mean "$v" sat cpu_bare)" \
            "$(mean "$v" sat cpu_articles)" "$(mean "$v" sat cpu_gateway)" "$(mib "$(max_of "$v" sat hwm_bare)")" \
            "$(mib "$(max_of "$v" sat hwm_articles)")" "$(mib "$(max_of "$v" sat hwm_gateway)")"
    done
    echo
    echo "## Ratios of saturated req/s (same round)"
    printf '%-52s' ratio; for ((r = 1; r <= ROUNDS; r++)); do printf '%-10s' "round $r"; done; printf '%s\n' mean
    local -A ratio_mean=()
    local pair num den
    for pair in gw_rest/bare_read gw_grpc/bare_read direct_grpc/bare_read gw_search/bare_search gw_rest/direct_grpc gw_grpc/direct_grpc; do
        num=${pair%/*}; den=${pair#*/}
        printf '%-52s' "${LABEL[$num]} / ${LABEL[$den]}"
        local sum=0
        for ((r = 1; r <= ROUNDS; r++)); do
            local q
            q=$(calc "${R[$r,$num,sat,rps]} / (${R[$r,$den,sat,rps]} > 0 ? ${R[$r,$den,sat,rps]} : 1)")
            sum=$(calc "$sum + $q")
            printf '%-10.2f' "$q"
        done
        ratio_mean[$pair]=$(calc "$sum / $ROUNDS")
        printf '%.2f\n' "${ratio_mean[$pair]}"
    done
    echo
    echo "## Views (${LABEL[gw_view]}): acknowledged with 200 vs counted (settled count before and after each window)"
    local lost=0 twice=0 phase
    for ((r = 1; r <= ROUNDS; r++)); do
        for phase in sat lat; do
            local ok=${R[$r,gw_view,$phase,ok]} counted=${R[$r,gw_view,$phase,counted]}
            printf '  round %s %-4s %8s req/s  %7s acknowledged  %7s counted  %s not OK\n' "$r" "$phase" "${R[$r,gw_view,$phase,rps]}" "$ok" "$counted" "${R[$r,gw_view,$phase,bad]}"
            ((ok > counted)) && lost=$((lost + ok - counted))
            ((counted > ok)) && twice=$((twice + counted - ok))
        done
    done
    echo "  lost: $lost, counted twice (or counted though not acknowledged): $twice"
    echo
    echo "## Hosts: RSS MiB ${SETTLE}s and idle ${IDLE_AT}s after READY, peak under load (max over every window), idle after the load (RSS, CPU % over ${SETTLE}s); log written"
    local -A peak=()
    for name in "${HOSTS[@]}"; do
        peak[$name]=0
        for v in "${VARIANTS[@]}"; do
            for phase in sat lat; do
                local kb
                kb=$(max_of "$v" "$phase" "hwm_$name")
                ((kb > peak[$name])) && peak[$name]=$kb
            done
        done
        printf '  %-10s %ss %7s   idle %7s   peak under load %7s   after load %7s, CPU %5.1f %%   log %s KiB\n' "$name" "$SETTLE" "$(mib "${EARLY_KB[$name]}")" "$(mib "${IDLE_KB[$name]}")" \
            "$(mib "${peak[$name]}")" "$(mib "${AFTER_KB[$name]}")" "${IDLE_CPU[$name]}" "$(($(stat -c %s "$WORK/$name.log") / 1024))"
    done
    echo
    echo "## Export: GET /api/v1/articles:export through its own gateway + articles pair ($EXPORT_RECORDS articles)"
    local rate10 rate
    rate10=$(calc "${X[tenth,records]} / ${X[tenth,seconds]}")
    rate=$(calc "${X[all,records]} / ${X[all,seconds]}")
    printf '  %-8s %-9s %-9s %-10s %-24s %s\n' export records seconds records/s "peak RSS MiB: gateway" articles
    printf '  %-8s %-9s %-9.2f %-10.0f %-24s %s\n' "1/10" "${X[tenth,records]}" "${X[tenth,seconds]}" "$rate10" "$(mib "${X[tenth,gateway-x]}")" "$(mib "${X[tenth,articles-x]}")"
    printf '  %-8s %-9s %-9.2f %-10.0f %-24s %s\n' all "${X[all,records]}" "${X[all,seconds]}" "$rate" "$(mib "${X[all,gateway-x]}")" "$(mib "${X[all,articles-x]}")"
    printf '  %-8s %-9s %-9.2f %-10.0f %-24s %s\n' again "${X[again,records]}" "${X[again,seconds]}" "$(calc "${X[again,records]} / ${X[again,seconds]}")" "$(mib "${X[again,gateway-x]}")" "$(mib "${X[again,articles-x]}")"
    printf '  (the targets use "all", the fresh pair'"'"'s first full export; "again" is the same export once more, for information)\n'
    printf '  (once listening, before the exports: gateway %s MiB, articles %s MiB)\n' "$(mib "${X[start,gateway-x]}")" "$(mib "${X[start,articles-x]}")"
    echo
    echo "## Targets (req/s ratios: mean of the rounds' ratios; RSS in MiB)"
    target "gateway REST read >= 0.50 x bare" "$(printf '%.2f' "${ratio_mean[gw_rest/bare_read]}")" "${ratio_mean[gw_rest/bare_read]} >= 0.50"
    target "gateway gRPC read >= 0.55 x bare" "$(printf '%.2f' "${ratio_mean[gw_grpc/bare_read]}")" "${ratio_mean[gw_grpc/bare_read]} >= 0.55"
    target "direct gRPC read >= 0.9 x bare" "$(printf '%.2f' "${ratio_mean[direct_grpc/bare_read]}")" "${ratio_mean[direct_grpc/bare_read]} >= 0.9"
    local p99 worst
    for v in gw_rest gw_grpc; do
        p99=$(max_of "$v" lat p99); worst=$(max_of "$v" lat max)
        target "${LABEL[$v]}: p99 <= 5 ms at 50% (worst round)" "$p99 ms" "$p99 <= 5"
        target "${LABEL[$v]}: no request over 150 ms at 50%" "max $worst ms" "$worst <= 150"
    done
    target "search through gateway >= 0.5 x bare search" "$(printf '%.2f' "${ratio_mean[gw_search/bare_search]}")" "${ratio_mean[gw_search/bare_search]} >= 0.5"
    local views
    views=$(mean gw_view sat rps)
    target ":view through gateway >= 5,000/s (mean)" "$(printf '%.0f/s' "$views")" "$views >= 5000"
    target ":view: none lost, none counted twice" "lost $lost, twice $twice" "$lost == 0 && $twice == 0"
    for name in "${HOSTS[@]}"; do
        target "$name <= 80 MiB RSS idle" "$(mib "${IDLE_KB[$name]}") MiB" "${IDLE_KB[$name]} <= 80 * 1024"
        target "$name <= 150 MiB RSS under load" "$(mib "${peak[$name]}") MiB" "${peak[$name]} <= 150 * 1024"
    done
    target "suite start to /readyz READY <= 10 s" "$(calc "$STARTUP_MS / 1000") s" "$STARTUP_MS <= 10000"
    target "export of $EXPORT_RECORDS >= 20,000 records/s" "$(printf '%.0f records/s' "$rate")" "$rate >= 20000 && ${X[all,records]} == $EXPORT_RECORDS"
    local grow_g grow_a
    grow_g=$(calc "${X[all,gateway-x]} / ${X[tenth,gateway-x]}"); grow_a=$(calc "${X[all,articles-x]} / ${X[tenth,articles-x]}")
    target "export memory flat: peak RSS(all)/peak RSS(1/10) <= 1.3" "$(printf 'gateway %.2f, articles %.2f' "$grow_g" "$grow_a")" \
        "$grow_g <= 1.3 && $grow_a <= 1.3"
    target "export hosts <= 150 MiB RSS during the export" "$(printf 'gateway %s, articles %s MiB' "$(mib "${X[all,gateway-x]}")" "$(mib "${X[all,articles-x]}")")" \
        "${X[all,gateway-x]} <= 150 * 1024 && ${X[all,articles-x]} <= 150 * 1024"
    echo
    echo "## Per round: saturated req/s | at 50%: req/s, p50, p99, max ms"
    for ((r = 1; r <= ROUNDS; r++)); do
        for v in "${VARIANTS[@]}"; do
            printf '  %s %-24s %9.0f | %9.0f %8.2f %8.2f %8.2f\n' "$r" "${LABEL[$v]}" "${R[$r,$v,sat,rps]}" "${R[$r,$v,lat,rps]}" \
                "${R[$r,$v,lat,p50]}" "${R[$r,$v,lat,p99]}" "${R[$r,$v,lat,max]}"
        done
    done
    echo
    echo "targets: $((TARGETS - FAILS)) passed, $FAILS failed; run took $((SECONDS - RUN_START)) s"
}
mkdir -p "$(dirname "$RESULTS")"
summary >"$WORK/summary.txt"
cp "$WORK/summary.txt" "$RESULTS"
cat "$WORK/summary.txt"
log "bench: summary written to ${RESULTS#"$ROOT"/}"
