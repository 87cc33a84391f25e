# Shared by bench/load.sh and bench/ab.sh (sourced, not run): processes, ports, nginx, the gateway's command line,
# its AOT cache and wrk. Expects BENCH, JAVA, JAR, WORK, JAVA_OPTS (array), THREADS, CONNECTIONS, WRK_TIMEOUT,
# JAVA_MAJOR and AOT_TRAINING; APP is where the jar is extracted and its AOT cache trained (default $WORK/app).
# shellcheck shell=bash

: "${APP:=$WORK/app}"
SECRET='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
READY_TIMEOUT=90     # seconds a gateway may take to report ready before the run is abandoned
STOP_TIMEOUT=20      # seconds a process gets after SIGTERM before SIGKILL

PIDS=()              # every process started here, killed on exit whatever happens
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "${LOG_TAG:-load}" "$*" >&2; }

stop_pid() {
  local pid=$1 deadline=$((SECONDS + STOP_TIMEOUT))
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One HTTP request over bash's /dev/tcp: no curl process per poll, so polling does not slow a starting JVM.
http_ok() {
  local fd status=
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&"$fd"
  read -r -t 2 _ status _ <&"$fd" || true
  exec {fd}>&-
  [[ $status == 200 ]]
}

# Waits until 127.0.0.1:$1$2 answers 200, at most $3 seconds, giving up early if process $4 died.
wait_ok() {
  local deadline=$((SECONDS + $3))
  until http_ok "$1" "$2"; do
    if ((SECONDS >= deadline)) || ! kill -0 "$4" 2>/dev/null; then return 1; fi
    sleep 0.01
  done
}

start_nginx() { # name port template [workers]
  local dir=$WORK/$1
  mkdir -p "$dir/www/big"
  # @UPSTREAM@ is UPSTREAM_PORT when set (the HTTPS proxy's upstream), else UP_PORT; @STATUS@ is STATUS_PORT (the
  # HTTPS upstream's plain status port), @CERT@ the run's certificate, @KEEPALIVE_REQUESTS@ the HTTPS upstream's
  # requests per connection (UPSTREAM_KEEPALIVE_REQUESTS; nginx's own default, 1000, reproduces issue 22).
  sed -e "s#@DIR@#$dir#g" -e "s#@PORT@#$2#g" -e "s#@UPSTREAM@#${UPSTREAM_PORT:-${UP_PORT:-0}}#g" \
    -e "s#@WORKERS@#${4:-auto}#g" -e "s#@STATUS@#${STATUS_PORT:-0}#g" -e "s#@CERT@#${CERT:-}#g" \
    -e "s#@KEEPALIVE_REQUESTS@#${UPSTREAM_KEEPALIVE_REQUESTS:-1000000}#g" \
    "$BENCH/$3" >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
  PIDS+=("$!")
  NGINX_PID=$!
}

# A self-signed certificate for 127.0.0.1 and localhost (RSA 2048, as function URLs present), for the HTTPS upstream.
make_cert() { # dir
  mkdir -p "$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -keyout "$1/key.pem" -out "$1/cert.pem" 2>/dev/null
}

# Accepted connections so far on the upstream; the status request itself is one of them.
upstream_accepts() { upstream_status | cut -d' ' -f1; }

# "accepted open": accepted connections so far and connections open now, the status request's own in both.
upstream_status() {
  curl -fsS --max-time 5 "http://127.0.0.1:${STATUS_OF:-$UP_PORT}/nginx-status" | awk 'NR == 1 {open = $3} NR == 3 {print $1, open}'
}

# utime + stime in clock ticks of the given processes and of their children (nginx workers).
cpu_ticks() {
  local total=0 pid line fields
  for pid in "$@" $(pgrep -P "$(IFS=,; echo "$*")" 2>/dev/null || true); do
    read -r line <"/proc/$pid/stat" || continue
    read -r -a fields <<<"${line##*) }"   # fields[0] is field 3 (state); utime is field 14, stime 15
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

rss_kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

# The target is TARGET_URL when set (the HTTPS upstream; then TARGET_ARGS, an array, says whom to trust), else the
# plain upstream.
gateway_args() { # port management-port
  printf '%s\n' "--sigv4-gateway.target=${TARGET_URL:-http://127.0.0.1:$UP_PORT}"
  if [[ -v TARGET_ARGS ]]; then printf '%s\n' "${TARGET_ARGS[@]}"; fi
  route_args
  printf '%s\n' "--server.port=$1" "--management.server.port=$2"
}

# Static credentials, or the arguments in CREDENTIALS_ARGS (an array) when set: the soak's session-token entries.
# Spring joins a key given twice on the command line with a comma, so they replace these rather than follow them.
route_args() {
  printf '%s\n' --sigv4-gateway.region=us-east-1 --sigv4-gateway.service=lambda
  if [[ -v CREDENTIALS_ARGS ]]; then
    printf '%s\n' "${CREDENTIALS_ARGS[@]}"
    return
  fi
  printf '%s\n' --sigv4-gateway.credentials.default.type=static --sigv4-gateway.credentials.default.access-key-id=AKIDEXAMPLE \
    "--sigv4-gateway.credentials.default.secret-access-key=$SECRET" \
    --sigv4-gateway.credentials.default.verify-identity=false
}

# The gateway's command line for a setup: "jar" is the fat jar as built, "aot" the extracted layout with the cache.
gateway_cmd() { # setup port management-port [extra args...]
  local setup=$1 port=$2 mport=$3
  shift 3
  local -a cmd=("$JAVA" "${JAVA_OPTS[@]}" "${LOAD_JVM_OPTS[@]}")
  if [[ $setup == aot ]]; then
    cmd+=("${AOT_FLAGS[@]}" -jar "$APP/$(basename "$JAR")")
  else
    cmd+=(-jar "$JAR")
  fi
  mapfile -t -O "${#cmd[@]}" cmd < <(gateway_args "$port" "$mport")
  printf '%s\n' "${cmd[@]}" "$@"
}

# Starts a gateway; sets GW_PID, GW_PORT, GW_MPORT, GW_READY_MS (launch to readiness 200). Returns 1 if it never got ready.
start_gateway() { # setup log [extra args...]
  local setup=$1 logfile=$2 t0
  shift 2
  GW_PORT=$(free_port)
  GW_MPORT=$(free_port)
  local -a cmd
  mapfile -t cmd < <(gateway_cmd "$setup" "$GW_PORT" "$GW_MPORT" "$@")
  t0=$EPOCHREALTIME
  "${cmd[@]}" >"$logfile" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  if ! wait_ok "$GW_MPORT" /actuator/health/readiness "$READY_TIMEOUT" "$GW_PID"; then
    log "gateway ($setup) did not get ready; last lines of $logfile:"
    tail -n 30 "$logfile" >&2
    return 1
  fi
  GW_READY_MS=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%d", (b - a) * 1000}')
}

# Extracted layout plus a class-data cache from a training run that stops once the context is refreshed:
# JDK 25's AOT cache (classes loaded and linked, method profiles), or a dynamic CDS archive before 25.
prepare_aot() {
  local -a train
  log "extracting the jar and training the AOT cache"
  rm -rf "$APP"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP" >"$APP.extract.log" 2>&1
  if ((JAVA_MAJOR >= 25)); then
    train=(-XX:AOTCacheOutput="$APP/app.aot")
    AOT_FLAGS=(-XX:AOTCache="$APP/app.aot")
  else
    train=(-XX:ArchiveClassesAtExit="$APP/app.jsa")
    AOT_FLAGS=(-XX:SharedArchiveFile="$APP/app.jsa")
  fi
  # The image's training run: the gateway under traffic from src/aot/AotTraining.java (its own upstream and ports).
  local -a cmd
  mapfile -t cmd < <(route_args)
  timeout $((AOT_TRAINING + 300)) "$JAVA" "$BENCH/../src/aot/AotTraining.java" --seconds "$AOT_TRAINING" -- \
    "$JAVA" "${JAVA_OPTS[@]}" "${train[@]}" -jar "$APP/$(basename "$JAR")" "${cmd[@]}" \
    >"$APP.aot-training.log" 2>&1 \
    || { log "AOT training failed:"; tail -n 30 "$APP.aot-training.log" >&2; return 1; }
}

# Launch to readiness, STARTUP_RUNS times, for a setup; sets STARTUP_MS to a JSON list of the times.
measure_startup() { # setup
  local i times=()
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    start_gateway "$1" "$WORK/startup-$1-$i.log"
    times+=("$GW_READY_MS")
    stop_pid "$GW_PID"
  done
  STARTUP_MS="[$(IFS=,; echo "${times[*]}")]"
}

wrk_run() { # seconds shape url -> wrk output
  BENCH_SHAPE=$2 timeout $(($1 + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout "${WRK_TIMEOUT}s" --latency \
    -s "$BENCH/wrk.lua" "$3"
}

shape_url() { # shape base-url
  case $1 in
    get) echo "$2/api/v1/orders?limit=10&next=eyJpZCI6NDJ9%3D&sort=desc" ;;
    post4k) echo "$2/api/v1/orders" ;;
    big) echo "$2/big/1mib.bin" ;;
  esac
}
