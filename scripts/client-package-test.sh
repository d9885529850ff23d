#!/usr/bin/env bash
# The district systems' path: packs protos/CuKhoi.Protos into build/packages, starts the real
# gateway and the three services (sample data, throwaway databases, free loopback ports),
# and runs tests/CuKhoi.ClientPackage.Tests, which references the packed package (not the
# project) and calls the gateway over gRPC with the key in the `authorization` metadata.
# scripts/test.sh runs it after the solution's tests; extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/hosts.sh
HOSTS_WORK=$(mktemp -d)
trap stop_hosts EXIT

# The package's version is fixed (1.0.0) while v1 lasts, so a package restored earlier from
# another build of it would be reused from the global packages folder: drop that copy first.
rm -rf build/packages "${NUGET_PACKAGES:-$HOME/.nuget/packages}/cukhoi.protos"
dotnet pack protos/CuKhoi.Protos --output build/packages --verbosity quiet --nologo
for project in services/CuKhoi.Articles services/CuKhoi.DvkModels services/CuKhoi.Contests gateway/CuKhoi.Gateway; do
  dotnet build "$project" --verbosity quiet --nologo >"$HOSTS_WORK/build.log" 2>&1 || { cat "$HOSTS_WORK/build.log" >&2; exit 1; }
done

token="client-package-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
admin_key="ck_client-package-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
declare -A address=()
for service in articles:CuKhoi.Articles dvkmodels:CuKhoi.DvkModels contests:CuKhoi.Contests; do
  name=${service%%:*} project=${service#*:}
  extra=()
  if [ "$name" = contests ]; then extra+=("Services__DvkModels__Address=${address[dvkmodels]}"); fi
  start_host "$name" "$(target_path "services/$project")" \
    Internal__Token="$token" Seed__Sample=true Database__Provider=sqlite \
    ConnectionStrings__Default="Data Source=$HOSTS_WORK/$name.db" \
    Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:0 "${extra[@]}"
  address[$name]=$(host_urls "$name" | head -n 1)
done

start_host gateway "$(target_path gateway/CuKhoi.Gateway)" \
  Internal__Token="$token" CUKHOI_ADMIN_KEY="$admin_key" RateLimiting__Enabled=false \
  ConnectionStrings__Default="Data Source=$HOSTS_WORK/gateway.db" \
  Kestrel__Endpoints__Rest__Url=http://127.0.0.1:0 Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:0 \
  Services__Articles__Address="${address[articles]}" Services__DvkModels__Address="${address[dvkmodels]}" \
  Services__Contests__Address="${address[contests]}"
mapfile -t urls < <(host_urls gateway)
rest=$(rest_url "${urls[@]}") || { echo "the gateway answers no REST" >&2; exit 1; }
grpc=$(printf '%s\n' "${urls[@]}" | grep -vxF "$rest" | head -n 1)
for _ in $(seq 1 300); do
  curl -sf --max-time 5 "$rest/readyz" >/dev/null && break
  sleep 0.2
done
curl -sf --max-time 5 "$rest/readyz" >/dev/null || { echo "the gateway was not ready within 60 s" >&2; curl -s "$rest/readyz" >&2 || true; exit 1; }

CUKHOI_GATEWAY_GRPC="$grpc" CUKHOI_ADMIN_KEY="$admin_key" \
  dotnet test tests/CuKhoi.ClientPackage.Tests --blame-hang-timeout 5m --blame-hang-dump-type none "$@"
