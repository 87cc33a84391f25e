#!/usr/bin/env bash
# Two JVM profiles of the gateway side by side, started by bench/run --footprint (or a full run): the shipped flags
# (GATEWAY_JAVA_OPTS) and the sidecar footprint profile (FOOTPRINT_JAVA_OPTS, the chart's values-footprint.yaml),
# extracted with the AOT cache trained under the shipped flags (as the image's is), in front of the HTTPS upstream. Per profile:
# launch to readiness (STARTUP_RUNS launches, AOT cache), RSS when ready and after IDLE_S seconds idle, then
# FOOTPRINT_WARMUP seconds of GET load, then DURATION seconds each of GET and 4 KiB POST (req/s, p99, CPU), RSS
# sampled every second under that load (its maximum is "RSS under load") and the peak (VmHWM), and whether the JVM
# warned that it could not use the AOT cache. One JSON line per profile to $WORK/footprint.jsonl.
#
# Inputs (environment): JAVA, JAR, WORK, DURATION, CONNECTIONS, THREADS, GATEWAY_JAVA_OPTS, FOOTPRINT_JAVA_OPTS,
# FOOTPRINT_WARMUP, STARTUP_RUNS, JAVA_MAJOR, WRK_TIMEOUT, AOT_TRAINING.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
: "${JAVA:?}" "${JAR:?}" "${WORK:?}" "${DURATION:?}" "${CONNECTIONS:?}" "${THREADS:?}" "${GATEWAY_JAVA_OPTS?}"
: "${FOOTPRINT_JAVA_OPTS:?}" "${FOOTPRINT_WARMUP:=60}" "${STARTUP_RUNS:=3}" "${JAVA_MAJOR:=25}" "${WRK_TIMEOUT:=2}"
: "${AOT_TRAINING:=30}" "${IDLE_S:=10}"
LOG_TAG=footprint

# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

LOAD_JVM_OPTS=()
: >"$WORK/footprint.jsonl"

# The HTTPS upstream, as in production; the 1 MiB file is not used here.
UP_PORT=$(free_port)
UP_TLS_STATUS=$(free_port)
make_cert "$WORK/upstream-tls"
STATUS_PORT=$UP_TLS_STATUS start_nginx upstream-tls "$UP_PORT" nginx-upstream-tls.conf
wait_ok "$UP_TLS_STATUS" /nginx-status 10 "$NGINX_PID" \
  || { log "HTTPS upstream nginx did not start"; cat "$WORK/upstream-tls/error.log" >&2; exit 1; }
TARGET_URL=https://127.0.0.1:$UP_PORT
TARGET_ARGS=("--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates=file:$WORK/upstream-tls/cert.pem")

# wrk at $3 for $2 seconds while VmRSS of the gateway is read every second; sets WRK_JSON and MAX_RSS_KIB.
load_sampled() { # shape seconds url
  local out=$WORK/wrk-footprint-$PROFILE-$1.txt wrk_pid rss
  MAX_RSS_KIB=0
  wrk_run "$2" "$1" "$3" >"$out" &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    rss=$(rss_kib "$GW_PID" VmRSS)
    ((rss > MAX_RSS_KIB)) && MAX_RSS_KIB=$rss
    sleep 1
  done
  wait "$wrk_pid"
  WRK_JSON=$(sed -n 's/^WRKJSON //p' "$out")
}

measure_profile() { # name flags
  local c0 c1 get post ready_rss idle_rss get_rss post_rss
  PROFILE=$1
  read -r -a JAVA_OPTS <<<"$2"
  log "profile $1: $2"
  # One AOT cache, trained under the shipped flags, for both: the image has only that one. The footprint flags keep
  # to what the cache does not record (the collector and object headers are the shipped ones), so it is used.
  [[ -f $APP/app.aot || -f $APP/app.jsa ]] || prepare_aot
  measure_startup aot
  start_gateway aot "$WORK/gateway-footprint-$1.log"
  ready_rss=$(rss_kib "$GW_PID" VmRSS)
  sleep "$IDLE_S"
  idle_rss=$(rss_kib "$GW_PID" VmRSS)
  log "profile $1: ready in ${GW_READY_MS} ms, RSS $((ready_rss / 1024)) MiB, $((idle_rss / 1024)) MiB after ${IDLE_S}s idle"
  ((FOOTPRINT_WARMUP > 0)) && wrk_run "$FOOTPRINT_WARMUP" get "$(shape_url get "http://127.0.0.1:$GW_PORT")" >/dev/null
  c0=$(cpu_ticks "$GW_PID")
  load_sampled get "$DURATION" "$(shape_url get "http://127.0.0.1:$GW_PORT")"
  get=$WRK_JSON get_rss=$MAX_RSS_KIB
  c1=$(cpu_ticks "$GW_PID")
  load_sampled post4k "$DURATION" "$(shape_url post4k "http://127.0.0.1:$GW_PORT")"
  post=$WRK_JSON post_rss=$MAX_RSS_KIB
  [[ -n $get && -n $post ]] || { log "profile $1: wrk gave no result"; return 1; }
  printf '{"profile":"%s","flags":"%s","startup_ms":%s,"ready_ms":%d,"ready_rss_kib":%d,"idle_rss_kib":%d,"load_rss_kib":%d,"hwm_kib":%d,"get_cpu_ticks":%d,"clk_tck":%d,"errors":%d,"leaks":%d,"aot_warnings":%d,"get":%s,"post4k":%s}\n' \
    "$1" "$2" "$STARTUP_MS" "$GW_READY_MS" "$ready_rss" "$idle_rss" $((get_rss > post_rss ? get_rss : post_rss)) \
    "$(rss_kib "$GW_PID" VmHWM)" $((c1 - c0)) "$(getconf CLK_TCK)" \
    "$(grep -c ' ERROR ' "$WORK/gateway-footprint-$1.log" || true)" \
    "$(grep -c 'LEAK:' "$WORK/gateway-footprint-$1.log" || true)" \
    "$(grep -Ec '\[warning\]\[(aot|cds)' "$WORK/gateway-footprint-$1.log" || true)" "$get" "$post" >>"$WORK/footprint.jsonl"
  stop_pid "$GW_PID"
}

measure_profile shipped "$GATEWAY_JAVA_OPTS"
measure_profile footprint "$FOOTPRINT_JAVA_OPTS"
