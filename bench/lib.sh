# Shared by the bench/ scripts (sourced, not run): building and launching the hosts,
# stopping what a script started, free loopback ports, bounded waits, /proc readings,
# secrets, and the bulk articles database. The caller sets BENCH_NAME (the log prefix),
# ROOT, WORK (its temp folder, where each host writes <name>.log), START_TIMEOUT (seconds),
# CONFIGURATION, TOKEN (the internal token) and PROJECT (an associative array: short
# name -> project folder under ROOT).

# The dll a project's build writes.
dll_of() { echo "$ROOT/${PROJECT[$1]}/bin/$CONFIGURATION/net10.0/${PROJECT[$1]##*/}.dll"; }

# Builds the named projects; a failure shows the end of its log and stops the script.
build_projects() {
    local name
    for name in "$@"; do
        log "$BENCH_NAME: building ${PROJECT[$name]} ($CONFIGURATION)"
        dotnet build "$ROOT/${PROJECT[$name]}" -c "$CONFIGURATION" -nologo -v q >"$WORK/build-$name.log" 2>&1 \
            || { tail -n 30 "$WORK/build-$name.log" >&2; log "$BENCH_NAME: build of ${PROJECT[$name]} failed"; exit 1; }
    done
}

# In a host's subshell: cd to WORK and export the common environment (Production, the
# build output as content root so its appsettings.json applies, ICU on, the internal
# token, SQLite) plus the KEY=VALUE arguments. $1 is the dll.
host_environment() {
    local dll=$1 setting
    shift
    cd "$WORK" || exit 1
    export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$(dirname "$dll")" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false
    export Internal__Token="$TOKEN" Database__Provider=sqlite
    for setting in "$@"; do export "${setting?}"; done
}

# Starts `dotnet <dll of project $2>` as host $1 with host_environment plus KEY=VALUE
# arguments; its output goes to $WORK/$1.log. Sets PID[$1] and appends to PIDS (the
# caller declares both; call directly, not in a subshell).
start_host() {
    local name=$1 dll
    dll=$(dll_of "$2")
    shift 2
    (
        host_environment "$dll" "$@"
        exec dotnet "$dll" >>"$WORK/$name.log" 2>&1
    ) &
    PID[$name]=$!
    PIDS+=("$!")
}

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

# N distinct free loopback ports in 20000–39999 (so never the suite's 8080/8081/5101–5103):
# random ports that refuse a connection, probed a bounded number of times.
free_ports() {
    local n=${1:-1} port i taken=" "
    for ((i = 0; i < 50 * n && n > 0; i++)); do
        port=$((20000 + RANDOM % 20000))
        [[ $taken == *" $port "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            taken+="$port "
            echo "$port"
            n=$((n - 1))
        fi
    done
    ((n == 0)) || { log "$BENCH_NAME: no free port found"; return 1; }
}

free_port() { free_ports 1; }

# Waits (bounded) until a process listens on a loopback port; fails if it died.
wait_listening() {
    local pid=$1 port=$2 name=$3 i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { log "$BENCH_NAME: $name exited; its log:"; tail -n 40 "$WORK/$name.log" >&2; return 1; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    log "$BENCH_NAME: $name did not listen on $port within ${START_TIMEOUT}s"; return 1
}

hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# A random secret of 32 hex digits after a prefix (tokens and keys want ≥ 32 characters).
secret() { printf '%s-%s' "$1" "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"; }

# One fixed Vietnamese paragraph from the seed document and its folded copy (NFD, marks
# dropped, đ → d, lower case: what VietnameseText.Fold writes), so search stays consistent.
PARAGRAPH='Chiều ngày 07/01/2020, tại phòng họp 2, Đảng ủy phường Cự Khối đã tổ chức hội nghị tổng kết đánh giá kết quả công tác Dân vận và công tác Kiểm tra - Giám sát năm 2020. Tăng cường công tác tuyên truyền, tạo sự đồng thuận của các tầng lớp nhân dân trong thực hiện nhiệm vụ phát triển kinh tế - xã hội ở địa phương; phối hợp nắm tình hình liên quan đến công tác giải phóng mặt bằng, công tác tôn giáo.'
PARAGRAPH_FOLDED='chieu ngay 07/01/2020, tai phong hop 2, dang uy phuong cu khoi da to chuc hoi nghi tong ket danh gia ket qua cong tac dan van va cong tac kiem tra - giam sat nam 2020. tang cuong cong tac tuyen truyen, tao su dong thuan cua cac tang lop nhan dan trong thuc hien nhiem vu phat trien kinh te - xa hoi o dia phuong; phoi hop nam tinh hinh lien quan den cong tac giai phong mat bang, cong tac ton giao.'
TITLE='Hoạt động Dân vận khéo ở tổ dân phố số '
TITLE_FOLDED='hoat dong dan van kheo o to dan pho so '
SUMMARY='Tin bài mẫu cho phép đo bộ nhớ khi xuất dữ liệu.'
SUMMARY_FOLDED='tin bai mau cho phep do bo nho khi xuat du lieu.'

# 2021-01-01T00:00:00Z in microseconds: article n is updated n minutes after it.
FILL_BASE_MICROS=1609459200000000

# N published articles in one transaction, into a database whose schema the service's own
# migrations made; the FTS triggers of the migration index them.
fill_articles() {
    local db=$1 n=$2
    sqlite3 "$db" <<SQL
.timeout 10000
BEGIN;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $n)
INSERT INTO articles (id, slug, title, summary, body, body_text, category, author, source, status,
                      publish_time, create_time, update_time, view_count, version,
                      title_folded, summary_folded, body_folded)
SELECT lower(hex(randomblob(16))), 'bench-bai-' || n, '$TITLE' || n, '$SUMMARY',
       '<p>$PARAGRAPH $PARAGRAPH</p>', '$PARAGRAPH $PARAGRAPH', 'tin-tuc', 'Ban biên tập (mẫu)', 'Đo bộ nhớ', 'PUBLISHED',
       $FILL_BASE_MICROS + n * 60000000, $FILL_BASE_MICROS + n * 60000000, $FILL_BASE_MICROS + n * 60000000, n % 500, 1,
       '$TITLE_FOLDED' || n, '$SUMMARY_FOLDED', '$PARAGRAPH_FOLDED $PARAGRAPH_FOLDED'
FROM seq;
COMMIT;
SQL
}
