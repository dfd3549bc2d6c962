#!/usr/bin/env bash
# The quick start in one command: fetch the TensorFlow Lite runtime, build cbrd, teach it the
# bundled example photos (12 classes, 3 photos each), then classify 48 held-out views of those
# classes and 5 photos of things it was never taught, and print the accuracy.
#
# Needs: cargo (Rust ≥ 1.89), npm (downloads the runtime), a C compiler: README, "Quick start".
# deploy/prereqs.sh checks them first (and installs missing Debian packages when it may).
# Re-running is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/prereqs.sh demo
./deploy/fetch-tflite.sh
echo "building cbrd (release) ..."
cargo build --release --locked --quiet --bin cbrd

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "error: no bundled TFLite runtime for $(uname -m)" >&2; exit 1 ;;
esac
export CBRD_TFLITE_LIB="$PWD/runtime/linux_$arch/libtensorflowlite_c.so"
cbrd=target/release/cbrd
index=target/demo-index
rm -rf "$index"

echo
"$cbrd" --version
echo
echo "== enroll: one sub-folder per class =="
"$cbrd" enroll-dir --index "$index" tests/fixtures/photos/enroll
"$cbrd" classes list --index "$index"

echo
echo "== classify held-out views (never enrolled) and unknown photos =="
out=target/demo-classify.jsonl
"$cbrd" -q classify --index "$index" tests/fixtures/photos/heldout tests/fixtures/photos/unknown | tee "$out"

# Score it: the folder name of a held-out view is its true class; unknown photos must get null.
awk '
  {
    # Lines start {"file":"…","label":"…" or null, … (fixed field order).
    match($0, /^\{"file":"[^"]*"/); file = substr($0, 10, RLENGTH - 10)
    rest = substr($0, RLENGTH + 1)
    if (match(rest, /^,"label":"[^"]*"/)) label = substr(rest, 11, RLENGTH - 11); else label = "null"
    n = split(file, parts, "/")
    if (file ~ /\/heldout\//) { known++; if (label == parts[n - 1]) right++ }
    else { unknown++; if (label == "null") rejected++ }
  }
  END {
    printf "\nheld-out views classified correctly: %d/%d (%.1f %%)\n", right, known, 100 * right / known
    printf "unknown photos rejected as unknown:  %d/%d\n", rejected, unknown
  }' "$out"
echo "index: $index   (try: $cbrd classify --index $index YOUR_PHOTO.jpg)"
