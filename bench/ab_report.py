#!/usr/bin/env python3
"""Summary of a bench/run --ab run (bench/ab.sh's ab.jsonl and ab-sides.jsonl): per shape and side the median req/s,
p99 and CPU per request over the rounds, and in how many rounds (pairs) B beat A. Writes the JSON result and prints
a table; exits 1 if any request failed or either gateway logged an error or a leak. A side that ran with
-XX:NativeMemoryTracking=summary left the JVM's account of its memory (nmt-<side>.txt): its committed total and
categories go into that side's entry and its line of the table."""
import argparse
import json
import re
import sys
from pathlib import Path

from wrk_rounds import medians, round_result

SHAPES = ("get", "post4k", "big")
SHAPE_NAMES = {"get": "GET ?query", "post4k": "POST 4 KiB", "big": "GET 1 MiB"}


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


# "Total: reserved=1633205KB, committed=203649KB" and "-   Java Heap (reserved=131072KB, committed=65920KB)".
NMT_TOTAL = re.compile(r"^Total: reserved=\d+KB, committed=(\d+)KB", re.M)
NMT_CATEGORY = re.compile(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", re.M)


def native_memory(path):
    """The committed total and per-category KiB of a jcmd VM.native_memory summary, or None without one."""
    if not path.exists():
        return None
    text = path.read_text()
    total = NMT_TOTAL.search(text)
    if not total:
        return None
    categories = {name: int(kib) for name, kib in NMT_CATEGORY.findall(text)}
    return {"committed_kib": int(total.group(1)),
            "categories_kib": dict(sorted(categories.items(), key=lambda item: -item[1]))}


def memory_line(side):
    line = f"RSS {side.get('rss_kib', 0) // 1024} MiB after the rounds"
    nmt = side.get("native_memory")
    if nmt:
        largest = ", ".join(f"{name} {kib // 1024}" for name, kib in list(nmt["categories_kib"].items())[:5])
        line += f"; JVM committed {nmt['committed_kib'] // 1024} MiB ({largest})"
    return line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--meta", nargs="*", default=[])
    args = parser.parse_args()

    rows = read_jsonl(args.work / "ab.jsonl")
    sides = {s["side"]: s for s in read_jsonl(args.work / "ab-sides.jsonl")}
    for side, entry in sides.items():
        nmt = native_memory(args.work / f"nmt-{side}.txt")
        if nmt:
            entry["native_memory"] = nmt
    shapes = {}
    for shape in SHAPES:
        by_side = {side: sorted((round_result(r) for r in rows if r["shape"] == shape and r["side"] == side),
                                key=lambda m: m["round"]) for side in ("a", "b")}
        if not by_side["a"] or not by_side["b"]:
            continue
        pairs = list(zip(by_side["a"], by_side["b"]))
        shapes[shape] = {
            "a": {"median": medians(by_side["a"]), "rounds": by_side["a"]},
            "b": {"median": medians(by_side["b"]), "rounds": by_side["b"]},
            "pairs": len(pairs),
            "b_lower_p99": sum(b["p99_ms"] < a["p99_ms"] for a, b in pairs),
            "b_more_rps": sum(b["rps"] > a["rps"] for a, b in pairs),
        }
    errors = sum(m["errors"] for s in shapes.values() for side in ("a", "b") for m in s[side]["rounds"])
    log_problems = sum(s.get("errors", 0) + s.get("leaks", 0) for s in sides.values())
    result = {"meta": dict(m.split("=", 1) for m in args.meta), "sides": sides, "shapes": shapes,
              "request_errors": errors, "log_errors_and_leaks": log_problems}
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    for side in ("a", "b"):
        s = sides.get(side, {})
        print(f"{side.upper()}: flags '{s.get('flags', '')}', {memory_line(s)}")
    print(f"{'shape':<11} {'side':<4} {'req/s':>8} {'p99 ms':>8} {'CPU us/req':>10}   p99 per round (ms)")
    for shape, s in shapes.items():
        for side in ("a", "b"):
            med = s[side]["median"]
            per_round = " ".join(f"{m['p99_ms']:.1f}" for m in s[side]["rounds"])
            print(f"{SHAPE_NAMES[shape]:<11} {side.upper():<4} {med['rps']:>8.0f} {med['p99_ms']:>8.2f} "
                  f"{med['cpu_us_per_request']:>10.0f}   {per_round}")
        print(f"{'':<11} B lower p99 in {s['b_lower_p99']} of {s['pairs']} pairs, more req/s in {s['b_more_rps']}")
    print(f"request errors: {errors}; gateway log errors and leak reports: {log_problems}")
    print(f"result: {args.out}")
    return 1 if errors or log_problems or not shapes else 0


if __name__ == "__main__":
    sys.exit(main())
