#!/usr/bin/env bash
# End-to-end load on loopback, started by bench/run (which sets the variables below and owns WORK).
# Three paths, each under the same wrk load: direct to the upstream nginx, through nginx as a plain proxy, and
# through sigv4-gateway signing with static credentials (plus, when asked, the gateway with its access log off).
# Three request shapes: GET with a query, 4 KiB POST, 1 MiB response. The paths ending in -https do the same
# against an HTTPS upstream (nginx with a certificate made here by openssl), as every function URL is: nginx as a
# TLS-originating proxy, and a second gateway whose target is https:// and which trusts that certificate through
# SCG's httpclient.ssl.trusted-x509-certificates. After its scenarios, that gateway also gets the latency-bound
# load (LATENCY_CONNS): an upstream answering after 20 ms, LATENCY_RATE requests a second over that many
# connections, direct and through the gateway. Writes one JSON line per scenario to $WORK/scenarios.jsonl, per
# latency-bound run to $WORK/latency.jsonl, and the startup measurements to $WORK/startup.json.
#
# Inputs (environment): JAVA, JAR, WORK, DURATION, WARMUP, CONNECTIONS, THREADS, PATHS, SHAPES, JAVA_MAJOR,
# GATEWAY_MODE (jar|aot), GATEWAY_JAVA_OPTS, GATEWAY_WARMUP (seconds of load on a fresh gateway before it is
# measured), STARTUP_RUNS (0 = only the load gateway's own launch), JFR (1 = record gateway scenarios into $WORK),
# WRK_TIMEOUT (seconds after which wrk counts a request as timed out), AOT_TRAINING (seconds of traffic in the AOT
# cache's training run, as in the image build), PAIR_ROUNDS and PAIR_DURATION (paired rounds of nginx and the
# gateway after the gateway's scenarios, 0 rounds = none), LATENCY_CONNS (connection counts of the latency-bound
# scenario, empty = none) and LATENCY_RATE (its requests a second).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
: "${JAVA:?}" "${JAR:?}" "${WORK:?}" "${DURATION:?}" "${WARMUP:?}" "${CONNECTIONS:?}" "${THREADS:?}"
: "${PATHS:=direct nginx gateway}" "${SHAPES:=get post4k big}" "${GATEWAY_MODE:=jar}" "${GATEWAY_JAVA_OPTS:=}"
: "${GATEWAY_WARMUP:=0}" "${STARTUP_RUNS:=0}" "${JFR:=0}" "${JAVA_MAJOR:=21}" "${WRK_TIMEOUT:=2}"
: "${AOT_TRAINING:=30}" "${PAIR_ROUNDS:=0}" "${PAIR_DURATION:=10}" "${LATENCY_CONNS=256 1024}" "${LATENCY_RATE:=1000}"
read -r -a JAVA_OPTS <<<"$GATEWAY_JAVA_OPTS"

WARMUP_RPS=()        # req/s of the load gateway's first warm-up shape, per 10 s from ready
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

# A fresh JVM runs interpreted and C1 code for a while; on two cores shared with wrk and nginx, C2 needs tens of
# seconds of traffic before the gateway reaches its steady state. Every shape gets its share of that time. The
# first shape's share runs in 10 s slices whose req/s are kept (WARMUP_RPS): how fast a new gateway gets going,
# which is what the AOT cache's training with traffic is for.
warm_gateway() { # base-url
  local shape n per left slice out rps
  n=$(wc -w <<<"$SHAPES")
  ((GATEWAY_WARMUP > 0)) || return 0
  per=$(((GATEWAY_WARMUP + n - 1) / n))
  log "warming the gateway up: ${GATEWAY_WARMUP}s over $SHAPES"
  # The slices are recorded for the first gateway only (the HTTPS one's warm-up is not the AOT cache's business).
  local first=${SHAPES%% *}
  [[ -n ${WARMUP_SHAPE:-} ]] && first=none
  WARMUP_SHAPE=${SHAPES%% *}
  for shape in $SHAPES; do
    if [[ $shape != "$first" ]]; then
      wrk_run "$per" "$shape" "$(shape_url "$shape" "$1")" >>"$WORK/wrk-gateway-warmup.txt"
      continue
    fi
    for ((left = per; left > 0; left -= slice)); do
      slice=$((left < 10 ? left : 10))
      out=$(wrk_run "$slice" "$shape" "$(shape_url "$shape" "$1")")
      printf '%s\n' "$out" >>"$WORK/wrk-gateway-warmup.txt"
      rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<<"$out")
      WARMUP_RPS+=("${rps:-null}")   # JSON null, not an empty list element, if wrk printed no rate
    done
  done
}

# One measured scenario; CPU is taken for $CPU_PIDS (the proxy under test and its children), RSS for a gateway.
run_scenario() { # path shape base-url
  local path=$1 shape=$2 url a0 a1 m0 m1 o0 o1 c0 c1 out json steady probes wrk_pid rss=null hwm=null jfr
  url=$(shape_url "$shape" "$3")
  if ((WARMUP > 0)); then wrk_run "$WARMUP" "$shape" "$url" >"$WORK/wrk-$path-$shape-warmup.txt"; fi
  if [[ $JFR == 1 && $path == gateway* ]]; then
    jfr=$WORK/$path-$shape.jfr
    jcmd "$GW_PID" JFR.start name=bench settings=profile "filename=$jfr" >/dev/null
  fi
  a0=$(upstream_accepts)
  c0=$(cpu_ticks "${CPU_PIDS[@]}")
  wrk_run "$DURATION" "$shape" "$url" >"$WORK/wrk-$path-$shape.txt" &
  wrk_pid=$!
  # Upstream connections accepted inside the run, away from its start and end: when wrk stops it drops requests
  # in flight, and a proxy must then close those upstream connections, half-answered, and open new ones later.
  probes=1   # status requests counted in a1 - a0: its own, plus the two in the window
  if ((DURATION >= 5)); then
    probes=3
    sleep 2
    read -r m0 o0 < <(upstream_status)
    sleep $((DURATION - 3))
    read -r m1 o1 < <(upstream_status)
    # A pool that grows opens connections it then keeps; those replacing closed ones are new minus that growth.
    steady="$((m1 - m0 - 1)),\"steady_pool_growth\":$((o1 - o0)),\"steady_window_s\":$((DURATION - 3))"
  else
    steady="null,\"steady_pool_growth\":null,\"steady_window_s\":null"
  fi
  wait "$wrk_pid"
  c1=$(cpu_ticks "${CPU_PIDS[@]}")
  a1=$(upstream_accepts)
  [[ -n ${jfr:-} ]] && jcmd "$GW_PID" JFR.stop name=bench >/dev/null
  out=$(<"$WORK/wrk-$path-$shape.txt")
  json=$(sed -n 's/^WRKJSON //p' <<<"$out")
  [[ -n $json ]] || { log "wrk gave no result for $path $shape:"; printf '%s\n' "$out" >&2; return 1; }
  if [[ $path == gateway* ]]; then
    rss=$(rss_kib "$GW_PID" VmRSS)
    hwm=$(rss_kib "$GW_PID" VmHWM)
  fi
  printf '{"path":"%s","shape":"%s","url":"%s","upstream_new_connections":%d,"steady_new_connections":%s,"cpu_ticks":%d,"clk_tck":%d,"rss_kib":%s,"hwm_kib":%s,"wrk":%s}\n' \
    "$path" "$shape" "$url" $((a1 - a0 - probes)) "$steady" $((c1 - c0)) "$(getconf CLK_TCK)" "$rss" "$hwm" "$json" \
    >>"$WORK/scenarios.jsonl"
  log "$(printf '%-14s %-7s %8s requests in %ss' "$path" "$shape" \
    "$(sed 's/.*"requests":\([0-9]*\).*/\1/' <<<"$json")" "$DURATION")"
}

# Problems the gateway logged under load (Netty leak reports, errors, warnings beyond the startup ones) since log
# line $2, and its memory now.
gateway_summary() { # path first-log-line [log]
  local lines
  lines=$(tail -n +"$2" "${3:-$WORK/gateway.log}")
  printf '{"path":"%s","leaks":%d,"errors":%d,"warnings":%d,"rss_kib":%d,"hwm_kib":%d,"rss_anon_kib":%d,"rss_file_kib":%d}\n' \
    "$1" "$(grep -c 'LEAK:' <<<"$lines" || true)" "$(grep -c ' ERROR ' <<<"$lines" || true)" \
    "$(grep ' WARN ' <<<"$lines" | grep -vc 'over plain http' || true)" "$(rss_kib "$GW_PID" VmRSS)" \
    "$(rss_kib "$GW_PID" VmHWM)" "$(rss_kib "$GW_PID" RssAnon)" "$(rss_kib "$GW_PID" RssFile)" \
    >>"$WORK/gateway-logs.jsonl"
}

# nginx and the warm gateway in alternating rounds, the order swapped every round, after the single runs above.
# Those measure nginx and the gateway minutes apart, and this machine drifts between them by as much as most changes
# are worth: nginx's own p99, the denominator of the p99 targets, moved between 3.6 and 4.7 ms from one run to the
# next. In pairs, drift falls on both sides alike; report.py takes the targets' ratios from the rounds' medians.
# One JSON line per round to $WORK/pairs.jsonl.
run_pairs() { # nginx-path nginx-base-url nginx-pid gateway-path gateway-base-url (the gateway is GW_PID)
  local r shape path out json c0 c1
  local -a order
  local -A base=([$1]=$2 [$4]=$5) cpu=([$1]=$3 [$4]=$GW_PID)
  log "paired rounds: $1 and $4, $PAIR_ROUNDS rounds of ${PAIR_DURATION}s per shape, the order swapped every round"
  for ((r = 1; r <= PAIR_ROUNDS; r++)); do
    for shape in $SHAPES; do
      if ((r % 2)); then order=("$1" "$4"); else order=("$4" "$1"); fi
      for path in "${order[@]}"; do
        c0=$(cpu_ticks "${cpu[$path]}")
        out=$(wrk_run "$PAIR_DURATION" "$shape" "$(shape_url "$shape" "${base[$path]}")")
        c1=$(cpu_ticks "${cpu[$path]}")
        json=$(sed -n 's/^WRKJSON //p' <<<"$out")
        [[ -n $json ]] || { log "wrk gave no result for $path $shape in round $r:"; printf '%s\n' "$out" >&2; return 1; }
        printf '{"path":"%s","shape":"%s","round":%d,"cpu_ticks":%d,"clk_tck":%d,"wrk":%s}\n' \
          "$path" "$shape" "$r" $((c1 - c0)) "$(getconf CLK_TCK)" "$json" >>"$WORK/pairs.jsonl"
      done
    done
  done
}

run_path() { # path base-url
  local shape
  for shape in $SHAPES; do run_scenario "$1" "$shape" "$2"; done
}

# The latency-bound load: for each of LATENCY_CONNS connection counts, LATENCY_RATE GETs a second to the upstream's
# /slow/ (answers after 20 ms), first direct (plain HTTP), then through the gateway (GW_PID, warm; HTTPS upstream).
# The gateway's overhead is its p50 and p99 over the direct ones; its RSS and peak RSS after each run say whether
# many open connections cost it memory. One JSON line per run to $WORK/latency.jsonl.
run_latency() { # gateway-base-url
  local conns path url c0 c1 out json rss hwm
  # Direct is plain HTTP to the same nginx (see nginx-upstream-tls.conf); the gateway goes over TLS.
  local -A base=([direct]="http://127.0.0.1:$UP_TLS_STATUS" [gateway]=$1)
  # An unmeasured pass through the gateway first: hundreds of new client connections, and requests that each find the
  # event loop idle, take code paths the saturating shapes never did, and C2 compiles them during the first run.
  # Without it the first run (256 connections) added 34 ms at p99, the same run repeated right after 1.8 ms.
  latency_wrk "$DURATION" "${LATENCY_CONNS%% *}" "$(shape_url get "$1/slow")" >"$WORK/wrk-latency-warmup.txt"
  for conns in $LATENCY_CONNS; do
    log "latency-bound: $conns connections, $LATENCY_RATE req/s in all, upstream answering after 20 ms"
    for path in direct gateway; do
      url=$(shape_url get "${base[$path]}/slow")
      ((WARMUP > 0)) && latency_wrk "$WARMUP" "$conns" "$url" >"$WORK/wrk-latency-$path-$conns-warmup.txt"
      c0=$(cpu_ticks "$GW_PID")
      out=$(latency_wrk "$DURATION" "$conns" "$url" | tee "$WORK/wrk-latency-$path-$conns.txt")
      c1=$(cpu_ticks "$GW_PID")
      json=$(sed -n 's/^WRKJSON //p' <<<"$out")
      [[ -n $json ]] || { log "wrk gave no result for latency-bound $path $conns:"; printf '%s\n' "$out" >&2; return 1; }
      rss=$(rss_kib "$GW_PID" VmRSS)
      hwm=$(rss_kib "$GW_PID" VmHWM)
      printf '{"path":"%s","connections":%d,"rate":%d,"gateway_cpu_ticks":%d,"clk_tck":%d,"rss_kib":%d,"hwm_kib":%d,"wrk":%s}\n' \
        "$path" "$conns" "$LATENCY_RATE" $((c1 - c0)) "$(getconf CLK_TCK)" "$rss" "$hwm" "$json" >>"$WORK/latency.jsonl"
    done
  done
}

latency_wrk() { # seconds connections url
  BENCH_SHAPE=get BENCH_DIR=$BENCH BENCH_CONNECTIONS=$2 BENCH_RATE=$LATENCY_RATE timeout $(($1 + 60)) \
    wrk -t"$THREADS" -c"$2" -d"$1s" --timeout "${WRK_TIMEOUT}s" -s "$BENCH/latency.lua" "$3"
}

# A gateway in front of TARGET_URL (TARGET_ARGS), warmed up, through the shapes as path $1; then (plain) the same
# JVM with the access log off as gateway-nolog; then paired rounds with nginx path $2 (its URL $3, its process $4).
run_gateway() { # path nginx-path nginx-url nginx-pid
  local path=$1 logfile=$WORK/$1.log from
  # The loggers endpoint lets gateway-nolog switch the access log off in this same JVM, so that the two
  # paths differ only in logging and not in how this JVM's JIT happened to compile the hot path.
  # Reactor stacks are deep: JFR's default of 64 frames would cut off who called the hot methods.
  [[ $JFR == 1 ]] && LOAD_JVM_OPTS=(-XX:FlightRecorderOptions=stackdepth=512)
  start_gateway "$GATEWAY_MODE" "$logfile" --management.endpoints.web.exposure.include=health,info,prometheus,loggers
  if [[ -z ${LOAD_READY_MS:-} ]]; then
    LOAD_READY_MS=$GW_READY_MS
    # Memory of the idle gateway, before any load: what a sidecar holds while its pod is quiet.
    LOAD_READY_RSS_KIB=$(rss_kib "$GW_PID" VmRSS)
  fi
  CPU_PIDS=("$GW_PID")
  warm_gateway "http://127.0.0.1:$GW_PORT"
  run_path "$path" "http://127.0.0.1:$GW_PORT"
  gateway_summary "$path" 1 "$logfile"
  if [[ $path == gateway && " $PATHS " == *" gateway-nolog "* ]]; then
    from=$(($(wc -l <"$logfile") + 1))
    curl -fsS --max-time 5 -X POST -H 'Content-Type: application/json' -d '{"configuredLevel":"WARN"}' \
      "http://127.0.0.1:$GW_MPORT/actuator/loggers/sigv4.gateway.access"
    run_path gateway-nolog "http://127.0.0.1:$GW_PORT"
    gateway_summary gateway-nolog "$from" "$logfile"
    # The access log back on: the paired rounds measure the gateway as shipped.
    curl -fsS --max-time 5 -X POST -H 'Content-Type: application/json' -d '{"configuredLevel":null}' \
      "http://127.0.0.1:$GW_MPORT/actuator/loggers/sigv4.gateway.access"
  fi
  if ((PAIR_ROUNDS > 0)) && [[ " $PATHS " == *" $2 "* ]]; then
    from=$(($(wc -l <"$logfile") + 1))
    run_pairs "$2" "$3" "$4" "$path" "http://127.0.0.1:$GW_PORT"
    gateway_summary "$path-paired" "$from" "$logfile"
  fi
  if [[ $path == gateway-https && -n $LATENCY_CONNS ]]; then
    from=$(($(wc -l <"$logfile") + 1))
    run_latency "http://127.0.0.1:$GW_PORT"
    gateway_summary "$path-latency" "$from" "$logfile"
  fi
  stop_pid "$GW_PID"
}

UP_PORT=$(free_port)
PROXY_PORT=$(free_port)
: >"$WORK/scenarios.jsonl"
: >"$WORK/pairs.jsonl"
: >"$WORK/latency.jsonl"

start_nginx upstream "$UP_PORT" nginx-upstream.conf
UP_PID=$NGINX_PID
head -c $((1024 * 1024)) /dev/urandom >"$WORK/upstream/www/big/1mib.bin"
wait_ok "$UP_PORT" /nginx-status 10 "$UP_PID" || { log "upstream nginx did not start"; cat "$WORK/upstream/error.log" >&2; exit 1; }
start_nginx proxy "$PROXY_PORT" nginx-proxy.conf auto
PROXY_PID=$NGINX_PID
wait_ok "$PROXY_PORT" / 10 "$PROXY_PID" \
  || { log "proxy nginx did not start"; cat "$WORK/proxy/error.log" >&2; exit 1; }

# The HTTPS upstream (its accepted connections counted on a plain status port) and nginx proxying to it over TLS.
if [[ $PATHS == *-https* ]]; then
  UP_TLS_PORT=$(free_port)
  UP_TLS_STATUS=$(free_port)
  PROXY_TLS_PORT=$(free_port)
  CERT=$WORK/upstream-tls/cert.pem
  make_cert "$WORK/upstream-tls"
  STATUS_PORT=$UP_TLS_STATUS start_nginx upstream-tls "$UP_TLS_PORT" nginx-upstream-tls.conf
  UP_TLS_PID=$NGINX_PID
  ln "$WORK/upstream/www/big/1mib.bin" "$WORK/upstream-tls/www/big/1mib.bin"
  wait_ok "$UP_TLS_STATUS" /nginx-status 10 "$UP_TLS_PID" \
    || { log "HTTPS upstream nginx did not start"; cat "$WORK/upstream-tls/error.log" >&2; exit 1; }
  UPSTREAM_PORT=$UP_TLS_PORT CERT=$CERT start_nginx proxy-tls "$PROXY_TLS_PORT" nginx-proxy-tls.conf auto
  PROXY_TLS_PID=$NGINX_PID
  wait_ok "$PROXY_TLS_PORT" / 10 "$PROXY_TLS_PID" \
    || { log "HTTPS proxy nginx did not start"; cat "$WORK/proxy-tls/error.log" >&2; exit 1; }
fi

AOT_FLAGS=()
LOAD_JVM_OPTS=()     # JVM flags for the gateway under load only, not for startup measurements
STARTUP_JAR=null STARTUP_AOT=null
if [[ $GATEWAY_MODE == aot ]] || ((STARTUP_RUNS > 0)); then prepare_aot; fi
if ((STARTUP_RUNS > 0)); then
  log "startup to ready, $STARTUP_RUNS runs each: plain jar, then extracted + AOT cache"
  measure_startup jar
  STARTUP_JAR=$STARTUP_MS
  measure_startup aot
  STARTUP_AOT=$STARTUP_MS
fi

for path in $PATHS; do
  case $path in
    direct)
      CPU_PIDS=("$UP_PID")
      run_path direct "http://127.0.0.1:$UP_PORT" ;;
    nginx)
      CPU_PIDS=("$PROXY_PID")
      run_path nginx "http://127.0.0.1:$PROXY_PORT" ;;
    gateway)
      run_gateway gateway nginx "http://127.0.0.1:$PROXY_PORT" "$PROXY_PID" ;;
    gateway-nolog) ;;   # runs right after gateway, in the same JVM
    nginx-https)
      CPU_PIDS=("$PROXY_TLS_PID")
      STATUS_OF=$UP_TLS_STATUS run_path nginx-https "http://127.0.0.1:$PROXY_TLS_PORT" ;;
    gateway-https)
      TARGET_URL=https://127.0.0.1:$UP_TLS_PORT
      TARGET_ARGS=("--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates=file:$CERT")
      STATUS_OF=$UP_TLS_STATUS
      run_gateway gateway-https nginx-https "http://127.0.0.1:$PROXY_TLS_PORT" "$PROXY_TLS_PID"
      unset TARGET_URL TARGET_ARGS STATUS_OF ;;
    *) log "unknown path $path"; exit 2 ;;
  esac
done

printf '{"load_gateway_setup":"%s","load_gateway_ready_ms":%s,"load_gateway_ready_rss_kib":%s,"jar_ms":%s,"aot_ms":%s,"aot_flags":"%s","aot_training_s":%s,"warmup_shape":"%s","warmup_rps_per_10s":[%s]}\n' \
  "$GATEWAY_MODE" "${LOAD_READY_MS:-null}" "${LOAD_READY_RSS_KIB:-null}" "$STARTUP_JAR" "$STARTUP_AOT" "${AOT_FLAGS[*]}" \
  "$AOT_TRAINING" "${WARMUP_SHAPE:-}" "$(IFS=,; echo "${WARMUP_RPS[*]}")" >"$WORK/startup.json"
