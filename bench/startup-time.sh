#!/usr/bin/env bash
# Start-up cost of the agent. The demo shop refuses to start without the agent (issue 11), so:
#  1. the demo with the agent: median time from `java` to the first answered HTTP request (/health);
#  2. the agent's own cost: a Hello world with and without -javaagent, alternating (wall and CPU).
# Build first: ./mvnw -B -DskipTests package -pl agent,demo -am
#   bench/startup-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
agent="agent/target/weft-agent-${version}.jar"
cp="demo/target/weft-demo-${version}.jar:demo/target/lib/*"
[ -f "$agent" ] && [ -f "demo/target/weft-demo-${version}.jar" ] \
  || { echo "build first: ./mvnw -B -DskipTests package -pl agent,demo -am" >&2; exit 1; }
port=18181
opens=(--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
       --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens java.management/sun.management=ALL-UNNAMED
       --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

demo_run() { # prints milliseconds from `java` to the first answered /health
  local start end pid
  start=$(date +%s%N)
  java -javaagent:"$agent" -Dhazelcast.logging.type=none "${opens[@]}" -cp "$cp" dev.weft.demo.ShopMain \
    --port "$port" --hz-port 5751 >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:${port}/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the demo exited before answering" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

hello_dir=$(mktemp -d)
trap 'rm -rf "$hello_dir"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  > "$hello_dir/Hello.java"
javac -d "$hello_dir" "$hello_dir/Hello.java"
hello_run() { # $1: extra JVM flag (the agent) or empty; prints "wall_ms cpu_ms"
  local out
  out=$( { TIMEFORMAT='%R %U %S'; time java ${1:+"$1"} -cp "$hello_dir" Hello >/dev/null; } 2>&1 )
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

demo=(); hw_wall=(); hw_cpu=(); ha_wall=(); ha_cpu=()
for ((i = 0; i < runs; i++)); do
  demo+=("$(demo_run)")
  read -r w c <<<"$(hello_run "")"; hw_wall+=("$w"); hw_cpu+=("$c")
  read -r w c <<<"$(hello_run "-javaagent:${agent}")"; ha_wall+=("$w"); ha_cpu+=("$c")
done
m() { printf '%s\n' "$@" | median; }
echo "runs: ${runs} each"
echo "demo with agent, to first /health: median $(m "${demo[@]}") ms  (${demo[*]})"
echo "hello world without agent: median wall $(m "${hw_wall[@]}") ms, CPU $(m "${hw_cpu[@]}") ms"
echo "hello world with agent:    median wall $(m "${ha_wall[@]}") ms, CPU $(m "${ha_cpu[@]}") ms"
echo "agent adds to a hello world: $(( $(m "${ha_wall[@]}") - $(m "${hw_wall[@]}") )) ms wall, $(( $(m "${ha_cpu[@]}") - $(m "${hw_cpu[@]}") )) ms CPU (median differences)"
