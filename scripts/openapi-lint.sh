#!/usr/bin/env bash
# Lints the OpenAPI document the gateway serves, not a copy: builds the gateway, starts it
# on free loopback ports (a throwaway database; no services behind it, which the document
# does not need), fetches /openapi/v1.json into build/openapi/v1.json and runs Redocly's
# recommended rules on it with the exceptions in redocly.yaml. Fails on any error or warning.
# Needs the pinned packages of tests/portal-client (installed here when missing). The
# document stays in build/openapi/v1.json for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/hosts.sh
out=build/openapi
mkdir -p "$out"
HOSTS_WORK=$(mktemp -d)
trap stop_hosts EXIT

if [ ! -x tests/portal-client/node_modules/.bin/redocly ]; then
  npm ci --prefix tests/portal-client --no-audit --no-fund --silent
fi

dotnet build gateway/CuKhoi.Gateway --verbosity quiet --nologo >"$HOSTS_WORK/build.log" 2>&1 || { cat "$HOSTS_WORK/build.log" >&2; exit 1; }
start_host gateway "$(target_path gateway/CuKhoi.Gateway)" \
  Internal__Token="openapi-lint-$RANDOM-$RANDOM-not-a-secret-0000" \
  ConnectionStrings__Default="Data Source=$HOSTS_WORK/gateway.db" \
  Kestrel__Endpoints__Rest__Url=http://127.0.0.1:0 \
  Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:0
# shellcheck disable=SC2046 # one URL a line
rest=$(rest_url $(host_urls gateway)) || { echo "the gateway answers no REST" >&2; exit 1; }
document="$rest/openapi/v1.json"
curl -sf --max-time 30 "$document" -o "$out/v1.json"
echo "fetched $document"

# --max-problems: show every problem, not the first 100.
tests/portal-client/node_modules/.bin/redocly lint "$out/v1.json" --config redocly.yaml --max-problems 1000 --format stylish
summary=$(tests/portal-client/node_modules/.bin/redocly lint "$out/v1.json" --config redocly.yaml --format json 2>/dev/null \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;console.log(`${t.errors} ${t.warnings}`)})')
read -r errors warnings <<<"$summary"
echo "openapi lint: $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
