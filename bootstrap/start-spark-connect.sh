#!/usr/bin/env bash
# EMR bootstrap action: on the primary node only, starts a Spark Connect server once EMR has installed Spark.
#
#   start-spark-connect.sh [--connect-jar s3://<bucket>/jars/spark-connect_2.12-3.5.x.jar] [--port 15002]
#                          [--wait-minutes 45] [--conf key=value]... [--foreground]
#
# Spark 3.5 (EMR 7.x) does not ship the Spark Connect server: stage spark-connect_2.12-<version>.jar (same version as
# the cluster's Spark) in S3 and pass it with --connect-jar. Spark 4 ships jars/spark-connect_2.13-*.jar: no jar needed.
# Bootstrap actions run before EMR installs applications, so the script checks everything it can, copies the jar, and
# leaves a background waiter that starts the server as soon as Spark is installed (--foreground waits in the script
# instead, e.g. from an EMR step). Running it again while the server is up changes nothing.
# Log: /var/log/covidspark/spark-connect.log. A waiter that fails writes spark-connect.FAILED next to it.
set -euo pipefail

info_dir="${COVIDSPARK_EMR_INFO_DIR:-/mnt/var/lib/info}"
spark_home="${SPARK_HOME:-/usr/lib/spark}"
spark_conf_dir="${SPARK_CONF_DIR:-/etc/spark/conf}"
log_dir="${COVIDSPARK_LOG_DIR:-/var/log/covidspark}"
state_dir="${COVIDSPARK_STATE_DIR:-/var/lib/covidspark}"
log_file="$log_dir/spark-connect.log"

log() {
  printf '%s start-spark-connect: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

fail() {
  log "ERROR: $*"
  if [[ "${waiter:-false}" == true ]]; then
    printf '%s\n' "$*" > "$log_dir/spark-connect.FAILED" || true
    if command -v logger >/dev/null; then logger -t covidspark "spark connect: $*" || true; fi
  fi
  exit 1
}

# shellcheck disable=SC2317  # invoked by the ERR trap
on_error() {
  local rc=$? line="$1" command="$2"
  fail "line $line: '$command' exited with $rc"
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
}

connect_jar=""
port=15002
wait_minutes=45
foreground=false
waiter=false
confs=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --connect-jar) connect_jar="${2:?--connect-jar needs an s3:// URI or a local path}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --wait-minutes) wait_minutes="${2:?--wait-minutes needs a number}"; shift 2 ;;
    --conf) confs+=("${2:?--conf needs key=value}"); shift 2 ;;
    --foreground) foreground=true; shift ;;
    --run-waiter) waiter=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument '$1'" ;;
  esac
done

if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
  fail "--port must be a number from 1 to 65535, not '$port'"
fi
[[ "$wait_minutes" =~ ^[0-9]+$ ]] || fail "--wait-minutes must be a whole number, not '$wait_minutes'"
for conf in "${confs[@]}"; do
  [[ "$conf" == *=* ]] || fail "--conf needs key=value, not '$conf'"
done

# --- node checks -------------------------------------------------------------------------------------------------
instance_json="$info_dir/instance.json"
[[ -r "$instance_json" ]] || fail "$instance_json not found: this is not an EMR node (set COVIDSPARK_EMR_INFO_DIR to rehearse)"
if ! grep -Eq '"isMaster"[[:space:]]*:[[:space:]]*true' "$instance_json"; then
  log "not the primary node ($instance_json has no \"isMaster\": true); nothing to do"
  exit 0
fi

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

if port_open; then
  log "something already listens on port $port; assuming Spark Connect is running (nothing to do)"
  exit 0
fi

# --- before Spark is installed: arguments, release, jar ----------------------------------------------------------
staged_jar="$state_dir/jars/$(basename "${connect_jar:-none}")"

if [[ "$waiter" == false ]]; then
  release=""
  if [[ -r "$info_dir/extraInstanceData.json" ]]; then
    release="$(grep -Eo '"releaseLabel"[[:space:]]*:[[:space:]]*"emr-[0-9.]+"' "$info_dir/extraInstanceData.json" | grep -Eo 'emr-[0-9.]+' || true)"
  fi
  major="${release#emr-}"; major="${major%%.*}"
  if [[ -n "$release" && "$major" =~ ^[0-9]+$ && "$major" -lt 8 && -z "$connect_jar" ]]; then
    fail "$release runs Spark 3.x, which does not ship the Spark Connect server: stage spark-connect_2.12-<spark version>.jar in S3 and pass --connect-jar s3://..."
  fi
  log "primary node${release:+ of $release}: Spark Connect will listen on port $port"

  mkdir -p "$log_dir" "$state_dir/jars"
  rm -f "$log_dir/spark-connect.FAILED"
  if [[ -n "$connect_jar" ]]; then
    case "$connect_jar" in
      s3://*)
        command -v aws >/dev/null || fail "the aws CLI is needed to copy $connect_jar"
        log "copying $connect_jar to $staged_jar"
        aws s3 cp --only-show-errors "$connect_jar" "$staged_jar" || fail "could not copy $connect_jar (check the URI and the instance profile's s3:GetObject)"
        ;;
      *)
        [[ -f "$connect_jar" ]] || fail "--connect-jar $connect_jar does not exist"
        cp -f "$connect_jar" "$staged_jar"
        ;;
    esac
    [[ -s "$staged_jar" ]] || fail "$staged_jar is empty"
  fi

  if [[ "$foreground" == false ]]; then
    # Bootstrap actions must return before EMR installs Spark: hand over to a detached copy of this script.
    cp -f "$0" "$state_dir/start-spark-connect.sh"
    chmod 0755 "$state_dir/start-spark-connect.sh"
    args=(--run-waiter --port "$port" --wait-minutes "$wait_minutes")
    if [[ -n "$connect_jar" ]]; then args+=(--connect-jar "$staged_jar"); fi
    for conf in "${confs[@]}"; do args+=(--conf "$conf"); done
    nohup setsid "$state_dir/start-spark-connect.sh" "${args[@]}" >> "$log_file" 2>&1 < /dev/null &
    log "waiting for Spark in the background (pid $!, log $log_file)"
    exit 0
  fi
  if [[ -n "$connect_jar" ]]; then connect_jar="$staged_jar"; fi
fi

# --- after Spark is installed: start the server --------------------------------------------------------------------
start_script="$spark_home/sbin/start-connect-server.sh"
deadline=$(( $(date +%s) + wait_minutes * 60 ))
until [[ -x "$start_script" && -r "$spark_conf_dir/spark-defaults.conf" ]]; do
  (( $(date +%s) < deadline )) || fail "Spark was not installed within $wait_minutes minutes ($start_script or $spark_conf_dir/spark-defaults.conf missing)"
  sleep 10
done

core_jar="$(find "$spark_home/jars" -maxdepth 1 -name 'spark-core_*.jar' -print -quit)"
[[ -n "$core_jar" ]] || fail "no spark-core jar in $spark_home/jars: cannot tell the Spark version"
spark_version="$(basename "$core_jar" | sed -E 's/^spark-core_[0-9.]+-([0-9]+\.[0-9]+\.[0-9]+).*/\1/')"
log "Spark $spark_version installed at $spark_home"

submit=(--conf "spark.connect.grpc.binding.port=$port")
if [[ "${spark_version%%.*}" -ge 4 ]]; then
  [[ -n "$(find "$spark_home/jars" -maxdepth 1 -name 'spark-connect_*.jar' -print -quit)" ]] \
    || fail "Spark $spark_version should ship jars/spark-connect_*.jar but $spark_home/jars has none"
else
  [[ -n "$connect_jar" && -s "$connect_jar" ]] \
    || fail "Spark $spark_version does not ship the Spark Connect server: pass --connect-jar with spark-connect_2.12-$spark_version.jar"
  [[ "$(basename "$connect_jar")" == *"$spark_version"* ]] \
    || log "WARNING: $(basename "$connect_jar") does not look like the build for Spark $spark_version; the server may fail to start"
  submit+=(--jars "$connect_jar")
fi
for conf in "${confs[@]}"; do submit+=(--conf "$conf"); done

run_as=()
if [[ "$(id -u)" -eq 0 ]] && id hadoop >/dev/null 2>&1; then
  run_as=(sudo -u hadoop -H)
fi
log "starting: ${run_as[*]} $start_script ${submit[*]}"
"${run_as[@]}" "$start_script" "${submit[@]}"

for _ in $(seq 1 60); do
  if port_open; then
    log "Spark Connect is listening on port $port (connect with sc://<primary-dns>:$port)"
    exit 0
  fi
  sleep 2
done
fail "Spark Connect did not open port $port within 120 s; see the server log under $spark_home/logs or /var/log/spark"
