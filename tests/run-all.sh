#!/usr/bin/env bash
# Runs every test of Kennisplatform: migration check, integration tests on SQLite and PostgreSQL,
# end-to-end tests in Chromium. Installs the test prerequisites with apt-get when they are missing
# and this user may (root, or sudo without a password); otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null; then
    echo "Missing test prerequisites: ${missing[*]}" >&2
    echo "Install them (Debian/Ubuntu): sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing test prerequisites: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v npm >/dev/null; then
  echo "Node.js 20+ with npm is needed to build the front-end assets: sudo apt-get install -y nodejs npm" >&2
  exit 1
fi

echo "== Migrations: the model has no changes that no migration holds"
bash migrations/check-pending.sh

echo "== Build"
dotnet build Community.sln -nologo -v quiet

log=$(mktemp)
status=0
for project in tests/Community.Tests tests/Community.EndToEnd; do
  [ -d "$project" ] || continue
  echo "== Test $project"
  dotnet test "$project" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=1
done

# One closing line over all test projects.
# The console logger at normal verbosity ends each project with "Total tests: N" and indented "Passed: N",
# "Failed: N", "Skipped: N" lines; at minimal verbosity with one "Passed!  - Failed: 0, Passed: N, ..." line.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /^Total tests: +[0-9]+/ { summary = 1; next }
     summary && /^ +Passed: +[0-9]+ *$/ { p += $2; next }
     summary && /^ +Failed: +[0-9]+ *$/ { f += $2; next }
     summary && /^ +Skipped: +[0-9]+ *$/ { s += $2; next }
     summary && /^ +Total time:/ { summary = 0 }
     END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
