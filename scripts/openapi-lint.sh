#!/usr/bin/env bash
# Lints the OpenAPI document the gateway serves, not a copy: builds the gateway, starts it
# on free loopback ports (a throwaway database; no services behind it, which the document
# does not need), fetches /openapi/v1.json into build/openapi/v1.json and runs Redocly's
# recommended rules on it with the exceptions in redocly.yaml. Fails on any error or warning.
# Needs the pinned packages of tests/portal-client (installed here when missing). The
# document stays in build/openapi/v1.json for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

out=build/openapi
mkdir -p "$out"
work=$(mktemp -d)
gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x tests/portal-client/node_modules/.bin/redocly ]; then
  npm ci --prefix tests/portal-client --no-audit --no-fund --silent
fi

dotnet build gateway/CuKhoi.Gateway --verbosity quiet --nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
dll=$(dotnet msbuild gateway/CuKhoi.Gateway -getProperty:TargetPath)

# Port 0: Kestrel picks free ports and logs them, so nothing here guesses one.
(
  cd "$(dirname "$dll")"
  exec env ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    Internal__Token="openapi-lint-$RANDOM-$RANDOM-not-a-secret-0000" \
    ConnectionStrings__Default="Data Source=$work/gateway.db" \
    Kestrel__Endpoints__Rest__Url=http://127.0.0.1:0 \
    Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:0 \
    dotnet "$dll"
) >"$work/gateway.log" 2>&1 &
gateway_pid=$!

document=
for _ in $(seq 1 600); do
  kill -0 "$gateway_pid" 2>/dev/null || { echo "the gateway exited while starting:" >&2; cat "$work/gateway.log" >&2; exit 1; }
  # Of the two endpoints, the REST one answers HTTP/1.1 (the gRPC one is h2c only).
  for url in $(sed -n 's/.*Now listening on: \(http:[^ ]*\).*/\1/p' "$work/gateway.log"); do
    if curl -sf --http1.1 --max-time 10 "$url/openapi/v1.json" -o "$out/v1.json"; then
      document="$url/openapi/v1.json"
      break 2
    fi
  done
  sleep 0.1
done
[ -n "$document" ] || { echo "no /openapi/v1.json within 60 s:" >&2; cat "$work/gateway.log" >&2; exit 1; }
echo "fetched $document"

# --max-problems: show every problem, not the first 100.
tests/portal-client/node_modules/.bin/redocly lint "$out/v1.json" --config redocly.yaml --max-problems 1000 --format stylish
summary=$(tests/portal-client/node_modules/.bin/redocly lint "$out/v1.json" --config redocly.yaml --format json 2>/dev/null \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;console.log(`${t.errors} ${t.warnings}`)})')
read -r errors warnings <<<"$summary"
echo "openapi lint: $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
