#!/usr/bin/env bash
# EMR bootstrap action: installs the self-contained CovidSpark job bundle on this node.
#
#   install-bundle.sh s3://<bucket>/scripts/current            picks covidspark-jobs-linux-<x64|arm64>.zip for this CPU
#   install-bundle.sh [--bundle] s3://.../covidspark-jobs-linux-x64.zip [--sums s3://.../SHA256SUMS]
#   options: --prefix DIR (default /opt/covidspark)  --link PATH (default /usr/local/bin/covidspark-jobs, "" for none)
#            --endpoint-url URL (an S3-compatible endpoint, for local rehearsals)
#
# The zip's SHA-256 must match its line in SHA256SUMS (written by scripts/package.sh, next to the zip by default).
# The bundle is unpacked to <prefix>/releases/<sha256>/ and <prefix>/current points at it; <prefix>/<entry point> (e.g.
# /opt/covidspark/covidspark-jobs) and the --link path lead to the current entry point. Running again with the same
# bundle changes nothing. Any failure stops the script with a non-zero exit code, which makes EMR fail the cluster start
# instead of running jobs without their code.
set -euo pipefail

log() {
  printf '%s install-bundle: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

fail() {
  log "ERROR: $*"
  exit 1
}

on_error() {
  local rc=$? line="$1" command="$2"
  log "ERROR: line $line: '$command' exited with $rc"
  exit "$rc"
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

bundle_dir=""
bundle=""
sums=""
prefix="/opt/covidspark"
link="/usr/local/bin/covidspark-jobs"
endpoint=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bundle) bundle="${2:?--bundle needs an s3:// URI}"; shift 2 ;;
    --sums) sums="${2:?--sums needs an s3:// URI}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --link) link="${2-}"; shift 2 ;;
    --endpoint-url) endpoint="${2:?--endpoint-url needs a URL}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    s3://*.zip) bundle="$1"; shift ;;
    s3://*.tar.gz|s3://*.tgz) fail "'$1': bundles are .zip files written by scripts/package.sh" ;;
    s3://*) bundle_dir="${1%/}"; shift ;;
    *) usage >&2; fail "unknown argument '$1'" ;;
  esac
done

case "$(uname -m)" in
  x86_64|amd64) rid="linux-x64" ;;
  aarch64|arm64) rid="linux-arm64" ;;
  *) fail "unsupported CPU architecture '$(uname -m)' (bundles exist for x86_64 and aarch64)" ;;
esac

if [[ -z "$bundle" ]]; then
  [[ -n "$bundle_dir" ]] || fail "give the bundle folder (s3://<bucket>/scripts/current) or --bundle s3://.../<zip>"
  bundle="$bundle_dir/covidspark-jobs-$rid.zip"
fi
[[ "$bundle" == s3://*.zip ]] || fail "--bundle must be an s3:// URI of a .zip (got '$bundle')"
[[ -n "$sums" ]] || sums="${bundle%/*}/SHA256SUMS"
zip_name="${bundle##*/}"

for tool in aws unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is required but not on PATH"
done

# Writes under the prefix (and the link) go through sudo when this user cannot write there (EMR runs bootstrap
# actions as 'hadoop', which has passwordless sudo).
as_root=()
parent="$prefix"
while [[ ! -e "$parent" ]]; do parent="$(dirname "$parent")"; done
if [[ ! -w "$parent" && "$(id -u)" -ne 0 ]]; then as_root=(sudo -n); fi
run() { ${as_root[@]+"${as_root[@]}"} "$@"; }

aws_s3_cp() {
  local args=(s3 cp --only-show-errors "$1" "$2")
  if [[ -n "$endpoint" ]]; then args+=(--endpoint-url "$endpoint"); fi
  aws "${args[@]}"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log "bundle $bundle (this node: $rid), checksums $sums, prefix $prefix"
aws_s3_cp "$sums" "$work/SHA256SUMS" || fail "cannot download $sums"
expected="$(awk -v name="$zip_name" '$2 == name || $2 == "*" name { print $1 }' "$work/SHA256SUMS")"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$sums has no SHA-256 line for $zip_name"

release="$prefix/releases/$expected"
if [[ -f "$release/.installed" && "$(readlink "$prefix/current" || true)" == "releases/$expected" ]]; then
  log "already installed: $prefix/current -> releases/$expected; nothing to do"
  exit 0
fi

aws_s3_cp "$bundle" "$work/$zip_name" || fail "cannot download $bundle"
actual="$(sha256sum "$work/$zip_name" | cut -d' ' -f1)"
[[ "$actual" == "$expected" ]] || fail "checksum mismatch for $zip_name: downloaded $actual, SHA256SUMS says $expected"
log "verified $zip_name sha256 $actual"

if [[ ! -f "$release/.installed" ]]; then
  run rm -rf "$release.partial"
  run mkdir -p "$release.partial"
  run unzip -q "$work/$zip_name" -d "$release.partial"
  entry="$(sed -n 's/^ *"entryPoint": *"\([^"]*\)".*/\1/p' "$release.partial/manifest.json" 2>/dev/null || true)"
  [[ -n "$entry" ]] || fail "$zip_name has no manifest.json with an entryPoint"
  [[ -x "$release.partial/$entry" ]] || fail "$zip_name: entry point '$entry' is missing or not executable"
  run rm -rf "$release"
  run mv "$release.partial" "$release"
  run touch "$release/.installed"
  log "unpacked $zip_name to $release"
fi

entry="$(sed -n 's/^ *"entryPoint": *"\([^"]*\)".*/\1/p' "$release/manifest.json")"
# Switch atomically: a new symlink renamed over the old one.
run ln -sfn "releases/$expected" "$prefix/current.new"
run mv -T "$prefix/current.new" "$prefix/current"
log "$prefix/current -> releases/$expected (entry point $entry)"
# A stable path for EMR steps that does not name the release.
if [[ "$(readlink "$prefix/$entry" || true)" != "current/$entry" ]]; then
  run ln -sfn "current/$entry" "$prefix/$entry"
  log "$prefix/$entry -> current/$entry"
fi

if [[ -n "$link" ]]; then
  run mkdir -p "$(dirname "$link")"
  run ln -sfn "$prefix/current/$entry" "$link"
  log "$link -> $prefix/current/$entry"
fi
log "done"
