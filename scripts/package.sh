#!/usr/bin/env bash
# Builds the deployable bundles of CovidSpark:
#   covidspark-functions-linux-<arch>.zip  the Lambda host (launcher, tracker, notifier), self-contained, entry point `bootstrap`
#                                          for the provided.al2023 runtime
#   covidspark-jobs-linux-<arch>.zip       the EMR job bundle (covidspark-jobs, self-contained), installed on every node by
#                                          bootstrap/install-bundle.sh
# Each zip holds a manifest.json (name, version, commit, runtime id, every file with size and SHA-256); SHA256SUMS lists the
# zips' SHA-256 in `sha256sum -c` format. `covidspark deploy --artifacts <out>` uploads them.
#
# Usage: scripts/package.sh [--arch x64|arm64|both] [--out DIR] [--only functions|jobs] [--version TEXT]
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "package.sh: error: $*" >&2
  exit 1
}

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="x64"
out="$repo/artifacts"
only=""
version=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --arch) arch="${2:?--arch needs x64, arm64 or both}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --only) only="${2:?--only needs functions or jobs}"; shift 2 ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

case "$arch" in
  x64) rids=(linux-x64) ;;
  arm64) rids=(linux-arm64) ;;
  both) rids=(linux-x64 linux-arm64) ;;
  *) die "--arch must be x64, arm64 or both (got '$arch')" ;;
esac
case "$only" in
  "") bundles=(functions jobs) ;;
  functions|jobs) bundles=("$only") ;;
  *) die "--only must be functions or jobs (got '$only')" ;;
esac

for tool in dotnet python3 zip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
if [[ -z "$version" ]]; then
  version="$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/.work"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

project_of() {
  case "$1" in
    functions) echo "$repo/hosts/CovidSpark.Functions/CovidSpark.Functions.csproj" ;;
    jobs) echo "$repo/hosts/CovidSpark.Jobs.Cli/CovidSpark.Jobs.Cli.csproj" ;;
  esac
}

# publish BUNDLE RID DIR: self-contained publish into DIR, isolated from the developer's bin/obj folders (--artifacts-path).
publish() {
  local bundle="$1" rid="$2" dir="$3" project
  project="$(project_of "$bundle")"
  [[ -f "$project" ]] || die "$project does not exist; cannot package '$bundle'"
  local args=(publish "$project" -c Release -r "$rid" --self-contained true -o "$dir"
    --artifacts-path "$work/build-$rid" -p:GenerateDocumentationFile=false -p:DebugType=none -nologo -v:quiet)
  if [[ "$bundle" == functions ]]; then
    # provided.al2023 has no ICU; native AOT cannot cross-compile, so a cross-architecture host is published JIT.
    args+=(-p:InvariantGlobalization=true)
    if [[ "$rid" != "linux-$(host_arch)" ]]; then args+=(-p:PublishAot=false); fi
  fi
  echo "package.sh: dotnet publish $bundle for $rid" >&2
  dotnet "${args[@]}" >&2
}

host_arch() {
  case "$(uname -m)" in
    aarch64|arm64) echo arm64 ;;
    *) echo x64 ;;
  esac
}

# entry_point BUNDLE DIR: the executable the bundle starts with; the Lambda host's apphost is renamed `bootstrap`.
entry_point() {
  local bundle="$1" dir="$2" name
  name="$(basename "$(project_of "$bundle")" .csproj)"
  case "$bundle" in
    functions)
      local assembly
      assembly="$(dotnet msbuild "$(project_of functions)" -getProperty:AssemblyName 2>/dev/null || true)"
      [[ -n "$assembly" ]] || assembly="$name"
      [[ -x "$dir/$assembly" ]] || die "the Lambda host publish has no executable '$assembly' in $dir"
      if [[ "$assembly" != bootstrap ]]; then mv "$dir/$assembly" "$dir/bootstrap"; fi
      echo bootstrap ;;
    jobs)
      # The jobs program is published under its assembly name, covidspark-jobs: the entry point EMR steps run.
      [[ -x "$dir/covidspark-jobs" ]] || die "the job bundle publish has no executable 'covidspark-jobs' in $dir"
      echo covidspark-jobs ;;
  esac
}

# write_manifest DIR NAME RID ENTRY: manifest.json describing every file of DIR.
write_manifest() {
  python3 - "$@" "$version" "$commit" <<'PY'
import hashlib, json, os, sys, datetime
root, name, rid, entry, version, commit = sys.argv[1:7]
files = []
for dirpath, _, names in os.walk(root):
    for n in names:
        full = os.path.join(dirpath, n)
        rel = os.path.relpath(full, root).replace(os.sep, "/")
        if rel == "manifest.json":
            continue
        with open(full, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        files.append({"path": rel, "size": os.path.getsize(full), "sha256": digest})
files.sort(key=lambda f: f["path"])
manifest = {
    "name": name,
    "version": version,
    "commit": commit,
    "runtimeIdentifier": rid,
    "architecture": "arm64" if rid.endswith("arm64") else "x86_64",
    "entryPoint": entry,
    "createdAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "files": files,
}
with open(os.path.join(root, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
PY
}

zips=()
for rid in "${rids[@]}"; do
  for bundle in "${bundles[@]}"; do
    name="covidspark-$bundle"
    dir="$work/$name-$rid"
    publish "$bundle" "$rid" "$dir"
    entry="$(entry_point "$bundle" "$dir")"
    write_manifest "$dir" "$name" "$rid" "$entry"
    zip_path="$out/$name-$rid.zip"
    rm -f "$zip_path"
    # -X: no extra attributes (steadier bytes); zip keeps the Unix execute bits Lambda and EMR need.
    (cd "$dir" && zip -q -r -X "$zip_path" .)
    zips+=("$(basename "$zip_path")")
    echo "package.sh: wrote $zip_path ($(du -h "$zip_path" | cut -f1))" >&2
  done
done

# SHA256SUMS covers every bundle in the folder (earlier runs for another architecture included).
(cd "$out" && sha256sum covidspark-*.zip > SHA256SUMS)
echo "package.sh: wrote $out/SHA256SUMS" >&2
printf '%s\n' "${zips[@]}"
