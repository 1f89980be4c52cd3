#!/usr/bin/env bash
# Reproduces every number in bench/README.md. Run from the repository root on a quiet machine:
#   ./mvnw -B -pl bench -am package -DskipTests && bench/run-all.sh [step...]
# Steps: load-10k load-1m memory jmh ttl-ways profile (default: the first four, in this order), and
# issue 13's HTTP benchmark, http-10k and http-profile, built apart:
#   ./mvnw -B -pl bench/http -am package -DskipTests && bench/run-all.sh http-10k
# Results go to bench/results/<step>/. Each load step starts a two-member cluster on ports 5741-5742
# (this JVM and a child JVM it stops at the end) and takes 3 to 8 minutes; the HTTP steps start a
# server JVM (Jetty on ports 18400-18405, member on 5743) that starts the second member (5744).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
AGENT=bench/target/weft-agent.jar
HTTP_CP='bench/http/target/weft-bench-http.jar:bench/http/target/lib/*'
HTTP_AGENT=bench/http/target/weft-agent.jar
need_bench() {
  [ -f "$JAR" ] && [ -f "$AGENT" ] || { echo "build first: ./mvnw -B -pl bench -am package -DskipTests" >&2; exit 1; }
}
need_http() {
  [ -f bench/http/target/weft-bench-http.jar ] && [ -f "$HTTP_AGENT" ] \
    || { echo "build first: ./mvnw -B -pl bench/http -am package -DskipTests" >&2; exit 1; }
}
# The module flags Hazelcast asks for ("to get the best performance results"), on both members.
OPENS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
JVM="-Xmx6g -XX:+UseG1GC $OPENS"
# shellcheck disable=SC2206
DRIVER=(java $JVM -javaagent:"$AGENT" -cp "$JAR" dev.weft.bench.load.LoadDriver)
MEMBER_JVM="$JVM"
ALL_SYSTEMS=weft,weft-state-changes,spring,raw,floor,weft-window-0,weft-bridge,weft-api,weft-ops
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(load-10k load-1m memory jmh)
for step in "${steps[@]}"; do
  case "$step" in http-*) need_http ;; *) need_bench ;; esac
done
for step in "${steps[@]}"; do
  echo "=== $step $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  case "$step" in
    load-10k)
      "${DRIVER[@]}" --sessions 10000 --rounds 4 --round-seconds 6 --warmup-seconds 5 \
        --systems "$ALL_SYSTEMS" --member-jvm "$MEMBER_JVM" --out bench/results/load-10k ;;
    load-1m)
      "${DRIVER[@]}" --sessions 1000000 --rounds 3 --round-seconds 6 --warmup-seconds 5 \
        --systems weft,weft-state-changes,spring,raw,floor \
        --member-jvm "$MEMBER_JVM" --out bench/results/load-1m ;;
    ttl-ways)
      # Issue 6's two ways to extend the TTL on a read: the shipped entry operation (weft) against
      # a plain get plus a second call when the stamp is older than the window (weft-get-first).
      for n in 10000 1000000; do
        "${DRIVER[@]}" --sessions $n --rounds 3 --round-seconds 6 --warmup-seconds 5 \
          --systems weft,weft-get-first,spring,floor --member-jvm "$MEMBER_JVM" \
          --out bench/results/ttl-ways-$n
      done ;;
    memory)
      "${DRIVER[@]}" --mode memory --sessions 100000 --member-jvm "$MEMBER_JVM" --out bench/results/memory ;;
    jmh)
      mkdir -p bench/results/jmh
      java -jar "$JAR" -rf json -rff bench/results/jmh/jmh.json 2>&1 | tee bench/results/jmh/jmh.txt ;;
    profile)
      # JFR on both members while the real Weft path runs alone; summaries with bench/tools/jfr-hot.py.
      mkdir -p bench/results/profile
      java $JVM -XX:StartFlightRecording=filename=bench/target/driver.jfr,settings=profile \
        -javaagent:"$AGENT" -cp "$JAR" dev.weft.bench.load.LoadDriver --sessions 10000 --rounds 1 \
        --round-seconds 20 --warmup-seconds 5 --systems weft \
        --member-jvm "$MEMBER_JVM -XX:StartFlightRecording=filename=bench/target/member2.jfr,settings=profile" \
        --out bench/results/profile
      python3 bench/tools/jfr-hot.py bench/target/driver.jfr 30 > bench/results/profile/driver-hot.txt
      python3 bench/tools/jfr-hot.py bench/target/member2.jfr 30 > bench/results/profile/member2-hot.txt ;;
    http-10k)
      # Issue 13: the 10k workload through HTTP on Jetty 12, one client JVM (this one), one server JVM
      # with the agent (every system on a Jetty server of its own, member 1) and the second member.
      java -Xmx2g -XX:+UseG1GC -cp "$HTTP_CP" dev.weft.bench.http.HttpBench --sessions 10000 --threads 8 \
        --rounds 7 --round-seconds 5 --warmup-seconds 12 --server-jvm "$JVM" --member-jvm "$MEMBER_JVM" \
        --agent "$HTTP_AGENT" --out bench/results/http-10k ;;
    http-profile)
      # JFR (started and stopped by jcmd, so the measured rounds only) on the server JVM and the second
      # member, one system at a time: weft, then the reference imap-floor; summaries with
      # bench/tools/jfr-hot.py (all threads, and Jetty's threads, which run the filters and the servlet)
      # and jfr-owners.py (CPU samples and allocations charged to Weft, Jackson, Hazelcast, Jetty).
      for system in weft imap-floor; do
        out=bench/results/http-profile/$system
        java -Xmx2g -XX:+UseG1GC -cp "$HTTP_CP" dev.weft.bench.http.HttpBench --sessions 10000 --threads 8 \
          --systems $system --rounds 2 --round-seconds 15 --warmup-seconds 10 --server-jvm "$JVM" \
          --member-jvm "$MEMBER_JVM" --agent "$HTTP_AGENT" --jfr bench/http/target/jfr-$system --out $out
        python3 bench/tools/jfr-hot.py bench/http/target/jfr-$system/server.jfr 40 > $out/server-hot.txt
        python3 bench/tools/jfr-hot.py bench/http/target/jfr-$system/server.jfr 60 qtp > $out/server-jetty-hot.txt
        python3 bench/tools/jfr-hot.py bench/http/target/jfr-$system/member2.jfr 30 > $out/member2-hot.txt
        python3 bench/tools/jfr-owners.py bench/http/target/jfr-$system/server.jfr 30 > $out/server-owners.txt
        python3 bench/tools/jfr-owners.py --alloc bench/http/target/jfr-$system/server.jfr 30 > $out/server-alloc-owners.txt
      done ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
echo "=== done $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
