#!/usr/bin/env bash
# What hashing on the loop costs everyone else: the latency of GET /health/live (one connection, one request at
# a time) while 8 connections POST passwords to /hash (Offload.cpu) or to /hash-inline (on the event loop), and
# with no load at all. The cpu example is pinned to CPU 0 (so it runs one event loop and one CPU worker), wrk to
# CPU 1. Modes are interleaved round by round and the example is restarted for each measurement.
#
#   scripts/cpu-offload-figures.sh                         # 2 rounds of 20 s, 100000 iterations per hash
#   ROUNDS=3 DURATION=30 ITERATIONS=600000 scripts/cpu-offload-figures.sh
#
# Prints one line per measurement (probe p50/p99 in ms, probe and hash req/s), then medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20}
ITERATIONS=${ITERATIONS:-100000}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-18282}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA=${JAVA:-java}

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if [ ! -f examples/target/loopline-examples.jar ]; then
  echo "building the jar (mvn -B -q package -DskipTests)..." >&2
  mvn -B -q package -DskipTests
fi

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/hash.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"password": "correct horse battery staple"}'
wrk.headers["Content-Type"] = "application/json"
LUA

start_server() {
  taskset -c "$SERVER_CPU" "$JAVA" -Xms256m -Xmx256m -jar examples/target/loopline-examples.jar cpu \
    --host 127.0.0.1 --port "$PORT" --iterations "$ITERATIONS" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/live" && return 0
    sleep 0.1
  done
  echo "the cpu example did not start; its log:" >&2; cat "$work/server.log" >&2; exit 1
}

# wrk prints "50%  1.23ms"; this turns the value into milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /m$/) {sub(/m$/,"",v); v*=60000} else {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }

measure() { # mode -> "p50 p99 probe_rps load_rps"
  local mode=$1 load_pid=""
  # Warm the JIT on the same path, then measure.
  taskset -c "$LOAD_CPU" wrk -t1 -c2 -d3s -s "$work/hash.lua" "http://127.0.0.1:$PORT/hash" >/dev/null
  if [ "$mode" != idle ]; then
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s -s "$work/hash.lua" \
      "http://127.0.0.1:$PORT/$mode" >"$work/load.txt" &
    load_pid=$!
  fi
  taskset -c "$LOAD_CPU" wrk -t1 -c1 -d"${DURATION}s" --timeout 60s --latency \
    "http://127.0.0.1:$PORT/health/live" >"$work/probe.txt"
  local load_rps=0
  if [ -n "$load_pid" ]; then
    wait "$load_pid"
    load_rps=$(awk '/Requests\/sec/ {print $2}' "$work/load.txt")
  fi
  local p50 p99 probe_rps
  p50=$(awk '$1 == "50%" {print $2}' "$work/probe.txt" | to_ms)
  p99=$(awk '$1 == "99%" {print $2}' "$work/probe.txt" | to_ms)
  probe_rps=$(awk '/Requests\/sec/ {print $2}' "$work/probe.txt")
  echo "$p50 $p99 $probe_rps $load_rps"
}

modes=(idle hash hash-inline)
declare -A p50s p99s loads
for round in $(seq 1 "$ROUNDS"); do
  for mode in "${modes[@]}"; do
    start_server
    read -r p50 p99 probe_rps load_rps < <(measure "$mode")
    warnings=$(grep -c 'has been blocked' "$work/server.log" || true)
    stop_server
    p50s[$mode]="${p50s[$mode]:-} $p50"; p99s[$mode]="${p99s[$mode]:-} $p99"; loads[$mode]="${loads[$mode]:-} $load_rps"
    printf 'round %d  %-12s probe p50 %9s ms  p99 %9s ms  probe %8s req/s  hashes %7s req/s  loop-guard WARNs %s\n' \
      "$round" "$mode" "$p50" "$p99" "$probe_rps" "$load_rps" "$warnings"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "medians over $ROUNDS rounds (${DURATION}s each; PBKDF2 x $ITERATIONS; $CONNECTIONS hashing connections;" \
  "server on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU):"
for mode in "${modes[@]}"; do
  printf '  %-12s probe p50 %9.2f ms   p99 %9.2f ms   hashes %7.1f req/s\n' "$mode" \
    "$(echo "${p50s[$mode]}" | median)" "$(echo "${p99s[$mode]}" | median)" "$(echo "${loads[$mode]}" | median)"
done
awk -v a="$(echo "${p50s[hash-inline]}" | median)" -v b="$(echo "${p50s[hash]}" | median)" \
    -v c="$(echo "${p99s[hash-inline]}" | median)" -v d="$(echo "${p99s[hash]}" | median)" \
    -v e="$(echo "${loads[hash-inline]}" | median)" -v f="$(echo "${loads[hash]}" | median)" \
  'BEGIN {printf "ratios inline / offloaded: probe p50 %.0fx, probe p99 %.0fx, hash throughput %.2fx\n", a/b, c/d, e/f}'
