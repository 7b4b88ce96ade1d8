#!/usr/bin/env bash
# The rolling-restart drill of docs/DEPLOYMENT.md: two `rest` instances behind a local nginx on 127.0.0.1,
# bounded load through nginx (wrk, POSTs and GETs, a few thousand requests over 30 s), and in the middle each instance
# in turn gets SIGTERM (graceful shutdown with a drain delay) and is started again. At the end it counts the
# answers by status, and checks that the rows stored in the two databases are exactly the POSTs answered 201:
# nothing lost, nothing written twice.
#
#   scripts/nginx-drill.sh
#   DURATION=60 PACE_MS=20 MAX_REQUESTS=20000 DRAIN_MS=3000 scripts/nginx-drill.sh
#
# It installs nginx from the distribution's packages when missing (without starting the system service), runs
# its own nginx with a config file in a temp dir, and stops everything it started, by PID. Exit status 0 when
# every request got a 2xx and the row count matches.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30}          # seconds of load, at most
CONNECTIONS=${CONNECTIONS:-8}     # wrk connections to nginx
THREADS=${THREADS:-2}             # wrk threads
PACE_MS=${PACE_MS:-50}            # each connection waits this long between requests: about 160 req/s in all
MAX_REQUESTS=${MAX_REQUESTS:-5000}   # a hard bound on the load, whatever the machine's speed
DRAIN_MS=${DRAIN_MS:-2000}
GRACE_MS=${GRACE_MS:-10000}
NGINX_PORT=${NGINX_PORT:-18480}
PORTS=(${PORT_A:-18481} ${PORT_B:-18482})
JAVA=${JAVA:-java}

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (apt-get)..." >&2
  # RUNLEVEL=1: Debian's invoke-rc.d then leaves the system service stopped; this drill runs its own nginx.
  (apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -f examples/target/loopline-examples.jar ]; then
  echo "building the jar (mvn -B -q package -DskipTests)..." >&2
  mvn -B -q package -DskipTests
fi

work=$(mktemp -d)
declare -a rest_pids=("" "")
nginx_pid=""
load_pid=""
started=$(date +%s.%N)
say() { printf '%6.1fs  %s\n' "$(echo "$(date +%s.%N) - $started" | bc)" "$*"; }

keep_work=""
cleanup() {
  for pid in "$load_pid" "${rest_pids[@]}" "$nginx_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  if [ -z "$keep_work" ]; then rm -rf "$work"; else echo "logs kept in $work" >&2; fi
}
trap cleanup EXIT

start_rest() { # index
  local i=$1
  "$JAVA" -Xms128m -Xmx256m -XX:+ExitOnOutOfMemoryError -jar examples/target/loopline-examples.jar rest \
    --host 127.0.0.1 --port "${PORTS[$i]}" --db "$work/db-$i" --drain-ms "$DRAIN_MS" --grace-ms "$GRACE_MS" \
    >>"$work/rest-$i.log" 2>&1 &
  rest_pids[$i]=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:${PORTS[$i]}/health/ready" && return 0
    kill -0 "${rest_pids[$i]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "instance $i did not become ready; its log:" >&2; tail -50 "$work/rest-$i.log" >&2; exit 1
}

restart_rest() { # index
  local i=$1 pid=${rest_pids[$1]} t0
  t0=$(date +%s.%N)
  say "instance $i (pid $pid, port ${PORTS[$i]}): SIGTERM"
  kill -TERM "$pid"
  wait "$pid" || true
  say "instance $i exited after $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s (drain ${DRAIN_MS} ms, then requests in flight); starting it again"
  start_rest "$i"
  say "instance $i ready again (pid ${rest_pids[$i]})"
}

cat >"$work/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  # Which instance answered what, and how long it took: a retried request lists both attempts.
  log_format drill '\$status \$request_method \$uri upstream=\$upstream_addr upstream_status=\$upstream_status '
                   'seconds=\$request_time';
  access_log $work/nginx-access.log drill;
  client_body_temp_path $work/client_body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream rest {
    # Passive health check: one failed attempt takes an instance out of rotation for 2 s.
    server 127.0.0.1:${PORTS[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${PORTS[1]} max_fails=1 fail_timeout=2s;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://rest;
      # A refused connection (the instance has stopped accepting) or a 503 is tried on the other instance.
      # POST is retried only when nothing was sent yet; non_idempotent is deliberately not set.
      proxy_next_upstream error timeout http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
      proxy_read_timeout 15s;
    }
  }
}
EOF

start_rest 0
start_rest 1
"$NGINX" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/health/live" && break; sleep 0.1; done
say "nginx (pid $nginx_pid) on :$NGINX_PORT in front of instances on :${PORTS[0]} and :${PORTS[1]}"

# wrk keeps CONNECTIONS connections to nginx; each one POSTs one request in three and GETs the list otherwise and
# waits PACE_MS between requests. After DURATION seconds, or MAX_REQUESTS answers, it sends nothing more, and wrk
# runs 5 s longer so that every request sent is answered and counted (wrk drops what is in flight when it ends,
# and an uncounted POST would look like a row written twice). It counts the answers by status itself.
cat >"$work/drill.lua" <<LUA
local max_per_thread = math.floor($MAX_REQUESTS / $THREADS)
local deadline = os.time() + $DURATION
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) sent = 0; answers = 0; statuses = {} end
function delay()
  if answers >= max_per_thread or os.time() >= deadline then return 3600000 end -- done: send nothing more
  return $PACE_MS
end
function request()
  sent = sent + 1
  if sent % 3 == 1 then
    return wrk.format("POST", "/todos", {["Content-Type"] = "application/json"}, '{"title": "drill"}')
  end
  return wrk.format("GET", "/todos?limit=5")
end
function response(status)
  answers = answers + 1
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + n end
  end
  for status, n in pairs(totals) do io.write(string.format("status %s %d\\n", status, n)) end
  local e = summary.errors
  io.write(string.format("errors connect %d read %d write %d timeout %d\\n", e.connect, e.read, e.write, e.timeout))
end
LUA
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((DURATION + 5))s" --timeout 4s -s "$work/drill.lua" \
  "http://127.0.0.1:$NGINX_PORT" >"$work/wrk.txt" 2>&1 &
load_pid=$!
say "load: wrk, $CONNECTIONS connections through nginx, one request per ${PACE_MS} ms each, for ${DURATION} s or $MAX_REQUESTS answers"

sleep $((DURATION / 5))
restart_rest 0
sleep 2
restart_rest 1

wait "$load_pid"
load_pid=""
say "load finished"

statuses=$(awk '$1 == "status"' "$work/wrk.txt")
errors=$(awk '$1 == "errors" {print $3 + $5 + $7 + $9}' "$work/wrk.txt")
total=$(echo "$statuses" | awk '{n += $3} END {print n + 0}')
ok=$(echo "$statuses" | awk '$2 ~ /^2/ {n += $3} END {print n + 0}')
created=$(echo "$statuses" | awk '$2 == "201" {print $3}')
created=${created:-0}
stored=0
for i in 0 1; do
  rows=$(curl -sf "http://127.0.0.1:${PORTS[$i]}/todos?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')
  echo "instance $i stores $rows rows"
  stored=$((stored + rows))
done
refused=$(grep -c 'Connection refused) while connecting to upstream' "$work/nginx-error.log" || true)
reset=$(grep -c 'reset by peer\|prematurely closed' "$work/nginx-error.log" || true)

echo
echo "answers through nginx: $total; 2xx: $ok; other statuses: $((total - ok)); transport errors: $errors"
echo "by status (201: POST /todos, 200: GET /todos):"
echo "$statuses" | sort | sed 's/^status /  /'
grep '^Requests/sec\|requests in' "$work/wrk.txt" | sed 's/^ */  wrk: /'
echo "POSTs answered 201: $created; rows stored in the two databases: $stored"
echo "nginx error log: $refused refused connection(s) retried on the other instance, $reset reset or closed upstream connection(s)"
{ grep -h 'Shutting down\|stopped in\|grace period' "$work"/rest-*.log || true; } | sed 's/^/  rest: /'
echo "retried by nginx (status, request, the attempts' upstreams and statuses):"
{ grep ', ' "$work/nginx-access.log" || true; } | sed 's/^/  /' | head -20
echo "answers other than 2xx, as nginx logged them:"
awk '$1 !~ /^2/' "$work/nginx-access.log" | sed 's/^/  /' | head -20
echo "5xx answered by the instances:"
{ grep -h 'status=5' "$work"/rest-*.log || true; } | sed 's/^/  /' | head -20

if [ "$total" -gt 0 ] && [ "$ok" = "$total" ] && [ "$errors" = 0 ] && [ "$created" = "$stored" ]; then
  echo "PASS: no request failed, and every 201 is stored exactly once"
else
  echo "FAIL"; keep_work=yes
  exit 1
fi
