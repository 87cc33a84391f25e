-- Request shape from BENCH_SHAPE: "get" (the URL, with its query), "post4k" (4 KiB body), "big" (the URL is the
-- 1 MiB file). done() prints one line "WRKJSON {...}" that bench/load.sh picks up; latencies in microseconds.
local shape = os.getenv("BENCH_SHAPE") or "get"

if shape == "post4k" then
    wrk.method = "POST"
    wrk.body = string.rep("0123456789abcdef", 256)
    wrk.headers["Content-Type"] = "application/octet-stream"
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
        '"write_errors":%d,"status_errors":%d,"timeouts":%d,"mean_us":%.1f,"p50_us":%d,"p90_us":%d,' ..
        '"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency:percentile(99.9), latency.max))
end
