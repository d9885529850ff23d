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

for tool in dotnet curl sqlite3; do
    command -v "$tool" >/dev/null || { echo "export-memory: $tool is required" >&2; exit 2; }
done

cleanup() {
    for pid in "${PIDS[@]}"; do stop "$pid"; done
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }

# Stops one process we started: TERM, then KILL if it is still there after 10 s.
stop() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# A free loopback port: bind-and-release through a tiny bounded probe of random ports.
free_port() {
    local port i
    for ((i = 0; i < 50; i++)); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    log "export-memory: no free port found"; return 1
}

# Waits (bounded) until a process listens on a loopback port; fails if it died.
wait_listening() {
    local pid=$1 port=$2 name=$3 i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { log "export-memory: $name exited; its log:"; tail -n 40 "$WORK/$name.log" >&2; return 1; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    log "export-memory: $name did not listen on $port within ${START_TIMEOUT}s"; return 1
}

hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

log "export-memory: building (Release)"
dotnet build "$ROOT/services/CuKhoi.Articles/CuKhoi.Articles.csproj" -c "$CONFIGURATION" -nologo -v q >"$WORK/build-articles.log" 2>&1 \
    || { tail -n 30 "$WORK/build-articles.log" >&2; exit 1; }
dotnet build "$ROOT/gateway/CuKhoi.Gateway/CuKhoi.Gateway.csproj" -c "$CONFIGURATION" -nologo -v q >"$WORK/build-gateway.log" 2>&1 \
    || { tail -n 30 "$WORK/build-gateway.log" >&2; exit 1; }
ARTICLES_DLL="$ROOT/services/CuKhoi.Articles/bin/$CONFIGURATION/net10.0/CuKhoi.Articles.dll"
GATEWAY_DLL="$ROOT/gateway/CuKhoi.Gateway/bin/$CONFIGURATION/net10.0/CuKhoi.Gateway.dll"

TOKEN="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
ADMIN_KEY="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

# Starts the articles service on $1 (database) and $2 (port); prints its pid.
start_articles() {
    (
        cd "$WORK"
        # Content root = the build output, so the service's appsettings.json applies.
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$(dirname "$ARTICLES_DLL")" DOTNET_gcServer=0
        export Internal__Token="$TOKEN" Database__Provider=sqlite "ConnectionStrings__Default=Data Source=$1" Seed__Sample=false
        export Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$2" Kestrel__Endpoints__Grpc__Protocols=Http2
        export Logging__LogLevel__Default=Warning
        exec dotnet "$ARTICLES_DLL" >>"$WORK/articles.log" 2>&1
    ) &
    echo $!
}

# Starts the gateway: REST on $1, gRPC on $2, articles at $3; its own database in $WORK.
start_gateway() {
    (
        cd "$WORK"
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$(dirname "$GATEWAY_DLL")" DOTNET_gcServer=0
        export Internal__Token="$TOKEN" CUKHOI_ADMIN_KEY="$ADMIN_KEY" RateLimiting__Enabled=false
        export Database__Provider=sqlite "ConnectionStrings__Default=Data Source=$WORK/gateway-$4.db"
        export Kestrel__Endpoints__Rest__Url="http://127.0.0.1:$1" Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$2"
        export Services__Articles__Address="http://127.0.0.1:$3"
        # Unused here but required by the gateway's configuration: closed loopback ports.
        export Services__DvkModels__Address="http://127.0.0.1:9" Services__Contests__Address="http://127.0.0.1:9"
        export Logging__LogLevel__Default=Warning
        exec dotnet "$GATEWAY_DLL" >>"$WORK/gateway.log" 2>&1
    ) &
    echo $!
}

# One fixed Vietnamese paragraph from the seed document and its folded copy (NFD, marks
# dropped, đ → d, lower case: what VietnameseText.Fold writes), so search stays consistent.
PARAGRAPH='Chiều ngày 07/01/2020, tại phòng họp 2, Đảng ủy phường Cự Khối đã tổ chức hội nghị tổng kết đánh giá kết quả công tác Dân vận và công tác Kiểm tra - Giám sát năm 2020. Tăng cường công tác tuyên truyền, tạo sự đồng thuận của các tầng lớp nhân dân trong thực hiện nhiệm vụ phát triển kinh tế - xã hội ở địa phương; phối hợp nắm tình hình liên quan đến công tác giải phóng mặt bằng, công tác tôn giáo.'
PARAGRAPH_FOLDED='chieu ngay 07/01/2020, tai phong hop 2, dang uy phuong cu khoi da to chuc hoi nghi tong ket danh gia ket qua cong tac dan van va cong tac kiem tra - giam sat nam 2020. tang cuong cong tac tuyen truyen, tao su dong thuan cua cac tang lop nhan dan trong thuc hien nhiem vu phat trien kinh te - xa hoi o dia phuong; phoi hop nam tinh hinh lien quan den cong tac giai phong mat bang, cong tac ton giao.'
TITLE='Hoạt động Dân vận khéo ở tổ dân phố số '
TITLE_FOLDED='hoat dong dan van kheo o to dan pho so '
SUMMARY='Tin bài mẫu cho phép đo bộ nhớ khi xuất dữ liệu.'
SUMMARY_FOLDED='tin bai mau cho phep do bo nho khi xuat du lieu.'

# N published articles in one transaction; the FTS triggers of the migration index them.
fill_articles() {
    local db=$1 n=$2
    # 2021-01-01T00:00:00Z in microseconds, one article a minute after that.
    local base=1609459200000000
    sqlite3 "$db" <<SQL
.timeout 10000
BEGIN;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $n)
INSERT INTO articles (id, slug, title, summary, body, body_text, category, author, source, status,
                      publish_time, create_time, update_time, view_count, version,
                      title_folded, summary_folded, body_folded)
SELECT lower(hex(randomblob(16))), 'bench-bai-' || n, '$TITLE' || n, '$SUMMARY',
       '<p>$PARAGRAPH $PARAGRAPH</p>', '$PARAGRAPH $PARAGRAPH', 'tin-tuc', 'Ban biên tập (mẫu)', 'Đo bộ nhớ', 'PUBLISHED',
       $base + n * 60000000, $base + n * 60000000, $base + n * 60000000, n % 500, 1,
       '$TITLE_FOLDED' || n, '$SUMMARY_FOLDED', '$PARAGRAPH_FOLDED $PARAGRAPH_FOLDED'
FROM seq;
COMMIT;
SQL
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
