#!/usr/bin/env bash
# The search benchmark of the README: cbrd's search per vector storage (f32, f16, int8) at
# 10 k, 100 k and 1 M vectors beside this machine's memory-bandwidth floor, and faiss
# (IndexFlatIP, int8 scalar quantiser; pinned in benches/faiss/requirements.txt) on the same
# vectors, in one run. Prints markdown to stdout; extra arguments go to `cbrd bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(./deploy/python-env.sh bench | tail -n 1)
if [ -z "${CBRD_TFLITE_LIB:-}" ]; then
  ./deploy/fetch-tflite.sh >&2
  case $(uname -m) in aarch64) arch=arm64 ;; *) arch=amd64 ;; esac
  export CBRD_TFLITE_LIB=$PWD/runtime/linux_$arch/libtensorflowlite_c.so
fi
cargo build --release --locked -q --bin cbrd
echo "cbrd bench, $(date -u +%Y-%m-%dT%H:%MZ), CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" >&2
exec target/release/cbrd bench --iterations 1 --thread-counts 1 --index-sizes 1000 \
  --export-classes 0 --catalogue-sizes 0 --faiss-python "$python" "$@"
