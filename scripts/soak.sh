#!/usr/bin/env bash
# Soak: mixed load on one Loopline server for a while, sampling the server's RSS, threads, loop lag and counters
# every 10 s; fails if any of them keeps growing, or if anything is left in flight or open after the load.
#
#   mvn -B -q package -DskipTests      # once, from a clean clone
#   scripts/soak.sh [minutes=10] [client threads=16]
#
# Loopback only; it stops by itself and stops the processes it started, by PID. Samples and the report go to
# server-core/target/soak/. The server and the load are test tools from server-core's test sources.
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES="${1:-10}"
THREADS="${2:-16}"
SAMPLE_SECONDS=10
OUT=server-core/target/soak
TESTS=server-core/target/test-classes
[[ -d "$TESTS" ]] || { echo "run 'mvn -B -q package -DskipTests' first: $TESTS is missing" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT/port"

mvn -B -q -pl server-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak/classpath
CP="server-core/target/classes:$TESTS:$(cat "$OUT/classpath")"

SERVER_PID=""
LOAD_PID=""
stop() {
    [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
    if [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; then
        wait "$SERVER_PID" 2>/dev/null || true   # SIGTERM: the server closes gracefully
    fi
}
trap stop EXIT

java -Xmx256m -cp "$CP" dev.loopline.server.reliability.soak.SoakServer "$OUT/port" > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do [[ -s "$OUT/port" ]] && break; sleep 0.2; done
[[ -s "$OUT/port" ]] || { echo "the soak server did not start; see $OUT/server.log" >&2; exit 1; }
PORT="$(cat "$OUT/port")"
echo "soak: server pid $SERVER_PID on 127.0.0.1:$PORT, $THREADS client threads for $MINUTES min"

COLUMNS="phase,elapsed_s,rss_kib,threads,in_flight,open_connections,requests_total,connections_refused,handler_timeouts,cpu_rejected,blocking_rejected,lag_p99_us,max_lag_us,heap_used_mib"
echo "$COLUMNS" > "$OUT/samples.csv"
sample() { # $1: phase
    local rss threads stats
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"
    threads="$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status")"
    stats="$(curl -s --max-time 10 "http://127.0.0.1:$PORT/stats")"
    echo "$1,$(( $(date +%s) - START )),$rss,$threads,$stats" | tee -a "$OUT/samples.csv"
}

START="$(date +%s)"
java -cp "$CP" dev.loopline.server.reliability.soak.SoakLoad "$PORT" "$(( MINUTES * 60 ))" "$THREADS" \
    > "$OUT/load.log" 2>&1 &
LOAD_PID=$!
while kill -0 "$LOAD_PID" 2>/dev/null; do
    sleep "$SAMPLE_SECONDS"
    kill -0 "$LOAD_PID" 2>/dev/null && sample load
done
LOAD_STATUS=0
wait "$LOAD_PID" || LOAD_STATUS=$?
LOAD_PID=""
tail -1 "$OUT/load.log"

# Idle connections close after the server's idle timeout (5 s): then nothing may be in flight or open.
sleep 8
sample after

REPORT_STATUS=0
java -cp "$CP" dev.loopline.server.reliability.soak.SoakReport "$OUT/samples.csv" | tee "$OUT/report.md" \
    || REPORT_STATUS=$?
if (( LOAD_STATUS != 0 || REPORT_STATUS != 0 )); then
    echo "soak FAILED (load exit $LOAD_STATUS, report exit $REPORT_STATUS)"
    exit 1
fi
echo "soak passed"
