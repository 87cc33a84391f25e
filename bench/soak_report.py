#!/usr/bin/env python3
"""Verdict of a bench/run --soak run, from what bench/soak.sh left in the work directory (soak-plan.json, soak.jsonl
with one sample per minute, each minute's /actuator/prometheus text and upstream status, soak-log.json). Per minute:
requests and errors per method, p99, retries, credential refreshes, GC, RSS, the upstream's resets. Checks: no
idempotent (GET) request failed, RSS grew at most 10% after the first minute (the warm-up), the credentials were
refreshed every minute without failure, no Netty leak report. Writes the JSON result, prints a table and the
PASS/MISS lines; exits 1 on any MISS. --capacity FILE... prints the summed req/s of wrk runs (the soak's capacity);
--progress prints the last minute's line."""
import argparse
import json
import math
import re
import sys
from pathlib import Path

ERROR_KEYS = ("connect_errors", "read_errors", "write_errors", "timeouts", "status_errors")
RSS_GROWTH_LIMIT = 0.10
# name{labels} value, as Prometheus' text format writes a sample.
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def metric(text, name, **labels):
    """Sum of the samples of a metric whose labels have the given values (a value starting with ! excludes)."""
    total = 0.0
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if not match or match.group(1) != name:
            continue
        have = dict(LABEL.findall(match.group(2) or ""))
        if all(have.get(k) != v[1:] if v.startswith("!") else have.get(k) == v for k, v in labels.items()):
            total += float(match.group(3))
    return total


def counters(work, row):
    """The cumulative counters of a sample: the gateway's meters and the upstream's stub_status."""
    prom_path = work / row["prometheus"]
    text = prom_path.read_text() if prom_path.exists() else ""
    status_path = work / row["upstream_status"]
    # stub_status, third line: accepts handled requests
    numbers = status_path.read_text().splitlines()[2].split() if status_path.exists() else ["0", "0", "0"]
    return {
        "gc_count": metric(text, "jvm_gc_pause_seconds_count"),
        "gc_s": metric(text, "jvm_gc_pause_seconds_sum"),
        "retries": metric(text, "sigv4_gateway_upstream_retries_total", outcome="!budget-exhausted"),
        "retries_refused": metric(text, "sigv4_gateway_upstream_retries_total", outcome="budget-exhausted"),
        "refreshes": metric(text, "sigv4_gateway_credentials_refreshes_total", outcome="success"),
        "refresh_failures": metric(text, "sigv4_gateway_credentials_refreshes_total", outcome="failure"),
        "heap_mib": metric(text, "jvm_memory_used_bytes", area="heap") / 2**20,
        "direct_mib": metric(text, "jvm_buffer_memory_used_bytes", id="direct") / 2**20,
        "upstream_accepts": int(numbers[0]),
        "upstream_requests": int(numbers[2]),
        "dropped": row["dropped"],
    }


def method_result(w):
    return {"requests": w["requests"], "rps": round(w["requests"] * 1e6 / max(w["duration_us"], 1), 1),
            "errors": sum(w[k] for k in ERROR_KEYS), "socket_errors": sum(w[k] for k in ERROR_KEYS[:4]),
            "statuses": w.get("statuses", {}), "reasons": w.get("reasons", {}), "p99_ms": w["p99_us"] / 1000}


def minute_result(row, before, now):
    delta = {k: now[k] - before[k] for k in ("gc_count", "gc_s", "retries", "retries_refused", "refreshes",
                                             "refresh_failures", "upstream_accepts", "upstream_requests", "dropped")}
    by_method = {w["method"]: method_result(w) for w in row["wrk"] or []}
    return {
        "minute": row["minute"], "complete": {"GET", "POST"} <= by_method.keys(), "methods": by_method,
        "requests": sum(m["requests"] for m in by_method.values()),
        # The combined p99 is at most the higher of the two methods' p99 (each has 99% of its requests below it).
        "p99_ms": max((m["p99_ms"] for m in by_method.values()), default=None),
        "retries": int(delta["retries"]), "retries_refused": int(delta["retries_refused"]),
        "refreshes": int(delta["refreshes"]), "refresh_failures": int(delta["refresh_failures"]),
        "gc_count": int(delta["gc_count"]), "gc_ms": round(delta["gc_s"] * 1000, 1),
        "rss_mib": round(row["rss_kib"] / 1024, 1), "heap_mib": round(now["heap_mib"], 1),
        "direct_mib": round(now["direct_mib"], 1), "upstream_requests": delta["upstream_requests"],
        "upstream_resets": delta["dropped"], "upstream_new_connections": delta["upstream_accepts"] - 1,
    }


def check(name, status, measured):
    return {"check": name, "status": status, "measured": measured}


def checks(minutes, rss_kib, log):
    planned = len(minutes)
    get_errors = sum(m["methods"].get("GET", {}).get("errors", 0) for m in minutes)
    incomplete = [m["minute"] for m in minutes if not m["complete"]]
    result = [check("0 client-visible errors on idempotent requests (GET)",
                    "MISS" if get_errors or incomplete or not minutes else "PASS",
                    f"{get_errors} GET errors" + (f"; no wrk result in minute(s) {incomplete}" if incomplete else ""))]
    if planned >= 2:
        warm, end = rss_kib[1], rss_kib[planned]
        growth = (end - warm) / warm
        result.append(check(f"RSS growth <= {RSS_GROWTH_LIMIT:.0%} after warm-up (minute 1)",
                            "PASS" if growth <= RSS_GROWTH_LIMIT else "MISS",
                            f"{growth:+.1%} ({warm // 1024} -> {end // 1024} MiB)"))
    else:
        result.append(check(f"RSS growth <= {RSS_GROWTH_LIMIT:.0%} after warm-up (minute 1)", "n/a",
                            "needs 2 minutes or more"))
    refreshes = sum(m["refreshes"] for m in minutes)
    failures = sum(m["refresh_failures"] for m in minutes)
    result.append(check("credentials refreshed every minute, no failure",
                        "PASS" if refreshes >= planned - 1 and not failures else "MISS",
                        f"{refreshes} refreshes, {failures} failures in {planned} min"))
    result.append(check("no Netty leak report", "PASS" if not log.get("leaks") else "MISS",
                        f"{log.get('leaks', 'no log summary')} leak reports"))
    return result


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def wrk_lines(paths):
    for path in paths:
        for line in Path(path).read_text().splitlines():
            if line.startswith("SOAKJSON "):
                yield json.loads(line[len("SOAKJSON "):])


def progress(row):
    parts = [f"{w['method']} {w['requests']} req, p99 {w['p99_us'] / 1000:.1f} ms, "
             f"{sum(w[k] for k in ERROR_KEYS)} errors;" for w in row["wrk"] or []]
    return " ".join(parts + [f"RSS {row['rss_kib'] // 1024} MiB"])


def table(minutes):
    print(f"{'min':>3} {'GET':>7} {'err':>4} {'POST':>6} {'err':>4} {'p99 ms':>7} {'retry':>5} {'refr':>4} "
          f"{'GCs':>4} {'GC ms':>6} {'RSS':>5} {'heap':>5} {'resets':>6} {'new conn':>8}")
    for m in minutes:
        get, post = m["methods"].get("GET", {}), m["methods"].get("POST", {})
        p99 = f"{m['p99_ms']:.1f}" if m["p99_ms"] is not None else "-"
        print(f"{m['minute']:>3} {get.get('requests', 0):>7} {get.get('errors', 0):>4} {post.get('requests', 0):>6} "
              f"{post.get('errors', 0):>4} {p99:>7} {m['retries']:>5} {m['refreshes']:>4} {m['gc_count']:>4} "
              f"{m['gc_ms']:>6.0f} {m['rss_mib']:>5.0f} {m['heap_mib']:>5.0f} {m['upstream_resets']:>6} "
              f"{m['upstream_new_connections']:>8}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--meta", nargs="*", default=[])
    parser.add_argument("--capacity", nargs="+")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    if args.capacity:
        print(round(sum(w["requests"] * 1e6 / max(w["duration_us"], 1) for w in wrk_lines(args.capacity))))
        return 0
    rows = read_jsonl(args.work / "soak.jsonl")
    if args.progress:
        print(progress(rows[-1]))
        return 0

    plan_path = args.work / "soak-plan.json"
    plan = json.loads(plan_path.read_text()) if plan_path.exists() else {}
    log_path = args.work / "soak-log.json"
    log = json.loads(log_path.read_text()) if log_path.exists() else {}
    samples = [counters(args.work, row) for row in rows]
    minutes = [minute_result(rows[i], samples[i - 1], samples[i]) for i in range(1, len(rows))]
    rss_kib = [row["rss_kib"] for row in rows]
    results = checks(minutes, rss_kib, log)
    upstream = sum(m["upstream_requests"] for m in minutes)
    resets = sum(m["upstream_resets"] for m in minutes)
    middle = math.ceil(len(minutes) / 2)
    summary = {
        "requests": sum(m["requests"] for m in minutes),
        "get_errors": sum(m["methods"].get("GET", {}).get("errors", 0) for m in minutes),
        "post_errors": sum(m["methods"].get("POST", {}).get("errors", 0) for m in minutes),
        "retries": sum(m["retries"] for m in minutes),
        "refreshes": sum(m["refreshes"] for m in minutes),
        "upstream_reset_percent": round(100 * resets / upstream, 2) if upstream else None,
        "rss_mib": {"start": round(rss_kib[0] / 1024, 1) if rss_kib else None,
                    "middle": round(rss_kib[middle] / 1024, 1) if minutes else None,
                    "end": round(rss_kib[-1] / 1024, 1) if minutes else None},
    }
    result = {"meta": dict(m.split("=", 1) for m in args.meta), "plan": plan, "summary": summary,
              "minutes": minutes, "gateway_log": log, "checks": results}
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    print(f"capacity {plan.get('capacity_rps')} req/s; soak at {plan.get('rate_rps')} req/s "
          f"({plan.get('get_rps')} GET, {plan.get('post_rps')} POST) for {len(minutes)} min")
    table(minutes)
    rss = summary["rss_mib"]
    print(f"requests {summary['requests']}; errors GET {summary['get_errors']}, POST {summary['post_errors']} "
          f"(a reset POST is answered 502, not retried); retries {summary['retries']}; "
          f"credential refreshes {summary['refreshes']}")
    print(f"upstream resets {resets} of {upstream} requests ({summary['upstream_reset_percent']}%); "
          f"RSS start/middle/end {rss['start']} / {rss['middle']} / {rss['end']} MiB; gateway log: "
          f"{log.get('errors', '?')} errors, {log.get('warnings', '?')} warnings, {log.get('leaks', '?')} leaks")
    for c in results:
        print(f"{c['status']:<5} {c['check']}: {c['measured']}")
    print(f"result: {args.out}")
    return 1 if any(c["status"] == "MISS" for c in results) else 0


if __name__ == "__main__":
    sys.exit(main())
