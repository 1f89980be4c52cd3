#!/usr/bin/env bash
# Reproduces every number in bench/README.md. Run from the repository root on a quiet machine:
#   ./mvnw -B -pl bench -am package -DskipTests && bench/run-all.sh [step...]
# Steps: load-10k load-1m memory jmh ttl-ways profile (default: the first four, in this order).
# Results go to bench/results/<step>/. Each load step starts a two-member cluster on ports 5741-5742
# (this JVM and a child JVM it stops at the end) and takes 3 to 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
AGENT=bench/target/weft-agent.jar
[ -f "$JAR" ] && [ -f "$AGENT" ] || { echo "build first: ./mvnw -B -pl bench -am package -DskipTests" >&2; exit 1; }
# The module flags Hazelcast asks for ("to get the best performance results"), on both members.
OPENS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
JVM="-Xmx6g -XX:+UseG1GC $OPENS"
# shellcheck disable=SC2206
DRIVER=(java $JVM -javaagent:"$AGENT" -cp "$JAR" dev.weft.bench.load.LoadDriver)
MEMBER_JVM="$JVM"
ALL_SYSTEMS=weft,weft-state-changes,spring,raw,floor,weft-window-0,weft-bridge,weft-api
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(load-10k load-1m memory jmh)
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
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
echo "=== done $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
