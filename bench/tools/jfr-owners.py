#!/usr/bin/env python3
"""Splits a JFR recording's CPU samples by whose code was running: each sample is charged to the
package group of its top frame, or, when that frame is the JDK's (java., jdk., sun.), to the first
frame below it that is not; then, for Weft's groups, its hottest methods (self, with JDK frames
charged to them the same way). With --alloc, the same for allocation samples
(jdk.ObjectAllocationSample, by their weight in bytes) instead of CPU samples.

usage: jfr-owners.py [--alloc] recording.jfr [N] [thread-filter]
"""
import collections, json, subprocess, sys

args = sys.argv[1:]
alloc = args[:1] == ["--alloc"]
if alloc:
    args = args[1:]
path = args[0]
top_n = int(args[1]) if len(args) > 1 else 20
thread_filter = args[2] if len(args) > 2 else ""
event = "jdk.ObjectAllocationSample" if alloc else "jdk.ExecutionSample"
GROUPS = [  # first match wins
    ("dev.weft.bench.", "bench harness (servlet, counting)"),
    ("dev.weft.servlet.", "Weft servlet filter"),
    ("dev.weft.store.hazelcast.", "Weft Hazelcast store (incl. entry processors)"),
    ("dev.weft.", "Weft runtime (scope, codec, bridge)"),
    ("tools.jackson.", "Jackson (Weft's value codec)"),
    ("com.fasterxml.jackson.", "Jackson (Weft's value codec)"),
    ("com.hazelcast.web.", "hazelcast-wm"),
    ("com.hazelcast.", "Hazelcast"),
    ("org.springframework.", "Spring Session"),
    ("org.eclipse.jetty.", "Jetty"),
    ("jakarta.servlet.", "Servlet API"),
    ("javax.servlet.", "Servlet API"),
]
JDK = ("java.", "jdk.", "sun.", "javax.management.", "com.sun.")

def group(name):
    for prefix, label in GROUPS:
        if name.startswith(prefix):
            return label
    return None

raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event, path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]
groups, weft_methods = collections.Counter(), collections.Counter()
n = 0
for e in events:
    v = e["values"]
    thread = (v.get("eventThread" if alloc else "sampledThread") or {}).get("javaName") or "?"
    if thread_filter not in thread:
        continue
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    weight = v["weight"] if alloc else 1
    n += weight
    names = [(f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]) for f in frames]
    owner, charged = None, None
    for name in names:
        g = group(name)
        if g is not None:
            owner, charged = g, name
            break
        if not name.startswith(JDK):
            owner, charged = "other", name
            break
    if owner is None:
        owner, charged = "JDK only (no caller in the stack depth)", names[0]
    groups[owner] += weight
    if owner.startswith("Weft") or owner.startswith("Jackson"):
        weft_methods[charged] += weight
what = f"{n / 1e6:,.0f} MB of sampled allocation weight" if alloc else f"{n} CPU samples"
print(f"{what} ({event}{', threads matching ' + repr(thread_filter) if thread_filter else ''});"
      " each charged to the first non-JDK frame from the top")
print()
for label, count in groups.most_common():
    print(f"{100.0 * count / n:6.1f}%  {label}")
print()
print("Weft's and its codec's methods (self, JDK frames charged to the caller):")
for name, count in weft_methods.most_common(top_n):
    print(f"{100.0 * count / n:6.1f}%  {name}")
