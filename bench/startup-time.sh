#!/usr/bin/env bash
# Start-up cost of the agent: starts the demo shop N times with and without -javaagent, alternating,
# and reports the median time from `java` to the first answered HTTP request (/health), and the
# time to the end of premain as the agent itself logs it. Build first: ./mvnw -B -DskipTests package
#   bench/startup-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
agent="agent/target/weft-agent-${version}.jar"
cp="demo/target/weft-demo-${version}.jar:demo/target/lib/*"
port=18181
opens=(--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
       --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens java.management/sun.management=ALL-UNNAMED
       --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

one_run() { # $1: extra JVM flag (the agent) or empty; prints milliseconds to the first /health
  local start end pid
  start=$(date +%s%N)
  java ${1:+"$1"} -Dhazelcast.logging.type=none "${opens[@]}" -cp "$cp" dev.weft.demo.ShopMain \
    --port "$port" --hz-port 5751 >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:${port}/health" >/dev/null 2>&1; do sleep 0.005; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

with=(); without=()
for ((i = 0; i < runs; i++)); do
  without+=("$(one_run "")")
  with+=("$(one_run "-javaagent:${agent}")")
done
m_without=$(printf '%s\n' "${without[@]}" | median)
m_with=$(printf '%s\n' "${with[@]}" | median)
echo "runs: ${runs} each, alternating"
echo "without agent: median ${m_without} ms  (${without[*]})"
echo "with agent:    median ${m_with} ms  (${with[*]})"
echo "agent adds:    $(( m_with - m_without )) ms (median difference)"
