#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: fetch the TFLite runtime (tests that need it
# fail rather than skip when CI=true), check formatting and lints, run every test, then the
# operator page end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/fetch-tflite.sh
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "error: no bundled TFLite runtime for $(uname -m)" >&2; exit 1 ;;
esac
export CBRD_TFLITE_LIB="$PWD/runtime/linux_$arch/libtensorflowlite_c.so"
# Google's LiteRT and TFLite Task Library, to check exported classifiers (tests/python).
if [ ! -x target/py/bin/python ] || ! target/py/bin/python -c "import ai_edge_litert" 2>/dev/null; then
  python3 -m venv target/py
  target/py/bin/pip install -q -r tests/python/requirements.txt
fi
export CBRD_PYTHON="$PWD/target/py/bin/python"

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# `cargo test` does not produce cdylib files: build the fake EdgeTPU delegate and the fake
# V4L2/GPIO devices (LD_PRELOAD) first.
cargo build --workspace --locked
cargo test --workspace --locked
# The operator page in real headless Chromium against a running daemon (tests/e2e/README.md).
# Chromium missing is an error, not a skip: apt-get install chromium chromium-driver.
tests/e2e/run.sh
