#!/usr/bin/env bash
# CI: generated code matches its source. Regenerates crates/tflite-fbs/src/*_schema.rs from
# crates/tflite-fbs/schema/*.fbs with planus-cli 1.3.0 (installed into target/tools, a debug
# build: it is run twice, and builds ~2× faster than a release one) and fails if the result
# differs from what is checked in (`git diff --exit-code`).
#
# The vendored V4L2 bindings (vendor/v4l2-sys-mit) are not regenerated here: they are made
# from one version of the kernel headers (named in their @generated header), and Debian's
# linux-libc-dev changes with point releases; their layout tests run in `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
step_tag=generated
# shellcheck source=deploy/ci-steps.sh
source deploy/ci-steps.sh

tools=$PWD/target/tools
step "planus-cli 1.3.0"
if ! "$tools/bin/planus" --help >/dev/null 2>&1; then
  cargo install --quiet --locked --debug --root "$tools" planus-cli --version 1.3.0
fi
step "regenerate crates/tflite-fbs and compare with the checked-in code"
PATH=$tools/bin:$PATH crates/tflite-fbs/generate.sh
if ! git diff --exit-code --stat -- crates/tflite-fbs/src; then
  echo "error: crates/tflite-fbs/src differs from what generate.sh makes from the schemas;" >&2
  echo "       run crates/tflite-fbs/generate.sh and commit the result (never edit the code)" >&2
  exit 1
fi
echo "crates/tflite-fbs/src is what the schemas generate"
step_timings "generated-code CI"
