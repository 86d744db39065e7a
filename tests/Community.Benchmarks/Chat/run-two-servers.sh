#!/usr/bin/env bash
# The chat on two servers: a throwaway redis-server and two processes of the web app (Release, Development: demo
# content, one fresh SQLite file and key folder shared by both) with Chat:Redis set. The receivers connect to server B,
# the sender to server A, so every message crosses the Redis backplane; then the same with everyone on A (through
# Redis too, as every group message is with Chat:Redis). Usage: bash tests/Community.Benchmarks/Chat/run-two-servers.sh
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"
root="$(cd ../../.. && pwd)"
port_a="${PORT_A:-5099}"
port_b="${PORT_B:-5098}"
port_redis="${PORT_REDIS:-6399}"
data="$(mktemp -d /tmp/kp-chat-bench2-XXXXXX)"
[ -d node_modules ] || npm ci --silent
dotnet build "$root/src/Community.Web" -c Release -nologo -v quiet >/dev/null
ulimit -n 65536 || true
redis-server --port "$port_redis" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$data/redis.log" 2>&1 &
redis=$!
pids=("$redis")
trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; rm -rf "$data"' EXIT
start() { # port, extra args...
  local port=$1; shift
  (cd "$root/src/Community.Web" && exec dotnet bin/Release/net10.0/Community.Web.dll --urls "http://127.0.0.1:$port" \
    --environment Development --Storage:DataDirectory="$data" --Logging:LogLevel:Default=Warning \
    --Chat:MaxConnectionsPerUser=100000 --Chat:MessagesPerWindow=100000 --Chat:Redis="127.0.0.1:$port_redis" "$@") >"$data/server-$port.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "The app on $port did not start:"; cat "$data/server-$port.log"; exit 1
}
start "$port_a"                                   # seeds the demo content
start "$port_b" --Database:SeedDemoOnStartup=false
cd "$here"
load() { echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
load
node chat-load.mjs latency --url "http://127.0.0.1:$port_b" --send-url "http://127.0.0.1:$port_a" --clients 100 --rate 10 --seconds 20
load
node chat-load.mjs latency --url "http://127.0.0.1:$port_b" --send-url "http://127.0.0.1:$port_a" --clients 1000 --rate 10 --seconds 20
load
node chat-load.mjs latency --url "http://127.0.0.1:$port_a" --clients 1000 --rate 10 --seconds 20
load
