# Sourced (not run) by the scripts that start real hosts on loopback to meet them as an
# outside client does (openapi-lint.sh, client-package-test.sh). Every endpoint is given
# port 0: Kestrel picks a free port and logs it, so nothing here guesses one.
#   HOSTS_WORK=$(mktemp -d); trap stop_hosts EXIT
#   start_host articles "$dll" Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:0 ...
#   urls=$(host_urls articles)        # waits until it listens
# Each host runs from its own folder (its appsettings.json) as Production, with ICU on.

declare -A HOST_PIDS=()

start_host() {
  local name=$1 dll=$2
  shift 2
  (
    cd "$(dirname "$dll")"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false "$@" dotnet "$dll"
  ) >"$HOSTS_WORK/$name.log" 2>&1 &
  HOST_PIDS[$name]=$!
}

# The URLs a host listens on, one a line, once it has logged them all (60 s at most).
host_urls() {
  local name=$1 log="$HOSTS_WORK/$1.log" i
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "${HOST_PIDS[$name]}" 2>/dev/null; then
      echo "$name exited while starting:" >&2
      cat "$log" >&2
      return 1
    fi
    if grep -q 'Application started' "$log"; then
      sed -n 's/.*Now listening on: \(http:[^ ]*\).*/\1/p' "$log"
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start within 60 s:" >&2
  cat "$log" >&2
  return 1
}

# Of a gateway's two endpoints, the REST one (HTTP/1.1; the gRPC one is h2c only).
rest_url() {
  local url
  for url in "$@"; do
    if curl -sf --http1.1 --max-time 10 "$url/healthz" >/dev/null; then
      echo "$url"
      return 0
    fi
  done
  return 1
}

stop_hosts() {
  local name
  for name in "${!HOST_PIDS[@]}"; do
    kill -TERM "${HOST_PIDS[$name]}" 2>/dev/null || true
  done
  for name in "${!HOST_PIDS[@]}"; do
    wait "${HOST_PIDS[$name]}" 2>/dev/null || true
  done
  HOST_PIDS=()
  if [ -n "${HOSTS_WORK:-}" ]; then rm -rf "$HOSTS_WORK"; fi
}

# The dll a project builds to (after `dotnet build`).
target_path() { dotnet msbuild "$1" -getProperty:TargetPath; }
