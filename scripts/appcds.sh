#!/usr/bin/env bash
# Creates an AppCDS archive (application class-data sharing) for a Loopline jar: one training run that starts the
# application, serves one request and exits, with -XX:ArchiveClassesAtExit. The JVM writes every class that run
# loaded, already parsed and verified, into the archive; later starts map it instead of reading, parsing and
# verifying those classes again from the jar. Needs only a JDK 17+ and (to build a missing jar) Maven.
#
#   scripts/appcds.sh                           # the examples jar, training run: hello, GET /plaintext
#   java -XX:SharedArchiveFile=examples/target/loopline-examples.jsa -jar examples/target/loopline-examples.jar hello
#
#   scripts/appcds.sh --jar app.jar --archive app.jsa --path /health/ready -- --port PORT
#   scripts/appcds.sh --jar loadtest/target/loopline-loadtest.jar --main dev.loopline.loadtest.startup.MinimalNettyServer \
#       --archive /tmp/netty.jsa -- PORT
#
# Options:
#   --jar FILE      the application jar (default examples/target/loopline-examples.jar; built with Maven if missing)
#   --main CLASS    run CLASS from the jar's class path instead of the jar's Main-Class
#   --archive FILE  the archive to write (default: the jar's path with .jsa for .jar)
#   --path PATH     the training request, GET PATH on 127.0.0.1 (default /plaintext)
#   --java FILE     the java executable (default $JAVA_HOME/bin/java, else java on the PATH)
#   --aot           JDK 25+: an AOT cache (-XX:AOTCacheOutput, JEP 483/514) instead of a CDS archive: classes also
#                   loaded and linked ahead of time; start with -XX:AOTCache=FILE (default extension .aot)
#   -- ARGS...      the application's arguments; the word PORT is replaced by a free port
#                   (default for the examples jar: hello --host 127.0.0.1 --port PORT)
#
# The archive is valid only for the same JDK build and the same jar (path, size and modification time): after a
# rebuild, run this again. A JVM given an archive that does not match says so in a warning and starts without it.
# On JDK 19+ -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=FILE does the same without a training run: the
# first start writes the archive, later ones use it (see docs/STARTUP.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

jar="$root/examples/target/loopline-examples.jar"
main=""
archive=""
aot=false
path="/plaintext"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
app_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --main) main="$2"; shift 2 ;;
    --archive) archive="$2"; shift 2 ;;
    --path) path="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    --aot) aot=true; shift ;;
    --) shift; app_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "appcds.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -f "$jar" ]]; then
  if [[ "$jar" == "$root/examples/target/loopline-examples.jar" ]]; then
    echo "appcds.sh: $jar is missing; building it (mvn -B -q package -DskipTests -pl examples -am)" >&2
    (cd "$root" && mvn -B -q package -DskipTests -pl examples -am) >&2
  else
    echo "appcds.sh: no jar at $jar" >&2
    exit 2
  fi
fi
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")" # the archive records the class path: make it absolute
if [[ "$aot" == true ]]; then
  archive="${archive:-${jar%.jar}.aot}"
else
  archive="${archive:-${jar%.jar}.jsa}"
fi
if [[ ${#app_args[@]} -eq 0 ]]; then
  app_args=(hello --host 127.0.0.1 --port PORT)
fi

feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
if [[ -z "$feature" || "$feature" -lt 17 ]]; then
  echo "appcds.sh: $java is not a JDK 17+ (java.specification.version '${feature:-?}')" >&2
  exit 2
fi
if [[ "$aot" == true && "$feature" -lt 25 ]]; then
  echo "appcds.sh: --aot needs a JDK 25+ ($java is $feature); without --aot it makes a CDS archive" >&2
  exit 2
fi
if [[ "$aot" == true ]]; then
  train_flag="-XX:AOTCacheOutput=$archive" # JDK 25: records this run, then writes the cache as the JVM exits
  use_flag="-XX:AOTCache=$archive"
else
  train_flag="-XX:ArchiveClassesAtExit=$archive"
  use_flag="-XX:SharedArchiveFile=$archive"
fi

# A free port: one that nothing answers on now (bash's /dev/tcp, so that no other tool is needed).
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[[ -n "$port" ]] || { echo "appcds.sh: found no free port" >&2; exit 1; }
for i in "${!app_args[@]}"; do
  app_args[$i]="${app_args[$i]//PORT/$port}"
done

flags=()
if [[ "$feature" -ge 24 ]]; then
  flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow) # Netty's natives, quietly
fi
if [[ -n "$main" ]]; then
  launch=(-cp "$jar" "$main")
else
  launch=(-jar "$jar")
fi

mkdir -p "$(dirname "$archive")"
rm -f "$archive"
log="$(mktemp -t appcds-training.XXXXXX.log)"
echo "appcds.sh: training run: $java $train_flag ${flags[*]} ${launch[*]} ${app_args[*]}" >&2
"$java" "$train_flag" ${flags[@]+"${flags[@]}"} "${launch[@]}" "${app_args[@]}" >"$log" 2>&1 &
pid=$!

# Wait for the first response to GET $path, then stop the JVM with SIGTERM: it writes the archive as it exits
# (an AOT cache is assembled by a second JVM that the first one starts then; wait covers both).
status=""
for _ in $(seq 1 3000); do # up to 60 s
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "appcds.sh: the application exited before it answered; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
             printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3 &&
             IFS= read -r -t 10 line <&3 && printf '%s' "$line") 2>/dev/null || true)
  [[ "$status" == HTTP/* ]] && break
  sleep 0.02
done
if [[ "$status" != HTTP/* ]]; then
  echo "appcds.sh: no answer to GET $path on port $port within 60 s; output so far:" >&2
  cat "$log" >&2
  kill -KILL "$pid" 2>/dev/null || true
  exit 1
fi
echo "appcds.sh: GET $path answered ${status%$'\r'}; stopping the training run (pid $pid)" >&2
kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM
if [[ ! -s "$archive" ]]; then
  echo "appcds.sh: the JVM wrote no archive; its output:" >&2
  cat "$log" >&2
  exit 1
fi
rm -f "$log"
echo "appcds.sh: wrote $archive ($(( $(wc -c <"$archive") / 1024 / 1024 )) MiB). Start with:" >&2
echo "  $java $use_flag ${flags[*]} ${launch[*]} ..." >&2
echo "$archive"
