#!/usr/bin/env bash
# End-to-end test of the operator page in real headless Chromium.
#
#   tests/e2e/run.sh            (deploy/test.sh runs it after the Rust tests)
#
# Starts `cbrd run` with the API on a free loopback port, an empty temporary index and the
# folder camera source replaying tests/fixtures/photos/heldout/coffee, then drives the page
# with tests/e2e/operator.test.mjs (playwright-core, Debian's /usr/bin/chromium), twice: without
# auth (the whole operator walk-through) and with an API token (refused without it and with a
# wrong one, works with it). Artefacts in target/e2e/: operator.png, operator-phone.png,
# operator-token.png, failure.png (on failure), cbrd-open.log and cbrd-token.log.
#
# Needs: node >= 18 + npm, chromium (apt-get install chromium; deploy/prereqs.sh test), the TFLite
# library ($CBRD_TFLITE_LIB, set by deploy/test.sh) and a built cbrd ($CBRD_BIN, default
# target/debug/cbrd). A missing browser is an error, never a skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$repo/target/e2e"
bin=${CBRD_BIN:-$repo/target/debug/cbrd}
mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.log

[ -x "$bin" ] || { echo "e2e: $bin not found: run 'cargo build' first (or set CBRD_BIN)" >&2; exit 1; }
# Debian's and Raspberry Pi OS's chromium package, or Ubuntu's snap.
if [ -z "${CHROMIUM:-}" ]; then
  for c in /usr/bin/chromium /snap/bin/chromium; do
    if [ -x "$c" ]; then CHROMIUM=$c; break; fi
  done
fi
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || {
  echo "e2e: ${CHROMIUM:-/usr/bin/chromium} not found: apt-get install -y chromium (deploy/prereqs.sh test does)" >&2
  exit 1
}
export CHROMIUM
command -v node >/dev/null || { echo "e2e: node not found: apt-get install -y nodejs npm" >&2; exit 1; }
command -v curl >/dev/null || { echo "e2e: curl not found: apt-get install -y curl" >&2; exit 1; }

# playwright-core only (it never downloads a browser), pinned by package-lock.json.
want=$(node -p "require('$here/package-lock.json').packages['node_modules/playwright-core'].version")
have=$(node -p "require('$here/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "e2e: npm ci (playwright-core)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
pid=
stop_daemon() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  pid=
}
trap 'stop_daemon; rm -rf "$tmp"' EXIT

# One scenario with a fresh daemon (empty index): $1 = name, $2 = API token ("" = none).
run_case() {
  local name=$1 token=$2
  local dir="$tmp/$name" log="$out/cbrd-$name.log" status=0 port url i
  mkdir -p "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  {
    echo "[index]"
    echo "path = \"$dir/index\""
    echo "[camera]"
    echo "source = \"folder\""
    echo "folder = \"$repo/tests/fixtures/photos/heldout/coffee\""
    echo "rate = 5"
    echo "[decision]"
    echo "window = 3"
    echo "hold = 2"
    echo "[enroll]"
    echo "burst_frames = 3"
    echo "spacing_ms = 100"
    echo "[output]"
    echo "stdout = true"
    echo "[api]"
    echo "enabled = true"
    echo "bind = \"127.0.0.1:$port\""
    [ -z "$token" ] || echo "token = \"$token\""
  } >"$dir/cbrd.toml"

  CBRD_LOG=info,cbrd::api=debug "$bin" run --config "$dir/cbrd.toml" >"$log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port"
  for i in $(seq 300); do
    # The page shell: the one route that needs no token.
    if curl -fsS -o /dev/null "$url/" 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "e2e [$name]: cbrd exited before serving the API:" >&2
      cat "$log" >&2
      return 1
    fi
    if [ "$i" -eq 300 ]; then
      echo "e2e [$name]: cbrd does not answer on $url after 30 s" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "e2e [$name]: cbrd serving $url (log: $log)"
  CBRD_E2E_TOKEN=$token node "$here/operator.test.mjs" "$url" || status=$?
  stop_daemon
  if [ "$status" -ne 0 ]; then
    echo "e2e [$name]: cbrd log (last 40 lines):" >&2
    tail -n 40 "$log" >&2
  fi
  return "$status"
}

run_case open ""
run_case token "e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
echo "e2e: both scenarios passed; screenshots in $out"
