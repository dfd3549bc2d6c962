#!/usr/bin/env bash
# End-to-end test of the operator page in real headless Chromium.
#
#   tests/e2e/run.sh            (deploy/test.sh runs it after the Rust tests)
#
# Starts `cbrd run` with the API on a free loopback port, an empty temporary index and the
# folder camera source replaying tests/fixtures/photos/heldout/coffee, then drives the page
# with tests/e2e/operator.test.mjs (playwright-core, Debian's /usr/bin/chromium). Artefacts:
# target/e2e/operator.png, operator-phone.png, failure.png (on failure) and cbrd.log.
#
# Needs: node >= 20 + npm, chromium (apt-get install chromium chromium-driver), the TFLite
# library ($CBRD_TFLITE_LIB, set by deploy/test.sh) and a built cbrd ($CBRD_BIN, default
# target/debug/cbrd). A missing browser is an error, never a skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$repo/target/e2e"
bin=${CBRD_BIN:-$repo/target/debug/cbrd}
mkdir -p "$out"
rm -f "$out"/*.png

[ -x "$bin" ] || { echo "e2e: $bin not found: run 'cargo build' first (or set CBRD_BIN)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || {
  echo "e2e: ${CHROMIUM:-/usr/bin/chromium} not found: apt-get install -y chromium chromium-driver" >&2
  exit 1
}
command -v node >/dev/null || { echo "e2e: node not found: apt-get install -y nodejs npm" >&2; exit 1; }

# playwright-core only (it never downloads a browser), pinned by package-lock.json.
if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
   ! cmp -s "$here/package-lock.json" "$here/node_modules/.package-lock.json" 2>/dev/null; then
  echo "e2e: npm ci (playwright-core)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/cbrd.toml" <<EOF
[index]
path = "$tmp/index"
[camera]
source = "folder"
folder = "$repo/tests/fixtures/photos/heldout/coffee"
rate = 5
[decision]
window = 3
hold = 2
[enroll]
burst_frames = 3
spacing_ms = 100
[output]
stdout = true
[api]
enabled = true
bind = "127.0.0.1:$port"
EOF

"$bin" run --config "$tmp/cbrd.toml" >"$out/cbrd.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port"
for i in $(seq 300); do
  if curl -fsS -o /dev/null "$url/v1/status" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e: cbrd exited before serving the API:" >&2
    cat "$out/cbrd.log" >&2
    exit 1
  fi
  [ "$i" -lt 300 ] || { echo "e2e: cbrd does not answer on $url after 30 s" >&2; cat "$out/cbrd.log" >&2; exit 1; }
  sleep 0.1
done
echo "e2e: cbrd serving $url (log: $out/cbrd.log)"

status=0
node "$here/operator.test.mjs" "$url" || status=$?
if [ "$status" -ne 0 ]; then
  echo "e2e: cbrd log (last 40 lines):" >&2
  tail -n 40 "$out/cbrd.log" >&2
fi
exit "$status"
