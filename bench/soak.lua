-- One method's share of the soak's load (bench/soak.sh runs one wrk per method, so every error, socket errors
-- included, is known to be a GET's or a POST's). SOAK_METHOD: GET (the URL, with its query) or POST (bodies of
-- 1 to 4 KiB, a random one per request). SOAK_RATE: requests per second to offer over all threads, 0 = as fast
-- as the connections go; each thread hands out send slots at its share of the rate, so the offered rate does not
-- depend on latency. done() prints one line "SOAKJSON {...}": counts, non-2xx answers by status and by the
-- gateway's own error reason (X-Sigv4-Gateway-Error), latencies in microseconds.
local method = os.getenv("SOAK_METHOD") or "GET"
local rate = tonumber(os.getenv("SOAK_RATE") or "0")
local threads = {}

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
    int clock_gettime(int clock, soak_timespec *ts);
]]
local ts = ffi.new("soak_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, ts)   -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

-- Per thread (each has its own Lua state); done() collects them with thread:get.
statuses = {}
reasons = {}
local interval_ms, next_ms = 0, nil
local posts = nil

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    local n = tonumber(os.getenv("SOAK_THREADS") or "1")
    if rate > 0 then interval_ms = 1000 * n / rate end
    if method == "POST" then
        posts = {}
        local headers = { ["Content-Type"] = "application/octet-stream" }
        for i = 0, 16 do   -- 1024 to 4096 bytes
            table.insert(posts, wrk.format("POST", nil, headers, string.rep("s", 1024 + i * 192)))
        end
    end
end

if method == "POST" then
    function request()
        return posts[math.random(#posts)]
    end
end

function delay()
    if interval_ms == 0 then return 0 end
    local now = now_ms()
    -- Slots missed while every connection was busy are not sent later in a burst beyond one second's worth.
    if next_ms == nil or next_ms < now - 1000 then next_ms = now end
    local slot = next_ms
    next_ms = next_ms + interval_ms
    return math.max(0, math.floor(slot - now))
end

function response(status, headers, body)
    if status >= 200 and status < 300 then return end
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    for name, value in pairs(headers) do
        if string.lower(name) == "x-sigv4-gateway-error" then
            reasons[value] = (reasons[value] or 0) + 1
        end
    end
end

local function json_counts(merged)
    local parts = {}
    for key, count in pairs(merged) do
        table.insert(parts, string.format('"%s":%d', string.gsub(key, '[^%w%-_.]', '?'), count))
    end
    return "{" .. table.concat(parts, ",") .. "}"
end

local function merge(name)
    local merged = {}
    for _, thread in ipairs(threads) do
        for key, count in pairs(thread:get(name) or {}) do merged[key] = (merged[key] or 0) + count end
    end
    return merged
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'SOAKJSON {"method":"%s","requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
        '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,' ..
        '"statuses":%s,"reasons":%s}\n',
        method, summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
        json_counts(merge("statuses")), json_counts(merge("reasons"))))
end
