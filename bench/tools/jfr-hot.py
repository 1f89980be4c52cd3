#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: top frames (self) and methods on the stack (total).

usage: jfr-hot.py recording.jfr [N] [filter-substring]
Only samples of threads whose name contains the filter (default: all) are counted.
"""
import collections, json, subprocess, sys

path = sys.argv[1]
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
thread_filter = sys.argv[3] if len(sys.argv) > 3 else ""
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]
self_count, total_count, threads = collections.Counter(), collections.Counter(), collections.Counter()
n = 0
for e in events:
    v = e["values"]
    thread = (v.get("sampledThread") or {}).get("javaName") or "?"
    if thread_filter not in thread:
        continue
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    n += 1
    names = []
    for f in frames:
        m = f["method"]
        names.append(m["type"]["name"] + "." + m["name"])
    self_count[names[0]] += 1
    for name in set(names):
        total_count[name] += 1
    base = thread.rstrip("0123456789-. ")
    threads[base] += 1
print(f"{n} CPU samples (jdk.ExecutionSample; JFR sees Java code only, not kernel time)")
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, path], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)["recording"]["events"]
starts = events("jdk.ThreadStart")
print(f"{len(starts)} threads started during the recording (jdk.ThreadStart)")
loads = [e["values"] for e in events("jdk.CPULoad")]
busy = [v for v in loads if v["machineTotal"] > 0.5]
if busy:
    avg = lambda k: sum(v[k] for v in busy) / len(busy)
    print(f"CPU while busy (machineTotal > 0.5, {len(busy)} readings): this JVM user {avg('jvmUser'):.2f},"
          f" this JVM kernel {avg('jvmSystem'):.2f}, whole machine {avg('machineTotal'):.2f}")
print("\nby thread (name without numbers):")
for t, c in threads.most_common(12):
    print(f"  {100.0 * c / n:5.1f}%  {t}")
print("\nself (top frame):")
for m, c in self_count.most_common(top_n):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\ntotal (on stack):")
for m, c in total_count.most_common(top_n * 2):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
