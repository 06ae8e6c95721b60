#!/usr/bin/env bash
# EMR bootstrap action: on the primary node only, starts a Spark Connect server once EMR has installed Spark.
#
#   start-spark-connect.sh [--connect-jar s3://<bucket>/jars/spark-connect_2.12-3.5.x.jar] [--port 15002]
#                          [--token-parameter /covidspark/spark-connect-token] [--wait-minutes 45]
#                          [--conf key=value]... [--foreground]
#
# Spark 3.5 (EMR 7.x) does not ship the Spark Connect server: stage spark-connect_2.12-<version>.jar (same version as
# the cluster's Spark) in S3 and pass it with --connect-jar. Spark 4 ships jars/spark-connect_2.13-*.jar: no jar needed.
# The port is reachable from this node only: a firewall rule (nft, else iptables) drops it on every interface but lo,
# and Spark 4 binds to 127.0.0.1 and requires the token kept in the SSM SecureString --token-parameter (EMR 8.x).
# EMR runs bootstrap actions as 'hadoop': root-only work (folders under /var, the firewall) goes through 'sudo -n'.
# Bootstrap actions run before EMR installs applications, so the script checks everything it can, copies the jar, and
# leaves a background waiter that starts the server once Spark is installed and HDFS and YARN are up (--foreground
# waits in the script instead, e.g. from an EMR step). Running it again while the server is up changes nothing.
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
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
}

connect_jar=""
token_parameter=""
port=15002
wait_minutes=45
foreground=false
waiter=false
confs=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --connect-jar) connect_jar="${2:?--connect-jar needs an s3:// URI or a local path}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --token-parameter) token_parameter="${2:?--token-parameter needs an SSM parameter name}"; shift 2 ;;
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

# --- privileges ------------------------------------------------------------------------------------------------------
# EMR runs bootstrap actions as 'hadoop', which has passwordless sudo; never prompt ('-n'), so a missing rule fails fast.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

# A folder this user owns (created through sudo when its parent is not writable), so logs and state need no sudo later.
own_dir() {
  if [[ -d "$1" && -w "$1" ]]; then return 0; fi
  as_root install -d -o "$(id -u)" -g "$(id -g)" -m 0755 "$1" \
    || fail "cannot create $1 for user $(id -un 2>/dev/null || id -u): 'sudo -n install -d' failed (EMR's hadoop user has passwordless sudo)"
}

# Keeps the Connect port to this node: every interface but loopback drops it (IPv4 and IPv6). Spark 3.5 cannot bind to
# one address, and EMR's managed security groups let every node of every EMR cluster in the VPC reach the primary node.
firewall_to_loopback() {
  if command -v nft >/dev/null 2>&1; then
    # Create-then-delete makes re-runs replace the table instead of adding a second rule.
    as_root nft -f - <<NFT
table inet covidspark_connect
delete table inet covidspark_connect
table inet covidspark_connect {
  chain input {
    type filter hook input priority filter; policy accept;
    iifname != "lo" tcp dport $port drop
  }
}
NFT
    log "firewall: nft table inet covidspark_connect drops tcp port $port on every interface but lo"
  elif command -v iptables >/dev/null 2>&1; then
    local tool
    for tool in iptables ip6tables; do
      command -v "$tool" >/dev/null 2>&1 || continue
      as_root "$tool" -C INPUT -p tcp --dport "$port" ! -i lo -j DROP 2>/dev/null \
        || as_root "$tool" -I INPUT 1 -p tcp --dport "$port" ! -i lo -j DROP
    done
    log "firewall: iptables INPUT drops tcp port $port on every interface but lo"
  else
    fail "neither nft nor iptables is installed: cannot keep port $port to this node, so the server is not started"
  fi
}

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
  if [[ -n "$release" && "$major" =~ ^[0-9]+$ && "$major" -ge 8 && -z "$token_parameter" ]]; then
    fail "$release runs Spark 4: pass --token-parameter with the SSM SecureString that holds the Spark Connect token (spark.connect.authenticate.token)"
  fi
  log "primary node${release:+ of $release}: Spark Connect will listen on port $port, reachable from this node only"

  own_dir "$log_dir"
  own_dir "$state_dir"
  mkdir -p "$state_dir/jars"
  rm -f "$log_dir/spark-connect.FAILED"
  firewall_to_loopback
  if [[ -n "$token_parameter" ]]; then
    command -v aws >/dev/null || fail "the aws CLI is needed to read the SSM parameter $token_parameter"
    token="$(aws ssm get-parameter --name "$token_parameter" --with-decryption --query Parameter.Value --output text)" \
      || fail "could not read the SSM parameter $token_parameter (check the instance profile's ssm:GetParameter and kms:Decrypt)"
    [[ -n "$token" && "$token" != None ]] || fail "the SSM parameter $token_parameter is empty"
    (umask 077; printf '%s' "$token" > "$state_dir/spark-connect.token")
    unset token
    log "Spark Connect token read from SSM $token_parameter into $state_dir/spark-connect.token (mode 0600)"
  fi
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
    if [[ -n "$token_parameter" ]]; then args+=(--token-parameter "$token_parameter"); fi
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
poll="${COVIDSPARK_POLL_SECONDS:-10}"
deadline=$(( $(date +%s) + wait_minutes * 60 ))
wait_for() { # wait_for "what it waits for" command...: polls the command until it succeeds or the deadline passes
  local what="$1"; shift
  until "$@"; do
    (( $(date +%s) < deadline )) || fail "$what within $wait_minutes minutes"
    sleep "$poll"
  done
}
# shellcheck disable=SC2317  # the three checks are called through wait_for
spark_installed() { [[ -x "$start_script" && -r "$spark_conf_dir/spark-defaults.conf" ]]; }
# EMR starts HDFS and YARN after writing their final configuration; a server started earlier would read half of it.
# shellcheck disable=SC2317
hdfs_ready() { command -v hdfs >/dev/null 2>&1 && [[ "$(hdfs dfsadmin -safemode get 2>/dev/null)" == *"Safe mode is OFF"* ]]; }
# shellcheck disable=SC2317
yarn_ready() { command -v yarn >/dev/null 2>&1 && [[ "$(yarn node -list -states RUNNING 2>/dev/null)" =~ Total\ Nodes:[[:space:]]*[1-9] ]]; }

wait_for "Spark was not installed ($start_script or $spark_conf_dir/spark-defaults.conf missing)" spark_installed
wait_for "HDFS did not leave safe mode ('hdfs dfsadmin -safemode get')" hdfs_ready
wait_for "YARN reported no running node ('yarn node -list -states RUNNING')" yarn_ready

core_jar="$(find "$spark_home/jars" -maxdepth 1 -name 'spark-core_*.jar' -print -quit)"
[[ -n "$core_jar" ]] || fail "no spark-core jar in $spark_home/jars: cannot tell the Spark version"
spark_version="$(basename "$core_jar" | sed -E 's/^spark-core_[0-9.]+-([0-9]+\.[0-9]+\.[0-9]+).*/\1/')"
log "Spark $spark_version installed at $spark_home; HDFS and YARN are up"

submit=(--conf "spark.connect.grpc.binding.port=$port")
token_file="$state_dir/spark-connect.token"
if [[ "${spark_version%%.*}" -ge 4 ]]; then
  [[ -n "$(find "$spark_home/jars" -maxdepth 1 -name 'spark-connect_*.jar' -print -quit)" ]] \
    || fail "Spark $spark_version should ship jars/spark-connect_*.jar but $spark_home/jars has none"
  submit+=(--conf "spark.connect.grpc.binding.address=127.0.0.1")
  [[ -s "$token_file" ]] || fail "Spark $spark_version: no token in $token_file (pass --token-parameter)"
  # Spark 4 reads the token from this variable: it never appears on a command line ('ps') or in spark-defaults.conf.
  SPARK_CONNECT_AUTHENTICATE_TOKEN="$(cat "$token_file")"
  export SPARK_CONNECT_AUTHENTICATE_TOKEN
else
  [[ -n "$connect_jar" && -s "$connect_jar" ]] \
    || fail "Spark $spark_version does not ship the Spark Connect server: pass --connect-jar with spark-connect_2.12-$spark_version.jar"
  [[ "$(basename "$connect_jar")" == *"$spark_version"* ]] \
    || log "WARNING: $(basename "$connect_jar") does not look like the build for Spark $spark_version; the server may fail to start"
  [[ ! -s "$token_file" ]] || log "WARNING: Spark $spark_version has no Spark Connect authentication: the token is not used; the firewall rule keeps the port to this node"
  submit+=(--jars "$connect_jar")
fi
for conf in "${confs[@]}"; do submit+=(--conf "$conf"); done

run_as=()
if [[ "$(id -u)" -eq 0 ]] && id hadoop >/dev/null 2>&1; then
  run_as=(sudo -n -u hadoop -H --preserve-env=SPARK_CONNECT_AUTHENTICATE_TOKEN)
fi
log "starting: ${run_as[*]} $start_script ${submit[*]}"
"${run_as[@]}" "$start_script" "${submit[@]}"
unset SPARK_CONNECT_AUTHENTICATE_TOKEN

server_log="$(find "${SPARK_LOG_DIR:-$spark_home/logs}" /var/log/spark -maxdepth 1 -name '*SparkConnectServer*.out' -print -quit 2>/dev/null || true)"
for _ in $(seq 1 60); do
  if port_open; then
    log "Spark Connect is listening on 127.0.0.1:$port (server log: ${server_log:-under /var/log/spark}); jobs connect with sc://localhost:$port"
    exit 0
  fi
  sleep 2
done
fail "Spark Connect did not open port $port within 120 s; see the server log ${server_log:-under $spark_home/logs or /var/log/spark}"
