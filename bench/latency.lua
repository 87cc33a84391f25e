-- The latency-bound scenario's clients (bench/load.sh): many connections, each sending a GET now and then, so
-- that BENCH_RATE requests a second in all reach an upstream that answers after 20 ms. Each connection waits a
-- random time before its next request (uniform, mean BENCH_CONNECTIONS / BENCH_RATE less the answer's 20 ms), so
-- the connections do not send in step. wrk times a request from when it is sent, so the wait is not in the latency.
-- done() is wrk.lua's.
dofile(os.getenv("BENCH_DIR") .. "/wrk.lua")

local mean_ms = math.max(tonumber(os.getenv("BENCH_CONNECTIONS")) / tonumber(os.getenv("BENCH_RATE")) * 1000 - 20, 0)

function init(args)
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function delay()
    return math.random(0, math.floor(2 * mean_ms))
end
