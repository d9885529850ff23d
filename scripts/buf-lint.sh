#!/usr/bin/env bash
# Lints the protos with buf (STANDARD; exceptions and reasons in buf.yaml).
# The google/* imports are taken from the restored Google.Api.CommonProtos package.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet restore protos/CuKhoi.Protos --verbosity quiet
version=$(sed -n 's/.*Include="Google.Api.CommonProtos" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
src="$packages/google.api.commonprotos/$version/content/protos"
rm -rf build/proto-deps && mkdir -p build/proto-deps/google
cp -r "$src/google/api" "$src/google/type" "$src/google/rpc" build/proto-deps/google/
if [ ! -x .tools/node_modules/.bin/buf ]; then
  npm install --prefix .tools --no-audit --no-fund --silent @bufbuild/buf
fi
.tools/node_modules/.bin/buf lint
echo "buf lint: clean"
