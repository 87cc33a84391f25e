"""One measured wrk round as bench/load.sh (paired rounds) and bench/ab.sh (A/B rounds) record it, with wrk.lua's
WRKJSON line under "wrk", and the medians over rounds; shared by report.py and ab_report.py."""
import statistics

ERROR_KEYS = ("connect_errors", "read_errors", "write_errors", "timeouts", "status_errors")


def round_result(row):
    w = row["wrk"]
    return {
        "round": row["round"],
        "requests": w["requests"],
        "rps": round(w["requests"] * 1e6 / w["duration_us"], 1),
        "p50_ms": round(w["p50_us"] / 1000, 3),
        "p99_ms": round(w["p99_us"] / 1000, 3),
        "cpu_us_per_request": round(row["cpu_ticks"] * 1e6 / row["clk_tck"] / max(w["requests"], 1), 1),
        "errors": sum(w[k] for k in ERROR_KEYS),
    }


def medians(rounds):
    return {key: statistics.median(r[key] for r in rounds) for key in ("rps", "p99_ms", "cpu_us_per_request")}
