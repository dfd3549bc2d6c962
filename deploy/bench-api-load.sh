#!/usr/bin/env bash
# Load on the HTTP API with a real load generator (oha): requests/s and latency percentiles of
# GET /v1/status and GET /v1/decision with 1, 16 and 64 concurrent keep-alive clients, for one
# or two cbrd binaries side by side in one run.
#
#   ./deploy/bench-api-load.sh [AFTER_BIN [BEFORE_BIN]] [-- SECONDS]
#
#   AFTER_BIN   default: target/release/cbrd (built here)
#   BEFORE_BIN  optional: e.g. a release build of an older commit:
#                 git worktree add /tmp/before <commit> && (cd /tmp/before && cargo build --release)
#   SECONDS     per cell (default 5)
#
# Both daemons run at once, each replaying the held-out coffee photos at 5 fps with 3 classes
# enrolled (the same background load), and each cell is measured for every binary back to
# back, so that a busy shared machine moves both columns alike. Installs oha 1.16.0 with cargo
# when it is missing. The API's per-address limits are raised for the run (all load comes from
# 127.0.0.1), as far as each binary's config allows; the script prints what it set and counts
# the responses that were not 200 (a refused request is not a served one).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=5
bins=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) secs=${2:?"-- needs the seconds per cell"}; shift 2 ;;
    *) bins+=("$1"); shift ;;
  esac
done
[ -n "${CBRD_TFLITE_LIB:-}" ] || export CBRD_TFLITE_LIB="$PWD/runtime/linux_amd64/libtensorflowlite_c.so"
[ -f "$CBRD_TFLITE_LIB" ] || { echo "bench-api-load: $CBRD_TFLITE_LIB not found: run ./deploy/fetch-tflite.sh" >&2; exit 1; }
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release --locked -q
  bins=(target/release/cbrd)
fi
after=${bins[0]}
before=${bins[1]:-}
for b in "${bins[@]}"; do
  [ -x "$b" ] || { echo "bench-api-load: $b is not an executable cbrd binary" >&2; exit 1; }
done
oha=$(command -v oha || true)
[ -n "$oha" ] || oha="$HOME/.cargo/bin/oha"
if [ ! -x "$oha" ]; then
  echo "bench-api-load: installing oha 1.16.0 (cargo install oha --version 1.16.0 --locked) …" >&2
  cargo install oha --version 1.16.0 --locked -q
fi

tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# Starts binary $1 as daemon number $2 and appends its base URL to urls (not in a subshell:
# pids must reach the trap).
start() {
  local bin=$1 k=$2 dir="$tmp/$2"
  mkdir -p "$dir"
  for c in coffee cat brick; do
    "$bin" -q enroll --index "$dir/idx" --class "$c" tests/fixtures/photos/enroll/$c/*.jpg >/dev/null
  done
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$dir/base.toml" <<EOF
[index]
path = "$dir/idx"
[camera]
source = "folder"
folder = "$PWD/tests/fixtures/photos/heldout/coffee"
rate = 5
[output]
stdout = false
[api]
enabled = true
bind = "127.0.0.1:$port"
EOF
  # The highest rate limit and per-address connection cap this binary accepts.
  local extra
  for extra in $'rate_per_s = 1000000\nmax_connections_per_peer = 512' 'rate_per_s = 10000'; do
    { cat "$dir/base.toml"; echo "$extra"; } >"$dir/cbrd.toml"
    "$bin" -q check-config "$dir/cbrd.toml" >/dev/null 2>&1 && break
  done
  echo "daemon $k: $bin, [api] $(echo "$extra" | tr '\n' ' ')" >&2
  "$bin" run --config "$dir/cbrd.toml" >"$dir/out" 2>"$dir/log" </dev/null &
  pids+=($!)
  local url="http://127.0.0.1:$port"
  for _ in $(seq 300); do curl -fsS -o /dev/null "$url/v1/status" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "$url/v1/status" || { echo "bench-api-load: $bin did not start:" >&2; cat "$dir/log" >&2; exit 1; }
  urls+=("$url")
}

urls=()
start "$after" 0
[ -z "$before" ] || start "$before" 1
sleep 2 # let the pipelines settle

echo "# ./deploy/bench-api-load.sh ${bins[*]} -- $secs   ($(date -u +%FT%TZ))"
echo "# CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs; $("$oha" --version)"
echo "# keep-alive clients, ${secs} s per cell; each daemon classifies a folder camera at 5 fps"
names=("after: $after")
[ -z "$before" ] || names+=("before: $before")
printf '%-14s %8s' "path" "clients"
for i in "${!urls[@]}"; do printf ' | %12s %9s %9s %7s' "req/s [$i]" "p50 ms" "p99 ms" "not 200"; done
echo
for path in /v1/status /v1/decision; do
  for c in 1 16 64; do
    printf '%-14s %8s' "$path" "$c"
    for i in "${!urls[@]}"; do
      out="$tmp/oha-$i.json"
      "$oha" --no-tui --output-format json -z "${secs}s" -c "$c" "${urls[$i]}$path" >"$out" 2>"$tmp/oha.err" ||
        { echo; echo "bench-api-load: oha failed:" >&2; cat "$tmp/oha.err" >&2; exit 1; }
      python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
served = codes.get("200", 0)
# oha cancels the requests in flight when the time is up: not the server's fault.
errors = {k: v for k, v in r.get("errorDistribution", {}).items() if "deadline" not in k}
bad = sum(v for k, v in codes.items() if k != "200") + sum(errors.values())
lat = r["latencyPercentiles"]
ms = lambda v: float("nan") if v is None else v * 1000
secs = r["summary"]["total"]
print(f" | {served / secs:12.0f} {ms(lat['p50']):9.2f} {ms(lat['p99']):9.2f} {bad:7d}", end="")
PY
    done
    echo
  done
done
for i in "${!names[@]}"; do echo "# [$i] ${names[$i]}"; done
echo "# req/s counts 200 responses only; 'not 200' = other status codes and connection errors"
