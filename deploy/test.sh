#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (CI runs this script in a bare Debian 12 root:
# deploy/ci-bare.sh). Every check runs; one that cannot run fails with its reason, never skips.
#   1. prerequisites, in seconds (deploy/prereqs.sh test): missing Debian packages are
#      installed when running as root or with password-less sudo, else it stops with the
#      `apt-get install` line to run;
#   2. the TFLite runtime (deploy/fetch-tflite.sh) and the Python checkers' venv
#      (deploy/python-env.sh: LiteRT and MediaPipe, for exported classifiers);
#   3. formatting, lints, build, every Rust test (unit, integration, the vendored bindings'
#      layout tests);
#   4. the operator page end to end in headless Chromium (tests/e2e/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { echo "== test.sh: $* ($((SECONDS - start)) s)"; }

step "prerequisites"
./deploy/prereqs.sh test
step "TFLite runtime and Python checkers"
./deploy/fetch-tflite.sh
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
esac
export CBRD_TFLITE_LIB="$PWD/runtime/linux_$arch/libtensorflowlite_c.so"
CBRD_PYTHON=$(./deploy/python-env.sh | tail -n 1)
export CBRD_PYTHON

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
step "build and test"
# `cargo test` does not produce cdylib files: build the fake EdgeTPU delegate and the fake
# V4L2/GPIO devices (LD_PRELOAD) first.
cargo build --workspace --locked
cargo test --workspace --locked
step "operator page in headless Chromium"
tests/e2e/run.sh
step "all passed"
