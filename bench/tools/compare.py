#!/usr/bin/env python3
"""Compares two load runs' summary.tsv files system by system (e.g. 10k against 1M sessions).

usage: compare.py base/summary.tsv other/summary.tsv
"""
import csv, sys

def load(path):
    with open(path) as f:
        return {row["system"]: row for row in csv.DictReader(f, delimiter="\t")}

base, other = load(sys.argv[1]), load(sys.argv[2])
a = f"{int(base[next(iter(base))]['sessions']):,}"
b = f"{int(other[next(iter(other))]['sessions']):,}"
print(f"| system | requests/s at {a} | at {b} | p50 at {a} | at {b} | p99 at {a} | at {b} | p99 {b} / {a} |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, b in base.items():
    o = other.get(name)
    if o is None:
        continue
    ratio = float(o["p99_us"]) / float(b["p99_us"])
    print(f"| {name} | {float(b['requests_per_s']):,.0f} | {float(o['requests_per_s']):,.0f} | "
          f"{float(b['p50_us']):,.0f} us | {float(o['p50_us']):,.0f} us | "
          f"{float(b['p99_us']):,.0f} us | {float(o['p99_us']):,.0f} us | {ratio:.2f}x |")
