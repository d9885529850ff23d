#!/usr/bin/env bash
# Runs every test project of the solution and ends with one summary line:
#   tests: N passed, N failed, N skipped
# PostgreSQL tests run when CUKHOI_TEST_POSTGRES names an admin connection string
# (e.g. 'Host=127.0.0.1;Username=postgres;Password=postgres'); otherwise they are skipped
# (and fail under CI=true). Extra arguments go to `dotnet test` (e.g. --filter ...).
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# A test that hangs is killed (and named) after 5 minutes instead of eating the CI budget.
dotnet test CuKhoi.Services.sln \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The C# client package: not in the solution (it references the packed CuKhoi.Protos, which a
# clean clone only has after packing); counted in the same summary. Whole runs only: a run
# narrowed with arguments (--filter ...) is about the solution's tests.
if [ "$#" -eq 0 ]; then
  scripts/client-package-test.sh 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi

# One line per test assembly: "Passed!  - Failed: 0, Passed: 157, Skipped: 0, Total: 157, ..."
read -r passed failed skipped assemblies < <(awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
    line = $0
    gsub(/[^0-9,]/, " ", line)          # keep the numbers in order: failed, passed, skipped, total
    split(line, n, ",")
    f += n[1]; p += n[2]; s += n[3]; a++
  }
  END { printf "%d %d %d %d\n", p, f, s, a }' "$log")

if grep -q "Test Run Aborted" "$log"; then
  echo "A test host crashed or hung (see the blame output above)."
  failed=$((failed + 1))
  status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran: treating as a failure."
  status=1
fi

echo "test assemblies: $assemblies"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
