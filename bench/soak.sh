#!/usr/bin/env bash
# The soak run, started by bench/run --soak MINUTES (which sets the variables below and owns WORK): the gateway on
# session-token credentials from a local STS (moto) refreshed every minute, in front of an upstream that resets
# about 1% of the requests on its kept-alive connections and closes idle ones after 2 s (bench/nginx-soak.conf),
# under mixed GET/POST load at half the capacity measured first. One wrk per method and minute (bench/soak.lua), so
# errors and p99 come per method and minute. Every minute ends with a sample: wrk's results, the gateway's RSS, its
# /actuator/prometheus text and the upstream's counters, one JSON line each in $WORK/soak.jsonl (minute 0 = before the soak), read by
# bench/soak_report.py. Between minutes the load pauses SOAK_GAP_S seconds, longer than the upstream's keep-alive,
# so every minute starts on pooled connections that the upstream has closed under the gateway.
#
# Inputs (environment): JAVA, JAR, WORK, MINUTES, CONNECTIONS, GATEWAY_JAVA_OPTS, GATEWAY_MODE (jar|aot),
# JAVA_MAJOR, AOT_TRAINING, WRK_TIMEOUT, SOAK_WARMUP_S (unmeasured load before the capacity run, 15),
# SOAK_CAPACITY_S (the capacity run, 10), SOAK_GAP_S (3), SOAK_POST_PERCENT (20).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
: "${JAVA:?}" "${JAR:?}" "${WORK:?}" "${MINUTES:?}" "${CONNECTIONS:?}"
: "${GATEWAY_JAVA_OPTS:=}" "${GATEWAY_MODE:=jar}" "${JAVA_MAJOR:=21}" "${AOT_TRAINING:=30}" "${WRK_TIMEOUT:=10}"
: "${SOAK_WARMUP_S:=15}" "${SOAK_CAPACITY_S:=10}" "${SOAK_GAP_S:=3}" "${SOAK_POST_PERCENT:=20}"
read -r -a JAVA_OPTS <<<"$GATEWAY_JAVA_OPTS"
THREADS=1
LOG_TAG=soak
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

GET_PATH='/api/v1/orders?limit=10&next=eyJpZCI6NDJ9%3D&sort=desc'
POST_PATH=/api/v1/orders
POST_CONNECTIONS=$(((CONNECTIONS + 3) / 4))
GET_CONNECTIONS=$((CONNECTIONS - POST_CONNECTIONS))
((GET_CONNECTIONS >= 1)) || { log "--connections must be at least 2 for the soak"; exit 2; }

# Both methods at once for $1 seconds, GET at $2 and POST at $3 req/s (0 = unthrottled); wrk output to $4-get.txt
# and $4-post.txt.
soak_load() { # seconds get-rate post-rate out-prefix
  local base=http://127.0.0.1:$GW_PORT get_pid
  SOAK_METHOD=GET SOAK_RATE=$2 timeout $(($1 + 60)) wrk -t1 -c"$GET_CONNECTIONS" -d"$1s" --timeout "${WRK_TIMEOUT}s" \
    -s "$BENCH/soak.lua" "$base$GET_PATH" >"$4-get.txt" &
  get_pid=$!
  SOAK_METHOD=POST SOAK_RATE=$3 timeout $(($1 + 60)) wrk -t1 -c"$POST_CONNECTIONS" -d"$1s" --timeout "${WRK_TIMEOUT}s" \
    -s "$BENCH/soak.lua" "$base$POST_PATH" >"$4-post.txt" || log "wrk (POST) exited with $?"
  wait "$get_pid" || log "wrk (GET) exited with $?"
}

soak_json() { sed -n 's/^SOAKJSON //p' "$1"; }

# One JSON line of what the minute left: wrk per method, the gateway's memory, its metrics, the upstream's counters.
sample() { # minute load-seconds wrk-prefix|""
  local m=$1 prom=$WORK/soak-$1-prometheus.txt status=$WORK/soak-$1-upstream.txt wrk=null get post
  curl -fsS --max-time 10 "http://127.0.0.1:$GW_MPORT/actuator/prometheus" >"$prom" || log "minute $m: no metrics"
  curl -fsS --max-time 5 "http://127.0.0.1:$UP_PORT/nginx-status" >"$status" || log "minute $m: no upstream status"
  if [[ -n $3 ]]; then
    get=$(soak_json "$3-get.txt")
    post=$(soak_json "$3-post.txt")
    # A method without a result is a failed minute for soak_report.py (wrk null or with one method only).
    if [[ -n $get && -n $post ]]; then wrk="[$get,$post]"; elif [[ -n $get$post ]]; then wrk="[$get$post]"; fi
    [[ -n $get && -n $post ]] || { log "wrk gave no result in minute $m:"; cat "$3"-*.txt >&2; }
  fi
  printf '{"minute":%d,"load_s":%d,"rss_kib":%d,"hwm_kib":%d,"rss_anon_kib":%d,"dropped":%d,"prometheus":"%s","upstream_status":"%s","wrk":%s}\n' \
    "$m" "$2" "$(rss_kib "$GW_PID" VmRSS)" "$(rss_kib "$GW_PID" VmHWM)" "$(rss_kib "$GW_PID" RssAnon)" \
    "$(wc -l <"$WORK/upstream/dropped.log" 2>/dev/null || echo 0)" "$(basename "$prom")" "$(basename "$status")" "$wrk" \
    >>"$WORK/soak.jsonl"
}

UP_PORT=$(free_port)
STS_PORT=$(free_port)
: >"$WORK/soak.jsonl"

start_nginx upstream "$UP_PORT" nginx-soak.conf
UP_PID=$NGINX_PID
wait_ok "$UP_PORT" /nginx-status 10 "$UP_PID" || { log "upstream nginx did not start"; cat "$WORK/upstream/error.log" >&2; exit 1; }

log "local STS: moto on port $STS_PORT"
AWS_DEFAULT_REGION=us-east-1 python3 -m moto.server -H 127.0.0.1 -p "$STS_PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=("$!")
wait_ok "$STS_PORT" /moto-api/ 60 "$!" || { log "moto did not start (pip install 'moto[server]')"; tail -n 20 "$WORK/moto.log" >&2; exit 1; }

AOT_FLAGS=()
LOAD_JVM_OPTS=()
if [[ $GATEWAY_MODE == aot ]]; then prepare_aot; fi   # trained on static credentials, as bench/load.sh's

# Long-term keys ("user") as the source of GetSessionToken; 15-minute sessions renewed 14 minutes before expiry,
# so once a minute. Both entries ask the local STS who they are (verify-identity stays on).
STS=http://127.0.0.1:$STS_PORT
CREDENTIALS_ARGS=(
  --sigv4-gateway.credentials.user.type=static --sigv4-gateway.credentials.user.access-key-id=AKIDEXAMPLE
  "--sigv4-gateway.credentials.user.secret-access-key=$SECRET" "--sigv4-gateway.credentials.user.sts-endpoint=$STS"
  --sigv4-gateway.credentials.default.type=session-token --sigv4-gateway.credentials.default.source=user
  --sigv4-gateway.credentials.default.duration=15m --sigv4-gateway.credentials.default.refresh-before-expiry=14m
  "--sigv4-gateway.credentials.default.sts-endpoint=$STS" --sigv4-gateway.credentials.default.sts-region=us-east-1
)
start_gateway "$GATEWAY_MODE" "$WORK/gateway.log" --management.endpoints.web.exposure.include=health,info,prometheus
log "gateway ready in ${GW_READY_MS} ms"

log "warm-up ${SOAK_WARMUP_S}s, then capacity ${SOAK_CAPACITY_S}s: GET on $GET_CONNECTIONS and POST on $POST_CONNECTIONS connections, unthrottled"
if ((SOAK_WARMUP_S > 0)); then soak_load "$SOAK_WARMUP_S" 0 0 "$WORK/soak-warmup"; fi
soak_load "$SOAK_CAPACITY_S" 0 0 "$WORK/soak-capacity"
CAPACITY=$(python3 "$BENCH/soak_report.py" --capacity "$WORK/soak-capacity-get.txt" "$WORK/soak-capacity-post.txt")
RATE=$((CAPACITY / 2))
POST_RATE=$((RATE * SOAK_POST_PERCENT / 100))
GET_RATE=$((RATE - POST_RATE))
((GET_RATE > 0 && POST_RATE > 0)) || { log "capacity too low to soak at half: $CAPACITY req/s"; exit 1; }
printf '{"capacity_rps":%d,"rate_rps":%d,"get_rps":%d,"post_rps":%d,"gap_s":%d,"get_connections":%d,"post_connections":%d,"gateway_ready_ms":%d}\n' \
  "$CAPACITY" "$RATE" "$GET_RATE" "$POST_RATE" "$SOAK_GAP_S" "$GET_CONNECTIONS" "$POST_CONNECTIONS" "$GW_READY_MS" \
  >"$WORK/soak-plan.json"
log "capacity $CAPACITY req/s; soaking $MINUTES min at $RATE req/s ($GET_RATE GET, $POST_RATE POST)"

sleep "$SOAK_GAP_S"
sample 0 0 ""
LOAD_S=$((60 - SOAK_GAP_S))
for ((m = 1; m <= MINUTES; m++)); do
  soak_load "$LOAD_S" "$GET_RATE" "$POST_RATE" "$WORK/soak-$m"
  sample "$m" "$LOAD_S" "$WORK/soak-$m"
  log "minute $m/$MINUTES: $(python3 "$BENCH/soak_report.py" --work "$WORK" --progress)"
  ((m == MINUTES)) || sleep "$SOAK_GAP_S"
done

# Problems the gateway logged: Netty leak reports, errors, warnings beyond the startup ones.
printf '{"leaks":%d,"errors":%d,"warnings":%d}\n' "$(grep -c 'LEAK:' "$WORK/gateway.log" || true)" \
  "$(grep -c ' ERROR ' "$WORK/gateway.log" || true)" \
  "$(grep ' WARN ' "$WORK/gateway.log" | grep -vc 'over plain http' || true)" >"$WORK/soak-log.json"
stop_pid "$GW_PID"
