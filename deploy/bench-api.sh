#!/usr/bin/env bash
# Measures the HTTP API of a running `cbrd run` (release build): round-trip times of
# GET /v1/status, GET /v1/decision, GET /metrics, POST /v1/classify (one held-out photo) and the
# time from opening /v1/events to its first event, each N times, sequentially, with curl.
#
#   ./deploy/bench-api.sh [N]        (default 50; needs CBRD_TFLITE_LIB or runtime/ fetched)
#
# The daemon replays the held-out coffee photos at 5 fps with 3 enrolled classes, so the
# numbers include the live pipeline running beside the API, as on a device.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
[ -n "${CBRD_TFLITE_LIB:-}" ] || export CBRD_TFLITE_LIB="$PWD/runtime/linux_amd64/libtensorflowlite_c.so"
cargo build --release --locked -q
bin=target/release/cbrd
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

for c in coffee cat brick; do
  "$bin" -q enroll --index "$tmp/idx" --class "$c" tests/fixtures/photos/enroll/$c/*.jpg >/dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/cbrd.toml" <<EOF
[index]
path = "$tmp/idx"
[camera]
source = "folder"
folder = "$PWD/tests/fixtures/photos/heldout/coffee"
rate = 5
[output]
stdout = false
[api]
enabled = true
bind = "127.0.0.1:$port"
rate_per_s = 10000
EOF
"$bin" run --config "$tmp/cbrd.toml" 2>"$tmp/log" &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -fsS -o /dev/null "$url/v1/status" 2>/dev/null && break; sleep 0.1; done
sleep 2   # let the pipeline settle

stats() { # name, then one time in seconds per line on stdin
  python3 -c '
import sys, statistics
name = sys.argv[1]
t = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
p95 = t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))]
print(f"{name:<34} n={len(t):<4} median {statistics.median(t):7.2f} ms   p95 {p95:7.2f} ms   max {t[-1]:7.2f} ms")
' "$1"
}
photo=tests/fixtures/photos/heldout/cat/view-1.jpg
echo "cbrd API on $url, $n requests each ($(nproc) CPUs, $(uname -m)):"
for path in /v1/status /v1/decision /metrics; do
  for _ in $(seq "$n"); do curl -fsS -o /dev/null -w '%{time_total}\n' "$url$path"; done | stats "GET $path"
done
for _ in $(seq "$n"); do
  curl -fsS -o /dev/null -w '%{time_total}\n' --data-binary @"$photo" "$url/v1/classify"
done | stats "POST /v1/classify ($(( $(stat -c %s "$photo") / 1024 )) KiB JPEG)"
for _ in $(seq "$n"); do
  python3 - "$port" <<'PY'
import socket, sys, time
t0 = time.perf_counter()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
buf = b""
while b"event: decision" not in buf or not buf.endswith(b"\n\n"):
    more = s.recv(65536)
    if not more:
        sys.exit(f"the event stream closed before its first event: {buf[:200]!r}")
    buf += more
print(time.perf_counter() - t0)
PY
done | stats "GET /v1/events → first event"
