#!/usr/bin/env bash
# The contract guard: the protos must stay compatible with protos/contract.binpb, the buf
# image recorded from the protos integrators build against (generated C# from the NuGet
# package, gRPC clients from reflection, REST/JSON from the same messages). buf's FILE rules,
# its strictest: a removed or renamed field, rpc, message or enum value, a changed type,
# number or JSON name, a moved package... fails. Comments and new things do not. Works on a
# fresh clone (no git history needed).
#
#   scripts/buf-breaking.sh            # check (CI)
#   scripts/buf-breaking.sh --record   # record the current protos as the contract
#
# Record only for a release that may break callers: a new major version, i.e. new
# `cukhoi.<area>.v2` packages beside v1 (adding them is not a break), and later the removal
# of v1. Commit the new image with the change and say why in the commit.
set -euo pipefail
cd "$(dirname "$0")/.."

contract=protos/contract.binpb
# The same buf as scripts/buf-lint.sh, which also copies the google/* imports the protos need.
if [ ! -x .tools/node_modules/.bin/buf ] || [ ! -f build/proto-deps/google/api/annotations.proto ]; then
  scripts/buf-lint.sh
fi
buf=.tools/node_modules/.bin/buf

# Our files only (their google/* imports ride along as imports, to resolve types); no
# source info, so a comment never changes the recorded bytes.
build() { "$buf" build --exclude-source-info --path protos/cukhoi -o "$1"; }

if [ "${1:-}" = "--record" ]; then
  build "$contract"
  echo "recorded $contract ($(wc -c <"$contract") bytes): commit it with the change that needs it"
  exit 0
fi

current=$(mktemp --suffix=.binpb)
trap 'rm -f "$current"' EXIT
build "$current"
if ! "$buf" breaking "$current" --against "$contract" --path cukhoi --config '{"version":"v2","breaking":{"use":["FILE"]}}'; then
  echo "buf breaking: the protos break the recorded contract ($contract). Integrators would break: add a field, an rpc or a v2 package instead (see the header of this script)." >&2
  exit 1
fi
echo "buf breaking: compatible with $contract"
