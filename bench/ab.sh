#!/usr/bin/env bash
# Two gateways side by side, started by bench/run --ab: each with the benchmark's JVM flags plus its own (FLAGS_A,
# FLAGS_B), each with its own AOT cache trained under those flags, in front of the same nginx upstream. Both are
# warmed up, then measured in interleaved rounds (A then B, B then A, ...), so that this machine's drift between
# runs (up to ±25% here) falls on both alike and each round is a pair. Writes one JSON line per measured round to
# $WORK/ab.jsonl and one per side with its memory at the end to $WORK/ab-sides.jsonl.
#
# Inputs (environment): JAVA, JAR, WORK, DURATION (seconds per round), ROUNDS, CONNECTIONS, THREADS, SHAPES,
# GATEWAY_MODE (jar|aot), GATEWAY_JAVA_OPTS, FLAGS_A, FLAGS_B, JAR_B (side B's jar, default JAR), GATEWAY_WARMUP (seconds of load per gateway before
# the rounds, spread over the shapes), JAVA_MAJOR, WRK_TIMEOUT, AOT_TRAINING, AB_UPSTREAM (http, or https: the
# upstream of nginx-upstream-tls.conf with a certificate made here, trusted by both gateways, to compare TLS flags).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
: "${JAVA:?}" "${JAR:?}" "${WORK:?}" "${DURATION:?}" "${ROUNDS:?}" "${CONNECTIONS:?}" "${THREADS:?}"
: "${FLAGS_A?}" "${FLAGS_B?}" "${SHAPES:=get post4k big}" "${GATEWAY_MODE:=aot}" "${GATEWAY_JAVA_OPTS:=}"
: "${GATEWAY_WARMUP:=180}" "${JAVA_MAJOR:=21}" "${WRK_TIMEOUT:=2}" "${AOT_TRAINING:=30}" "${AB_UPSTREAM:=http}"
LOG_TAG=ab

# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

LOAD_JVM_OPTS=()
declare -A PID_OF PORT_OF

# Extracts, trains (aot mode) and starts side $1 with the benchmark's flags plus $2.
start_side() { # side extra-flags
  # Side B may run another build of the gateway (JAR_B); the helpers read JAR, so it is shadowed here.
  local JAR=$JAR
  [[ $1 == b && -n ${JAR_B:-} ]] && JAR=$JAR_B
  read -r -a JAVA_OPTS <<<"$GATEWAY_JAVA_OPTS $2"
  APP=$WORK/app-$1
  AOT_FLAGS=()
  if [[ $GATEWAY_MODE == aot ]]; then
    log "side $1, flags: ${2:-(none)}"
    prepare_aot
  fi
  start_gateway "$GATEWAY_MODE" "$WORK/gateway-$1.log"
  PID_OF[$1]=$GW_PID
  PORT_OF[$1]=$GW_PORT
  log "side $1 ready in ${GW_READY_MS} ms"
}

round() { # label side shape seconds round
  local c0 c1 out json
  c0=$(cpu_ticks "${PID_OF[$2]}")
  out=$(wrk_run "$4" "$3" "$(shape_url "$3" "http://127.0.0.1:${PORT_OF[$2]}")")
  c1=$(cpu_ticks "${PID_OF[$2]}")
  [[ $1 == measured ]] || return 0
  json=$(sed -n 's/^WRKJSON //p' <<<"$out")
  [[ -n $json ]] || { log "wrk gave no result for side $2 $3:"; printf '%s\n' "$out" >&2; return 1; }
  printf '{"side":"%s","shape":"%s","round":%d,"cpu_ticks":%d,"clk_tck":%d,"wrk":%s}\n' \
    "$2" "$3" "$5" $((c1 - c0)) "$(getconf CLK_TCK)" "$json" >>"$WORK/ab.jsonl"
}

UP_PORT=$(free_port)
start_nginx upstream "$UP_PORT" nginx-upstream.conf
UP_PID=$NGINX_PID
head -c $((1024 * 1024)) /dev/urandom >"$WORK/upstream/www/big/1mib.bin"
wait_ok "$UP_PORT" /nginx-status 10 "$UP_PID" || { log "upstream nginx did not start"; cat "$WORK/upstream/error.log" >&2; exit 1; }
if [[ $AB_UPSTREAM == https ]]; then
  UP_TLS_PORT=$(free_port)
  make_cert "$WORK/upstream-tls"
  UP_TLS_STATUS=$(free_port)
  STATUS_PORT=$UP_TLS_STATUS start_nginx upstream-tls "$UP_TLS_PORT" nginx-upstream-tls.conf
  ln "$WORK/upstream/www/big/1mib.bin" "$WORK/upstream-tls/www/big/1mib.bin"
  wait_ok "$UP_TLS_STATUS" /nginx-status 10 "$NGINX_PID" \
    || { log "HTTPS upstream nginx did not start"; cat "$WORK/upstream-tls/error.log" >&2; exit 1; }
  TARGET_URL=https://127.0.0.1:$UP_TLS_PORT
  TARGET_ARGS=("--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates=file:$WORK/upstream-tls/cert.pem")
fi
: >"$WORK/ab.jsonl"

start_side a "$FLAGS_A"
start_side b "$FLAGS_B"

# Warm-up in 10 s slices, alternating sides, each shape its share: both JITs settle under the same conditions.
n=$(wc -w <<<"$SHAPES")
per=$(((GATEWAY_WARMUP + n - 1) / n))
log "warming both up: ${GATEWAY_WARMUP}s each over $SHAPES, in alternating slices"
for shape in $SHAPES; do
  for ((left = per; left > 0; left -= 10)); do
    slice=$((left < 10 ? left : 10))
    round warmup a "$shape" "$slice" 0
    round warmup b "$shape" "$slice" 0
  done
done

log "$ROUNDS rounds of ${DURATION}s per shape and side, the order swapped every round"
for ((r = 1; r <= ROUNDS; r++)); do
  for shape in $SHAPES; do
    if ((r % 2)); then first=a second=b; else first=b second=a; fi
    round measured "$first" "$shape" "$DURATION" "$r"
    round measured "$second" "$shape" "$DURATION" "$r"
  done
done

for side in a b; do
  pid=${PID_OF[$side]}
  flags=$FLAGS_A
  [[ $side == b ]] && flags=$FLAGS_B
  flags=${flags//\\/\\\\}
  flags=${flags//\"/\\\"}
  printf '{"side":"%s","flags":"%s","rss_kib":%d,"hwm_kib":%d,"errors":%d,"leaks":%d}\n' "$side" "$flags" \
    "$(rss_kib "$pid" VmRSS)" "$(rss_kib "$pid" VmHWM)" "$(grep -c ' ERROR ' "$WORK/gateway-$side.log" || true)" \
    "$(grep -c 'LEAK:' "$WORK/gateway-$side.log" || true)" >>"$WORK/ab-sides.jsonl"
  # A side started with -XX:NativeMemoryTracking=summary also leaves where its memory went (read after its RSS:
  # attaching jcmd starts a thread in the gateway); a jcmd that cannot attach is given up after a minute.
  if [[ $flags == *NativeMemoryTracking* ]]; then
    timeout 60 "$(dirname "$JAVA")/jcmd" "$pid" VM.native_memory summary >"$WORK/nmt-$side.txt" 2>&1 \
      || log "side $side: jcmd gave no native memory summary (see $WORK/nmt-$side.txt)"
  fi
done
