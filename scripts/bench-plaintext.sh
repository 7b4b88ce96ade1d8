#!/usr/bin/env bash
# Loopline's hello service against a minimal raw-Netty server, on /plaintext, with wrk: each server pinned to
# CPU 0 (so both run one event loop), wrk pinned to CPU 1, rounds interleaved (A B A B ...), medians compared.
#
#   scripts/bench-plaintext.sh                  # 3 rounds of 10 s, 64 connections
#   ROUNDS=5 DURATION=15 CONNECTIONS=128 scripts/bench-plaintext.sh
#
# The SO_REUSEPORT comparison (two loops, one listener vs one listener per loop; both programs on both CPUs;
# a new connection per request, so that accepting is what is measured):
#   SERVERS="hello-2-loops hello-2-loops-reuseport" SERVER_CPU=0,1 LOAD_CPU=0,1 WRK_ARGS="-H Connection:close" \
#     scripts/bench-plaintext.sh
#
# Prints one line per measurement and a summary with each server's ratio to the first one.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18181}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA=${JAVA:-java}
WRK_ARGS=${WRK_ARGS:-}

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if [ ! -f examples/target/loopline-examples.jar ] || [ ! -f loadtest/target/loopline-loadtest.jar ]; then
  echo "building the jars (mvn -B -q package -DskipTests)..." >&2
  mvn -B -q package -DskipTests
fi

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

hello() { # hello options...
  taskset -c "$SERVER_CPU" "$JAVA" -Xms512m -Xmx512m -jar examples/target/loopline-examples.jar hello \
    --host 127.0.0.1 --port "$PORT" "$@" >/tmp/bench-server.log 2>&1 &
}

start_server() { # name
  case "$1" in
    loopline-hello) hello ;;
    hello-2-loops) hello --event-loops 2 --reuse-port 0 ;;
    hello-2-loops-reuseport) hello --event-loops 2 --reuse-port 1 ;;
    *)              taskset -c "$SERVER_CPU" "$JAVA" -Xms512m -Xmx512m -jar loadtest/target/loopline-loadtest.jar server "$1" \
                      --port "$PORT" >/tmp/bench-server.log 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/plaintext" && return 0
    sleep 0.05
  done
  echo "server $1 did not start; its log:" >&2; cat /tmp/bench-server.log >&2; exit 1
}

measure() { # seconds -> req/s
  # shellcheck disable=SC2086 # WRK_ARGS is a list of words
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${1}s" --latency $WRK_ARGS "http://127.0.0.1:$PORT/plaintext" \
    | awk '/Requests\/sec/ {print $2}'
}

read -r -a servers <<< "${SERVERS:-netty-raw loopline-hello}"
declare -A results
for round in $(seq 1 "$ROUNDS"); do
  for name in "${servers[@]}"; do
    start_server "$name"
    measure "$WARMUP" >/dev/null
    rps=$(measure "$DURATION")
    stop_server
    results[$name]="${results[$name]:-} $rps"
    printf 'round %d  %-20s %12s req/s\n' "$round" "$name" "$rps"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "median req/s over $ROUNDS rounds ($CONNECTIONS connections, ${DURATION}s, server on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU${WRK_ARGS:+, wrk $WRK_ARGS}):"
base=$(echo "${results[${servers[0]}]}" | median)
for name in "${servers[@]}"; do
  m=$(echo "${results[$name]}" | median)
  awk -v n="$name" -v m="$m" -v b="$base" -v f="${servers[0]}" \
    'BEGIN {printf "  %-24s %12.0f req/s   ratio to %s %.3f\n", n, m, f, m / b}'
done
