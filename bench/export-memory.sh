#!/usr/bin/env bash
# Peak memory of the NDJSON article export: does it stream, or does it buffer?
#
# For each N (default 10,000 then 100,000) it makes a fresh articles SQLite database
# (schema from the service's own migrations, by starting the service once), bulk-inserts
# N published articles with sqlite3 in one transaction (folded copies and the FTS index
# filled the way the service fills them), starts the articles service and the gateway on
# loopback with a generated internal token and CUKHOI_ADMIN_KEY, streams
#   GET /api/v1/articles:export   (Authorization: Bearer <admin key>)
# to a line counter, and reads the peak RSS (VmHWM in /proc/<pid>/status) of both
# processes. A streaming export keeps peakRSS(100k)/peakRSS(10k) near 1 (≈ 1.0–1.3);
# buffering the whole export would make it grow with N (≈ 10).
#
# Needs: dotnet, curl, sqlite3. Loopback only; every wait is bounded; it stops what it
# started. Usage: bench/export-memory.sh [N ...]   (results: bench/results/export-memory.txt)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNTS=("${@:-10000 100000}")
read -r -a COUNTS <<< "${COUNTS[*]}"
RESULTS="$ROOT/bench/results/export-memory.txt"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cukhoi-export-bench.XXXXXX")
CONFIGURATION=Release
START_TIMEOUT=90      # seconds for a host to listen
EXPORT_TIMEOUT=900    # seconds for one export
PIDS=()
BENCH_NAME=export-memory
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in dotnet curl sqlite3; do
    command -v "$tool" >/dev/null || { echo "export-memory: $tool is required" >&2; exit 2; }
done

cleanup() {
    for pid in "${PIDS[@]}"; do stop "$pid"; done
    rm -rf "$WORK"
}
trap cleanup EXIT

declare -A PROJECT=([articles]=services/CuKhoi.Articles [gateway]=gateway/CuKhoi.Gateway)
build_projects articles gateway
ARTICLES_DLL=$(dll_of articles)
GATEWAY_DLL=$(dll_of gateway)

TOKEN=$(secret bench)
ADMIN_KEY=$(secret bench-admin)

# Starts the articles service on $1 (database) and $2 (port); prints its pid.
start_articles() {
    (
        host_environment "$ARTICLES_DLL" DOTNET_gcServer=0 "ConnectionStrings__Default=Data Source=$1" Seed__Sample=false \
            "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$2" Kestrel__Endpoints__Grpc__Protocols=Http2 Logging__LogLevel__Default=Warning
        exec dotnet "$ARTICLES_DLL" >>"$WORK/articles.log" 2>&1
    ) &
    echo $!
}

# Starts the gateway: REST on $1, gRPC on $2, articles at $3; its own database in $WORK.
start_gateway() {
    (
        # DvkModels and Contests are unused here but required by the gateway's configuration: closed loopback ports.
        host_environment "$GATEWAY_DLL" DOTNET_gcServer=0 "CUKHOI_ADMIN_KEY=$ADMIN_KEY" RateLimiting__Enabled=false \
            "ConnectionStrings__Default=Data Source=$WORK/gateway-$4.db" \
            "Kestrel__Endpoints__Rest__Url=http://127.0.0.1:$1" "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$2" \
            "Services__Articles__Address=http://127.0.0.1:$3" Services__DvkModels__Address=http://127.0.0.1:9 \
            Services__Contests__Address=http://127.0.0.1:9 Logging__LogLevel__Default=Warning
        exec dotnet "$GATEWAY_DLL" >>"$WORK/gateway.log" 2>&1
    ) &
    echo $!
}

run_one() {
    local n=$1 db="$WORK/articles-$1.db" articles_port gateway_port grpc_port articles gateway
    articles_port=$(free_port); gateway_port=$(free_port); grpc_port=$(free_port)

    log "export-memory: N=$n — creating the schema (service migrations)"
    articles=$(start_articles "$db" "$articles_port"); PIDS+=("$articles")
    wait_listening "$articles" "$articles_port" articles
    stop "$articles"

    log "export-memory: N=$n — inserting $n articles"
    local insert_start=$SECONDS
    fill_articles "$db" "$n"
    local in_db
    in_db=$(sqlite3 "$db" "SELECT COUNT(*) FROM articles WHERE status = 'PUBLISHED'")
    log "export-memory: N=$n — $in_db articles in the database ($((SECONDS - insert_start)) s)"

    articles=$(start_articles "$db" "$articles_port"); PIDS+=("$articles")
    gateway=$(start_gateway "$gateway_port" "$grpc_port" "$articles_port" "$n"); PIDS+=("$gateway")
    wait_listening "$articles" "$articles_port" articles
    wait_listening "$gateway" "$gateway_port" gateway

    local before_gw before_ar
    before_gw=$(hwm_kb "$gateway"); before_ar=$(hwm_kb "$articles")

    log "export-memory: N=$n — streaming the export"
    # awk counts as the bytes arrive (lines, and lines that carry an article) and keeps
    # nothing but the start of the first line: the client side holds no export in memory.
    local started=$SECONDS counted status lines records
    counted=$(curl --silent --show-error --fail --no-buffer --max-time "$EXPORT_TIMEOUT" \
        -H "Authorization: Bearer $ADMIN_KEY" \
        "http://127.0.0.1:$gateway_port/api/v1/articles:export" \
        | awk -v first="$WORK/first-line-$n" 'NR == 1 { print substr($0, 1, 300) > first } /"article"/ { records++ } END { print NR, records + 0 }') || status=$?
    [[ -z "${status:-}" ]] || { log "export-memory: the export failed (curl $status)"; tail -n 20 "$WORK/gateway.log" >&2; return 1; }
    local seconds=$((SECONDS - started))
    read -r lines records <<< "$counted"
    log "export-memory: first line: $(cat "$WORK/first-line-$n" 2>/dev/null)"
    [[ "$records" == "$n" ]] || log "export-memory: WARNING: $records records streamed, $n expected"

    local peak_gw peak_ar
    peak_gw=$(hwm_kb "$gateway"); peak_ar=$(hwm_kb "$articles")
    stop "$gateway"; stop "$articles"

    printf '%s %s %s %s %s %s %s\n' "$n" "$records" "$seconds" "$before_gw" "$peak_gw" "$before_ar" "$peak_ar" >>"$WORK/rows"
    log "export-memory: N=$n — $records records ($lines lines) in ${seconds}s; peak RSS gateway $(mib "$peak_gw") MiB, articles $(mib "$peak_ar") MiB"
}

: >"$WORK/rows"
for n in "${COUNTS[@]}"; do run_one "$n"; done

{
    echo "# Export memory: GET /api/v1/articles:export (NDJSON) through the gateway"
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) · $(uname -srm) · $(nproc) CPU · dotnet $(dotnet --version) · $CONFIGURATION build, workstation GC"
    echo "# peak RSS = VmHWM of the process after the export; 'at start' = VmHWM once listening, before the export"
    printf '%-8s %-9s %-8s %-22s %-22s %-22s %-22s\n' N records seconds "gateway at start MiB" "gateway peak MiB" "articles at start MiB" "articles peak MiB"
    while read -r n records seconds bgw pgw bar par; do
        printf '%-8s %-9s %-8s %-22s %-22s %-22s %-22s\n' "$n" "$records" "$seconds" "$(mib "$bgw")" "$(mib "$pgw")" "$(mib "$bar")" "$(mib "$par")"
    done <"$WORK/rows"
    if [[ $(wc -l <"$WORK/rows") -ge 2 ]]; then
        awk 'NR == 1 { n1 = $1; g1 = $5; a1 = $7 } END {
            printf "ratio peakRSS(%s)/peakRSS(%s): gateway %.2f, articles %.2f (flat ≈ 1.0–1.3; proportional ≈ %d)\n",
                $1, n1, $5 / g1, $7 / a1, $1 / n1 }' "$WORK/rows"
    fi
} | tee "$RESULTS"
