#!/usr/bin/env python3
"""Combines what bench/run measured into one JSON result and prints it as a table with each target's PASS/MISS.
The ratio targets (gateway / nginx-proxy) are read from the paired rounds (load.sh run_pairs) where they ran, and
from the single runs otherwise; each target says which. The HTTPS paths (gateway-https against nginx-https, both in
front of an HTTPS upstream) have their own ratios and targets, and the latency-bound runs (latency.jsonl) theirs.

Exit status 1 when any load scenario had socket errors, timeouts or non-2xx/3xx answers (wrk's "status" errors)
or completed no request at all, or the gateway logged a Netty leak; 0 otherwise. Missed targets are reported, not failed.

`report.py --markdown RESULT.json [RESULT.json ...]` prints the README's Performance tables from saved results
(a load run and a JMH run may be separate files; later files win).
"""
import argparse
import json
import statistics
import sys
from pathlib import Path

from wrk_rounds import medians, round_result

# The issue's targets, relative to nginx as a plain proxy where they say so.
MIN_THROUGHPUT_RATIO = 0.45      # gateway / nginx-proxy req/s, GET and 4 KiB POST
MAX_P99_RATIO = 3.0              # gateway / nginx-proxy p99, every shape
MAX_NEW_CONN_PER_1K = 0.1        # new upstream connections per 1k requests: reused, not opened per request
MAX_RSS_MIB = 200                # gateway RSS after its scenarios
MAX_SIGN_NS = 10_000             # JMH getWithQuery
MAX_SIGN_BYTES = 4096            # JMH getWithQuery, gc.alloc.rate.norm
MAX_STARTUP_MS = 1500            # launch to readiness 200, best setup
MAX_ADDED_P50_MS = 1.0           # latency-bound: gateway p50 over direct
MAX_ADDED_P99_MS = 5.0           # latency-bound: gateway p99 over direct
CHART_MEMORY_LIMIT_MIB = 512     # the chart's memory limit: the latency-bound gateway's peak RSS stays under it
FOOTPRINT_MAX_RSS_MIB = 128      # footprint profile: RSS under load
FOOTPRINT_MAX_STARTUP_MS = 2000  # footprint profile: launch to ready with the AOT cache (median)

PATH_ORDER = ["direct", "nginx", "gateway", "gateway-nolog", "nginx-https", "gateway-https"]
# (label, nginx path, gateway path): the plain-HTTP upstream and the HTTPS one.
VARIANTS = [("", "nginx", "gateway"), ("https", "nginx-https", "gateway-https")]
SHAPE_ORDER = ["get", "post4k", "big"]
SHAPE_NAMES = {"get": "GET ?query", "post4k": "POST 4 KiB", "big": "GET 1 MiB"}


def read_jsonl(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def scenario(raw):
    w = raw["wrk"]
    requests = w["requests"]
    errors = {k: w[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "status_errors")}
    cpu_s = raw["cpu_ticks"] / raw["clk_tck"]
    return {
        "path": raw["path"],
        "shape": raw["shape"],
        "url": raw["url"],
        "requests": requests,
        "duration_s": round(w["duration_us"] / 1e6, 3),
        "rps": round(requests / (w["duration_us"] / 1e6), 1),
        "mb_per_s": round(w["bytes"] / (w["duration_us"] / 1e6) / 1e6, 1),
        "latency_ms": {k: round(w[k + "_us"] / 1000, 3) for k in ("mean", "p50", "p90", "p99", "p999", "max")},
        "errors": errors,
        "errors_total": sum(errors.values()),
        "non_2xx": w["status_errors"],
        "cpu_s": round(cpu_s, 2),
        "cpu_s_per_10k": round(cpu_s / requests * 10_000, 3) if requests else None,
        "upstream_new_connections": raw["upstream_new_connections"],
        "upstream_new_conn_per_1k": round(raw["upstream_new_connections"] / requests * 1000, 4) if requests else None,
        # Inside the run only, away from wrk's start and end (estimated from the run's mean rate).
        "steady_new_connections": raw["steady_new_connections"],
        "steady_new_conn_per_1k": (round(raw["steady_new_connections"] / (requests / (w["duration_us"] / 1e6)
                                                                        * raw["steady_window_s"]) * 1000, 4)
                                   if raw["steady_new_connections"] is not None and requests else None),
        # Of those, the ones that replaced a closed connection: new minus the growth of the upstream's open
        # connections over the window (a pool growing to the load keeps what it opens; a proxy that opens a
        # connection per request closes as many as it opens).
        "steady_pool_growth": raw.get("steady_pool_growth"),
        "steady_reopened_conn_per_1k": (round(max(raw["steady_new_connections"] - max(raw["steady_pool_growth"], 0), 0)
                                              / (requests / (w["duration_us"] / 1e6) * raw["steady_window_s"]) * 1000, 4)
                                        if raw.get("steady_pool_growth") is not None and requests else None),
        "rss_mib": round(raw["rss_kib"] / 1024, 1) if raw["rss_kib"] is not None else None,
        "hwm_mib": round(raw["hwm_kib"] / 1024, 1) if raw["hwm_kib"] is not None else None,
    }


def paired(rows, nginx_path="nginx", gateway_path="gateway"):
    """nginx and the gateway in alternating rounds (load.sh run_pairs), per shape: each side's rounds and medians,
    and the ratios the targets read, median over median. A round in which either side answered nothing gives no
    ratio of its own. The result's sides are "nginx" and "gateway" whichever paths they were."""
    out = {}
    for shape in SHAPE_ORDER:
        sides = {side: sorted((round_result(r) for r in rows if r["shape"] == shape and r["path"] == path),
                              key=lambda m: m["round"])
                 for side, path in (("nginx", nginx_path), ("gateway", gateway_path))}
        if not sides["nginx"] or not sides["gateway"]:
            continue
        pairs = [(n, g) for n, g in zip(sides["nginx"], sides["gateway"]) if n["rps"] and n["p99_ms"]]
        nginx, gateway = medians(sides["nginx"]), medians(sides["gateway"])
        out[shape] = {
            "rounds": len(sides["gateway"]),
            "nginx": {"median": nginx, "rounds": sides["nginx"]},
            "gateway": {"median": gateway, "rounds": sides["gateway"]},
            "throughput": round(gateway["rps"] / nginx["rps"], 3) if nginx["rps"] else None,
            "p99": round(gateway["p99_ms"] / nginx["p99_ms"], 2) if nginx["p99_ms"] else None,
            "cpu_per_request": (round(gateway["cpu_us_per_request"] / nginx["cpu_us_per_request"], 2)
                                if nginx["cpu_us_per_request"] else None),
            "per_round_throughput": [round(g["rps"] / n["rps"], 3) for n, g in pairs],
            "per_round_p99": [round(g["p99_ms"] / n["p99_ms"], 2) for n, g in pairs],
        }
    return out


def jmh_results(path):
    if not path.exists():
        return []
    out = []
    for b in json.loads(path.read_text()):
        secondary = b.get("secondaryMetrics", {})
        alloc = secondary.get("gc.alloc.rate.norm", {}).get("score")
        out.append({
            "benchmark": b["benchmark"].rsplit(".", 1)[-1],
            "ns_per_op": round(b["primaryMetric"]["score"], 1),
            "ns_error": round(b["primaryMetric"]["scoreError"], 1) if b["primaryMetric"]["scoreError"] == b["primaryMetric"]["scoreError"] else None,
            "bytes_per_op": round(alloc, 1) if alloc is not None else None,
        })
    return out


def latency_bound(rows):
    """The latency-bound runs (load.sh run_latency) per connection count: direct and gateway side by side, what
    the gateway adds at p50 and p99, and its RSS."""
    out = []
    for conns in sorted({r["connections"] for r in rows}):
        runs = {r["path"]: r for r in rows if r["connections"] == conns}
        if "direct" not in runs or "gateway" not in runs:
            continue
        d, g = runs["direct"]["wrk"], runs["gateway"]["wrk"]
        errors = sum(w[k] for w in (d, g) for k in ("connect_errors", "read_errors", "write_errors", "timeouts",
                                                     "status_errors"))
        out.append({
            "connections": conns,
            "rate": runs["gateway"]["rate"],
            "direct": {"rps": round(d["requests"] * 1e6 / d["duration_us"], 1), "p50_ms": d["p50_us"] / 1000,
                       "p99_ms": d["p99_us"] / 1000},
            "gateway": {"rps": round(g["requests"] * 1e6 / g["duration_us"], 1), "p50_ms": g["p50_us"] / 1000,
                        "p99_ms": g["p99_us"] / 1000},
            "added_p50_ms": round((g["p50_us"] - d["p50_us"]) / 1000, 3),
            "added_p99_ms": round((g["p99_us"] - d["p99_us"]) / 1000, 3),
            "gateway_cpu_s_per_10k": (round(runs["gateway"]["gateway_cpu_ticks"] / runs["gateway"]["clk_tck"]
                                            / g["requests"] * 10_000, 3) if g["requests"] else None),
            "rss_mib": round(runs["gateway"]["rss_kib"] / 1024, 1),
            "hwm_mib": round(runs["gateway"]["hwm_kib"] / 1024, 1),
            "errors": errors,
            "requests": d["requests"] + g["requests"],
        })
    return out


def footprint(rows):
    """bench/footprint.sh's profiles: startup, RSS idle and under load, throughput and CPU."""
    out = []
    for r in rows:
        def wrk_summary(w):
            return {"rps": round(w["requests"] * 1e6 / w["duration_us"], 1), "p99_ms": w["p99_us"] / 1000,
                    "errors": sum(w[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts",
                                                 "status_errors"))}
        get, post = wrk_summary(r["get"]), wrk_summary(r["post4k"])
        out.append({
            "profile": r["profile"],
            "flags": r["flags"],
            "startup_ms": r["startup_ms"],
            "startup_median_ms": statistics.median(r["startup_ms"]) if r["startup_ms"] else None,
            "ready_rss_mib": round(r["ready_rss_kib"] / 1024, 1),
            "idle_rss_mib": round(r["idle_rss_kib"] / 1024, 1),
            "load_rss_mib": round(r["load_rss_kib"] / 1024, 1),
            "hwm_mib": round(r["hwm_kib"] / 1024, 1),
            "get": get,
            "post4k": post,
            "get_cpu_s_per_10k": (round(r["get_cpu_ticks"] / r["clk_tck"] / r["get"]["requests"] * 10_000, 3)
                                  if r["get"]["requests"] else None),
            "errors": get["errors"] + post["errors"] + r["errors"],
            "leaks": r["leaks"],
            "aot_cache_warnings": r.get("aot_warnings", 0),
        })
    return out


def target(name, measured, ok, goal, basis=None):
    status = "n/a" if measured is None else ("PASS" if ok else "MISS")
    result = {"target": name, "goal": goal, "measured": measured, "status": status}
    if basis:
        result["basis"] = basis
    return result


def main():
    if sys.argv[1:2] == ["--markdown"]:
        return print_markdown([json.loads(Path(p).read_text()) for p in sys.argv[2:]])
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--meta", nargs="*", default=[])
    args = parser.parse_args()

    scenarios = [scenario(r) for r in read_jsonl(args.work / "scenarios.jsonl")]
    scenarios.sort(key=lambda s: (SHAPE_ORDER.index(s["shape"]), PATH_ORDER.index(s["path"])))
    by = {(s["path"], s["shape"]): s for s in scenarios}
    gateway_logs = read_jsonl(args.work / "gateway-logs.jsonl")
    startup_file = args.work / "startup.json"
    startup = json.loads(startup_file.read_text()) if startup_file.exists() else {}
    for key in ("jar_ms", "aot_ms"):
        if startup.get(key):
            startup[key.replace("_ms", "_median_ms")] = statistics.median(startup[key])
    jmh = jmh_results(args.work / "jmh.json")

    def single_ratios(nginx_path, gateway_path):
        out = {}
        for shape in SHAPE_ORDER:
            g, n = by.get((gateway_path, shape)), by.get((nginx_path, shape))
            if g and n and n["rps"] and n["latency_ms"]["p99"]:
                out[shape] = {"throughput": round(g["rps"] / n["rps"], 3),
                              "p99": round(g["latency_ms"]["p99"] / n["latency_ms"]["p99"], 2),
                              "cpu_per_request": (round(g["cpu_s_per_10k"] / n["cpu_s_per_10k"], 2)
                                                  if g["cpu_s_per_10k"] and n["cpu_s_per_10k"] else None)}
        return out

    pair_rows = read_jsonl(args.work / "pairs.jsonl")
    ratios = {label: single_ratios(n, g) for label, n, g in VARIANTS}
    pairs = {label: paired(pair_rows, n, g) for label, n, g in VARIANTS}
    pair_rounds = [m for v in pairs.values() for p in v.values() for side in ("nginx", "gateway")
                   for m in p[side]["rounds"]]
    latency = latency_bound(read_jsonl(args.work / "latency.jsonl"))
    profiles = footprint(read_jsonl(args.work / "footprint.jsonl"))

    def ratio(shape, key, label=""):
        """The paired rounds' ratio where they ran, else the single runs'."""
        if shape in pairs[label]:
            return pairs[label][shape][key], f"paired rounds, median of {pairs[label][shape]['rounds']}"
        return ratios[label].get(shape, {}).get(key), "single runs"

    targets = []
    if any(s["path"] == "gateway-https" for s in scenarios):
        # The headline: the gateway in front of an HTTPS upstream, as in production, against nginx doing the same.
        for shape in SHAPE_ORDER:
            r, basis = ratio(shape, "p99", "https")
            targets.append(target(f"HTTPS p99 {SHAPE_NAMES[shape]} <= {MAX_P99_RATIO:g} x nginx-https", r,
                                  r is not None and r <= MAX_P99_RATIO, MAX_P99_RATIO, basis))
        steady = [s["steady_reopened_conn_per_1k"] for s in scenarios
                  if s["path"] == "gateway-https" and s.get("steady_reopened_conn_per_1k") is not None]
        worst = max(steady) if steady else None
        targets.append(target(f"HTTPS upstream connections reopened per 1k requests <= {MAX_NEW_CONN_PER_1K}", worst,
                              worst is not None and worst <= MAX_NEW_CONN_PER_1K, MAX_NEW_CONN_PER_1K))
    for run in latency:
        n = run["connections"]
        targets.append(target(f"latency-bound, {n} conn: gateway p50 - direct <= {MAX_ADDED_P50_MS:g} ms",
                              run["added_p50_ms"], run["added_p50_ms"] <= MAX_ADDED_P50_MS, MAX_ADDED_P50_MS))
        targets.append(target(f"latency-bound, {n} conn: gateway p99 - direct <= {MAX_ADDED_P99_MS:g} ms",
                              run["added_p99_ms"], run["added_p99_ms"] <= MAX_ADDED_P99_MS, MAX_ADDED_P99_MS))
        targets.append(target(f"latency-bound, {n} conn: gateway peak RSS <= {CHART_MEMORY_LIMIT_MIB} MiB",
                              run["hwm_mib"], run["hwm_mib"] <= CHART_MEMORY_LIMIT_MIB, CHART_MEMORY_LIMIT_MIB))
    for p in profiles:
        if p["profile"] != "footprint":
            continue
        targets.append(target(f"footprint profile: RSS under load <= {FOOTPRINT_MAX_RSS_MIB} MiB", p["load_rss_mib"],
                              p["load_rss_mib"] <= FOOTPRINT_MAX_RSS_MIB, FOOTPRINT_MAX_RSS_MIB))
        best = p["startup_median_ms"]
        targets.append(target(f"footprint profile: startup to ready <= {FOOTPRINT_MAX_STARTUP_MS} ms (AOT cache)", best,
                              best is not None and best <= FOOTPRINT_MAX_STARTUP_MS, FOOTPRINT_MAX_STARTUP_MS))
    if any(s["path"] in ("nginx", "gateway") for s in scenarios):
        for shape in ("get", "post4k"):
            r, basis = ratio(shape, "throughput")
            targets.append(target(f"throughput {SHAPE_NAMES[shape]} >= {MIN_THROUGHPUT_RATIO} x nginx-proxy", r,
                                  r is not None and r >= MIN_THROUGHPUT_RATIO, MIN_THROUGHPUT_RATIO, basis))
        for shape in SHAPE_ORDER:
            r, basis = ratio(shape, "p99")
            targets.append(target(f"p99 {SHAPE_NAMES[shape]} <= {MAX_P99_RATIO:g} x nginx-proxy", r,
                                  r is not None and r <= MAX_P99_RATIO, MAX_P99_RATIO, basis))
    if scenarios:
        errors = (sum(s["errors_total"] for s in scenarios) + sum(m["errors"] for m in pair_rounds)
                  + sum(run["errors"] for run in latency))
        targets.append(target("zero errors and non-2xx (all scenarios)", errors, errors == 0, 0))
        gw = [s for s in scenarios if s["path"] == "gateway"]
        # Only runs long enough for a steady window (not smoke runs) say whether connections are reopened.
        steady = [s["steady_reopened_conn_per_1k"] for s in gw if s.get("steady_reopened_conn_per_1k") is not None]
        worst = max(steady) if steady else None
        targets.append(target(f"gateway upstream connections reopened per 1k requests <= {MAX_NEW_CONN_PER_1K}", worst,
                              worst is not None and worst <= MAX_NEW_CONN_PER_1K, MAX_NEW_CONN_PER_1K))
        # The plain gateway's last entry: the end of its run (the HTTPS gateway is another JVM).
        plain = [l for l in gateway_logs if "https" not in l["path"]]
        rss = round(plain[-1]["rss_kib"] / 1024, 1) if plain else None
        targets.append(target(f"gateway RSS after the run <= {MAX_RSS_MIB} MiB", rss,
                              rss is not None and rss <= MAX_RSS_MIB, MAX_RSS_MIB))
    get = next((j for j in jmh if j["benchmark"] == "getWithQuery"), None)
    if jmh:
        targets.append(target(f"signing a GET <= {MAX_SIGN_NS // 1000} us/op", get and round(get["ns_per_op"] / 1000, 2),
                              get is not None and get["ns_per_op"] <= MAX_SIGN_NS, MAX_SIGN_NS / 1000))
        targets.append(target(f"signing a GET allocates <= {MAX_SIGN_BYTES} B/op", get and get["bytes_per_op"],
                              get is not None and get["bytes_per_op"] is not None
                              and get["bytes_per_op"] <= MAX_SIGN_BYTES, MAX_SIGN_BYTES))
    if startup:
        best = startup.get("aot_median_ms")
        if best is None and startup.get("load_gateway_setup") == "aot":
            best = startup.get("load_gateway_ready_ms")
        targets.append(target(f"startup to ready <= {MAX_STARTUP_MS} ms (extracted + AOT cache)", best,
                              best is not None and best <= MAX_STARTUP_MS, MAX_STARTUP_MS))

    leaks = sum(l["leaks"] for l in gateway_logs)
    # A scenario in which no request completed at all (a gateway that never answered) is a failure too.
    failed = (any(s["errors_total"] or not s["requests"] for s in scenarios)
              or any(m["errors"] or not m["requests"] for m in pair_rounds)
              or any(run["errors"] or not run["requests"] for run in latency)
              or any(p["errors"] or p["leaks"] or not p["get"]["rps"] for p in profiles) or leaks > 0)
    result = {
        "timestamp": args.out.stem,
        "mode": args.mode,
        "meta": dict(m.split("=", 1) for m in args.meta),
        "scenarios": scenarios,
        "ratios_gateway_over_nginx": ratios[""],
        "ratios_https_gateway_over_nginx": ratios["https"],
        "paired_rounds": pairs[""],
        "paired_rounds_https": pairs["https"],
        "latency_bound": latency,
        "footprint": profiles,
        "gateway_logs": gateway_logs,
        "startup": startup,
        "jmh": jmh,
        "targets": targets,
        "errors": failed,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    print(f"\nresult: {args.out}")
    return 1 if failed else 0


def print_table(r):
    rows = r["scenarios"]
    if rows:
        print(f"\n{'shape':<11} {'path':<14} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'p99.9 ms':>8} "
              f"{'errors':>6} {'CPU s/10k':>9} {'new up/1k':>9} {'steady/1k':>9} {'growth':>6} {'reopen/1k':>9} "
              f"{'RSS MiB':>7}")
        for s in rows:
            lat = s["latency_ms"]
            rss = "" if s["rss_mib"] is None else f"{s['rss_mib']:.0f}"
            steady = "-" if s["steady_new_conn_per_1k"] is None else f"{s['steady_new_conn_per_1k']:.3f}"
            growth = "-" if s.get("steady_pool_growth") is None else str(s["steady_pool_growth"])
            reopened = "-" if s.get("steady_reopened_conn_per_1k") is None else f"{s['steady_reopened_conn_per_1k']:.3f}"
            print(f"{SHAPE_NAMES[s['shape']]:<11} {s['path']:<14} {s['rps']:>9.0f} {lat['p50']:>7.2f} "
                  f"{lat['p99']:>7.2f} {lat['p999']:>8.2f} {s['errors_total']:>6} {s['cpu_s_per_10k'] or 0:>9.2f} "
                  f"{s['upstream_new_conn_per_1k'] or 0:>9.3f} {steady:>9} {growth:>6} {reopened:>9} {rss:>7}")
        for label, key in (("", "ratios_gateway_over_nginx"), ("HTTPS ", "ratios_https_gateway_over_nginx")):
            for shape, ratio in r.get(key, {}).items():
                print(f"{label}single runs, gateway / nginx-proxy, {SHAPE_NAMES[shape]}: throughput "
                      f"{ratio['throughput']:.2f}, p99 {ratio['p99']:.2f}, CPU per request "
                      f"{'-' if ratio.get('cpu_per_request') is None else format(ratio['cpu_per_request'], '.2f')}")
        for label, key in (("", "paired_rounds"), ("HTTPS ", "paired_rounds_https")):
            for shape, p in r.get(key, {}).items():
                n, g = p["nginx"]["median"], p["gateway"]["median"]
                print(f"{label}paired, {SHAPE_NAMES[shape]}, median of {p['rounds']} rounds: nginx {n['rps']:.0f} "
                      f"req/s p99 {n['p99_ms']:.2f} ms {n['cpu_us_per_request']:.0f} us CPU/req, gateway "
                      f"{g['rps']:.0f} req/s p99 {g['p99_ms']:.2f} ms {g['cpu_us_per_request']:.0f} us CPU/req; "
                      f"throughput {p['throughput']:.3f} (rounds "
                      f"{' '.join(f'{x:.3f}' for x in p['per_round_throughput'])}), p99 {p['p99']:.2f} (rounds "
                      f"{' '.join(f'{x:.2f}' for x in p['per_round_p99'])})")
        for l in r["gateway_logs"]:
            print(f"{l['path']}: RSS {l['rss_kib'] / 1024:.0f} MiB after its scenarios (anon {l['rss_anon_kib'] / 1024:.0f},"
                  f" file {l['rss_file_kib'] / 1024:.0f}, peak {l['hwm_kib'] / 1024:.0f});"
                  f" log: {l['errors']} errors, {l['warnings']} warnings, {l['leaks']} leak reports")
    if r.get("latency_bound"):
        print(f"\n{'latency-bound':<15} {'req/s':>7} {'direct p50':>10} {'p99':>7} {'gateway p50':>11} {'p99':>7} "
              f"{'added p50':>9} {'p99':>7} {'CPU s/10k':>9} {'RSS MiB':>7} {'peak':>5}")
        for run in r["latency_bound"]:
            d, g = run["direct"], run["gateway"]
            print(f"{str(run['connections']) + ' conn':<15} {g['rps']:>7.0f} {d['p50_ms']:>10.2f} {d['p99_ms']:>7.2f} "
                  f"{g['p50_ms']:>11.2f} {g['p99_ms']:>7.2f} {run['added_p50_ms']:>9.2f} {run['added_p99_ms']:>7.2f} "
                  f"{run['gateway_cpu_s_per_10k'] or 0:>9.2f} {run['rss_mib']:>7.0f} {run['hwm_mib']:>5.0f}")
    if r.get("footprint"):
        print(f"\n{'JVM profile':<11} {'startup ms':>10} {'RSS ready':>9} {'idle':>5} {'load':>5} {'peak':>5} "
              f"{'GET req/s':>9} {'p99 ms':>7} {'POST req/s':>10} {'p99 ms':>7} {'CPU s/10k':>9}")
        for p in r["footprint"]:
            print(f"{p['profile']:<11} {p['startup_median_ms'] or 0:>10.0f} {p['ready_rss_mib']:>9.0f} "
                  f"{p['idle_rss_mib']:>5.0f} {p['load_rss_mib']:>5.0f} {p['hwm_mib']:>5.0f} {p['get']['rps']:>9.0f} "
                  f"{p['get']['p99_ms']:>7.2f} {p['post4k']['rps']:>10.0f} {p['post4k']['p99_ms']:>7.2f} "
                  f"{p['get_cpu_s_per_10k'] or 0:>9.2f}")
    st = r["startup"]
    if st:
        idle = st.get("load_gateway_ready_rss_kib")
        idle = f", RSS when ready {idle / 1024:.0f} MiB" if idle else ""
        print(f"startup to ready: load gateway ({st.get('load_gateway_setup')}) {st.get('load_gateway_ready_ms')} ms{idle}; "
              f"plain jar {st.get('jar_ms')} median {st.get('jar_median_ms')} ms; "
              f"extracted + AOT cache {st.get('aot_ms')} median {st.get('aot_median_ms')} ms")
        if st.get("warmup_rps_per_10s"):
            print(f"warm-up of the load gateway ({SHAPE_NAMES.get(st.get('warmup_shape'), st.get('warmup_shape'))}),"
                  f" req/s in 10 s slices from ready: {' '.join(str(v) for v in st['warmup_rps_per_10s'])}"
                  + (f" (AOT cache trained with {st.get('aot_training_s')} s of traffic)"
                     if st.get("load_gateway_setup") == "aot" else ""))
    if r["jmh"]:
        print(f"\n{'JMH SigningBenchmark':<22} {'ns/op':>12} {'B/op':>10}")
        for j in r["jmh"]:
            err = f" ± {j['ns_error']:.0f}" if j["ns_error"] is not None else ""
            print(f"{j['benchmark']:<22} {j['ns_per_op']:>12.0f}{err:<10} {j['bytes_per_op']:>10.0f}")
    if r["targets"]:
        print(f"\n{'target':<64} {'measured':>10}  status")
        for t in r["targets"]:
            m = t["measured"]
            shown = "-" if m is None else (f"{m:.3g}" if isinstance(m, float) and m < 1000 else f"{m:.0f}")
            basis = f"  ({t['basis']})" if t.get("basis") else ""
            print(f"{t['target']:<64} {shown:>10}  {t['status']}{basis}")


def print_markdown(results):
    def last(key):
        return next((r[key] for r in reversed(results) if r.get(key)), [])

    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    scenarios, jmh = last("scenarios"), last("jmh")
    targets = {t["target"]: t for r in results for t in r.get("targets", []) if t["status"] != "n/a"}
    if scenarios:
        print("| shape | path | req/s | p50 ms | p99 ms | p99.9 ms | errors | CPU s / 10k req "
              "| new upstream conn / 1k (steady) | of which reopened / 1k | RSS MiB |")
        print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for s in scenarios:
            lat = s["latency_ms"]
            print(f"| {SHAPE_NAMES[s['shape']]} | {s['path']} | {s['rps']:.0f} | {lat['p50']:.2f} | {lat['p99']:.2f} "
                  f"| {lat['p999']:.2f} | {s['errors_total']} | {num(s['cpu_s_per_10k'], '.2f')} "
                  f"| {num(s['steady_new_conn_per_1k'], '.2f')} | {num(s.get('steady_reopened_conn_per_1k'), '.2f')} "
                  f"| {num(s['rss_mib'], '.0f')} |")
        print()
    for label, key in (("HTTPS upstream", "paired_rounds_https"), ("plain HTTP upstream", "paired_rounds")):
        pairs = last(key)
        if not pairs:
            continue
        print(f"| {label}: shape | rounds | nginx req/s | gateway req/s | throughput ratio (per round) "
              "| nginx p99 ms | gateway p99 ms | p99 ratio (per round) | CPU µs/req nginx, gateway |")
        print("|---|--:|--:|--:|---|--:|--:|---|--:|")
        for shape, p in pairs.items():
            n, g = p["nginx"]["median"], p["gateway"]["median"]
            print(f"| {SHAPE_NAMES[shape]} | {p['rounds']} | {n['rps']:.0f} | {g['rps']:.0f} "
                  f"| {p['throughput']:.3f} ({', '.join(f'{x:.3f}' for x in p['per_round_throughput'])}) "
                  f"| {n['p99_ms']:.2f} | {g['p99_ms']:.2f} "
                  f"| {p['p99']:.2f} ({', '.join(f'{x:.2f}' for x in p['per_round_p99'])}) "
                  f"| {n['cpu_us_per_request']:.0f}, {g['cpu_us_per_request']:.0f} |")
        print()
    profiles = last("footprint")
    if profiles:
        print("| JVM profile | startup to ready ms (AOT cache) | RSS MiB ready / idle / under load / peak "
              "| GET req/s, p99 ms | 4 KiB POST req/s, p99 ms | GET CPU s / 10k req |")
        print("|---|--:|--:|--:|--:|--:|")
        for p in profiles:
            print(f"| {p['profile']} | {num(p['startup_median_ms'], '.0f')} | {p['ready_rss_mib']:.0f} / "
                  f"{p['idle_rss_mib']:.0f} / {p['load_rss_mib']:.0f} / {p['hwm_mib']:.0f} "
                  f"| {p['get']['rps']:.0f}, {p['get']['p99_ms']:.2f} | {p['post4k']['rps']:.0f}, "
                  f"{p['post4k']['p99_ms']:.2f} | {num(p['get_cpu_s_per_10k'], '.2f')} |")
        print()
    latency = last("latency_bound")
    if latency:
        print("| latency-bound (20 ms upstream) | req/s | direct p50 / p99 ms | gateway p50 / p99 ms "
              "| added p50 / p99 ms | gateway CPU s / 10k req | RSS / peak MiB |")
        print("|---|--:|--:|--:|--:|--:|--:|")
        for run in latency:
            d, g = run["direct"], run["gateway"]
            print(f"| {run['connections']} connections | {g['rps']:.0f} | {d['p50_ms']:.2f} / {d['p99_ms']:.2f} "
                  f"| {g['p50_ms']:.2f} / {g['p99_ms']:.2f} | {run['added_p50_ms']:.2f} / {run['added_p99_ms']:.2f} "
                  f"| {num(run['gateway_cpu_s_per_10k'], '.2f')} | {run['rss_mib']:.0f} / {run['hwm_mib']:.0f} |")
        print()
    if targets:
        print("| target | measured | | from |")
        print("|---|--:|---|---|")
        for t in targets.values():
            m = t["measured"]
            shown = "-" if m is None else (f"{m:.3g}" if isinstance(m, float) and m < 1000 else f"{m:.0f}")
            print(f"| {t['target']} | {shown} | {t['status']} | {t.get('basis', '')} |")
        print()
    if jmh:
        print("| JMH SigningBenchmark | µs/op | bytes/op |")
        print("|---|--:|--:|")
        for j in jmh:
            print(f"| {j['benchmark']} | {j['ns_per_op'] / 1000:.1f} | {num(j['bytes_per_op'], '.0f')} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
