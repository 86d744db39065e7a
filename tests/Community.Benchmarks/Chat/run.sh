#!/usr/bin/env bash
# Starts the web app (Release, Development: demo content, fresh SQLite under a temp folder) on a loopback port,
# runs the chat load test against it, and stops it. Usage: bash tests/Community.Benchmarks/Chat/run.sh
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
root="$(cd ../../.. && pwd)"
port="${PORT:-5099}"
data="$(mktemp -d /tmp/kp-chat-bench-XXXXXX)"
[ -d node_modules ] || npm ci --silent
dotnet build "$root/src/Community.Web" -c Release -nologo -v quiet >/dev/null
ulimit -n 65536 || true
(cd "$root/src/Community.Web" && exec dotnet bin/Release/net10.0/Community.Web.dll --urls "http://127.0.0.1:$port" \
  --environment Development --Storage:DataDirectory="$data" --Logging:LogLevel:Default=Warning \
  --Chat:MaxConnectionsPerUser=100000 --Chat:MessagesPerWindow=100000) >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
up=""
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$port/health" >/dev/null; then up=1; break; fi
  kill -0 $server 2>/dev/null || break
  sleep 0.5
done
[ -n "$up" ] || { echo "The app did not start:"; cat "$data/server.log"; exit 1; }
cd "$here"
cpu() { echo "  server CPU time so far: $(ps -o cputime= -p $server | tr -d ' '), load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
cpu
node chat-load.mjs latency --url "http://127.0.0.1:$port" --clients 100 --rate 10 --seconds 20
cpu
node chat-load.mjs latency --url "http://127.0.0.1:$port" --clients 1000 --rate 10 --seconds 20
cpu
node --max-old-space-size=4096 chat-load.mjs idle --url "http://127.0.0.1:$port" --clients "${IDLE:-10000}" --server-pid "$server"
