#!/usr/bin/env bash
# Fetches the TensorFlow Lite 2.9.0 C library (with XNNPACK) for Linux x86_64 and arm64 from the
# npm registry package tfjs-tflite-node@0.0.2 (Apache-2.0), checks every checksum, and extracts
# the libraries into runtime/ (git-ignored):
#   runtime/linux_amd64/libtensorflowlite_c.so
#   runtime/linux_arm64/libtensorflowlite_c.so
# Needs: npm (only to download the tarball), tar, sha256sum. Idempotent: does nothing when the
# libraries are already there with the right checksums.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dest=${CBRD_RUNTIME_DIR:-$here/runtime}
pkg=tfjs-tflite-node@0.0.2
tarball=tfjs-tflite-node-0.0.2.tgz
tarball_sha256=3be1632328a76a2475e5b6833253763c802c859433becb4d879ee1860e3b5284
# Checksums of the two libraries inside that tarball (recorded when it was first verified).
amd64_sha256=dc89b4cd86d956516570bd483668e6dd98907f49901d0567dedc69a29a56b7f7
arm64_sha256=ec0dee4fb3418e680d010248ac1e304d9656cc5c8de54caaf91d666712e2f633

check() { # file sha256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

if check "$dest/linux_amd64/libtensorflowlite_c.so" "$amd64_sha256" &&
   check "$dest/linux_arm64/libtensorflowlite_c.so" "$arm64_sha256"; then
  echo "TFLite runtime already present in $dest"
  exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed to download $pkg (apt install npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "downloading $pkg from the npm registry ..."
(cd "$work" && npm pack --silent "$pkg" >/dev/null)
got=$(sha256sum "$work/$tarball" | cut -d' ' -f1)
if [ "$got" != "$tarball_sha256" ]; then
  echo "error: $tarball has sha256 $got, expected $tarball_sha256; refusing to use it" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work" \
  package/cc_deps/linux_amd64/libtensorflowlite_c.so \
  package/cc_deps/linux_arm64/libtensorflowlite_c.so
for arch in amd64 arm64; do
  want_var=${arch}_sha256
  src="$work/package/cc_deps/linux_$arch/libtensorflowlite_c.so"
  if ! check "$src" "${!want_var}"; then
    echo "error: linux_$arch/libtensorflowlite_c.so checksum mismatch; refusing to install it" >&2
    exit 1
  fi
  mkdir -p "$dest/linux_$arch"
  install -m 0644 "$src" "$dest/linux_$arch/libtensorflowlite_c.so.tmp"
  mv "$dest/linux_$arch/libtensorflowlite_c.so.tmp" "$dest/linux_$arch/libtensorflowlite_c.so"
done
echo "TFLite 2.9.0 C runtime installed:"
echo "  $dest/linux_amd64/libtensorflowlite_c.so"
echo "  $dest/linux_arm64/libtensorflowlite_c.so"
