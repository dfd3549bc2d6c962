#!/usr/bin/env bash
# CI for the aarch64 (arm64) build, on an x86_64 Debian 12 machine, as root:
#   1. installs Debian's cross toolchain, a Rust compiler with an aarch64 std (rustc-web from
#      bookworm-security + libstd-rust-web-dev:arm64; rustup cannot download one here),
#      and qemu-user (no libclang: the V4L2 bindings are checked in, vendor/v4l2-sys-mit);
#   2. fetches the TFLite runtime (deploy/fetch-tflite.sh: linux_amd64 and linux_arm64);
#   3. cross-builds the release binary for aarch64-unknown-linux-gnu and checks it is an aarch64
#      ELF that, under qemu-aarch64, loads the arm64 TFLite library and classifies photos;
#   4. cross-builds the workspace and its tests, and runs `cargo test --workspace` under
#      qemu-aarch64, the integration tests running the real arm64 TFLite library. Every test
#      runs but one, named (and counted) in the log: the float32 accuracy test, whose
#      architecture-dependent part golden::float32_matches_tf_python checks (see below).
# The tests are built with the release profile (CBRD_CI_AARCH64_PROFILE=release, the default):
# that is the build that ships to the boards, it reuses the release binary's dependencies, and
# the cbrd processes that the integration tests start run ~2x faster under qemu than a debug
# build (measured on a busy 2-core machine: integration tests 9 min release, 25 min debug; ~6 min
# release when idle). CBRD_CI_AARCH64_PROFILE=dev runs the same tests on a debug build (debug
# assertions and overflow checks on).
# Idempotent: installs only what is missing; builds go to target/aarch64-ci (not target/, so the
# native build's artifacts, made by another compiler, are not rebuilt back and forth).
# Takes ~11 min on 2 cores from scratch (README, "aarch64 build (CI)").
set -euo pipefail
cd "$(dirname "$0")/.."

triple=aarch64-unknown-linux-gnu
case "${CBRD_CI_AARCH64_PROFILE:-release}" in
  release) profile=(--release) profile_dir=release ;;
  dev) profile=() profile_dir=debug ;;
  *) echo "error: CBRD_CI_AARCH64_PROFILE must be release or dev" >&2; exit 2 ;;
esac
step_tag=aarch64
# shellcheck source=deploy/ci-steps.sh
source deploy/ci-steps.sh
run() { # prints and runs a command
  echo "+ $*"
  "$@"
}

# ---------------------------------------------------------------------------------------------
step "install packages"
# Host (amd64): Rust 1.96 (rustc-web, cargo-web; bookworm-security), gcc (host build scripts),
# the aarch64 cross gcc and libc headers, qemu-user, file, CA certificates
# (crates.io), npm (fetch-tflite.sh), python3-venv and MediaPipe's GL libraries (the host Python
# that checks exported classifiers, deploy/python-env.sh). arm64 (multiarch): Rust's std for the target, and the libraries that the
# test binaries and the TFLite library load under qemu (the multiarch libc6:arm64 also provides
# /lib/ld-linux-aarch64.so.1, so qemu-aarch64 needs no -L).
pkgs=(rustc-web cargo-web gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user file
  ca-certificates libstd-rust-web-dev:arm64 libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64
  python3-venv libgles2 libegl1)
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  run dpkg --add-architecture arm64
  need_update=1
fi
missing=()
for p in "${pkgs[@]}"; do
  # dpkg-query exits 0 for packages that are merely known; check the status word.
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing+=("$p")
  fi
done
# Commands that may come from elsewhere (npm, e.g., with a nodejs from another repository).
command -v npm >/dev/null || missing+=(npm)
command -v cc >/dev/null || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ] || [ -n "${need_update:-}" ]; then
  run apt-get update -qq
  echo "+ apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  echo "all packages present"
fi
# rustc-web installs /usr/bin/rustc and /usr/bin/cargo. rustup's cargo/rustc (~/.cargo/bin)
# usually come first in PATH and have no aarch64 std: name the Debian ones explicitly.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
cargo=/usr/bin/cargo
run "$RUSTC" --version
run "$cargo" --version
# Cargo.toml's rust-version (bookworm's main suite has rustc-web 1.85; -security has 1.96).
need_rust=$(sed -nE 's/^rust-version = "([0-9.]+)"/\1/p' Cargo.toml)
have_rust=$("$RUSTC" --version | cut -d' ' -f2)
if [ "$(printf '%s\n%s\n' "$need_rust" "$have_rust" | sort -V | head -1)" != "$need_rust" ]; then
  echo "error: $RUSTC is $have_rust; cbrd needs >= $need_rust (apt-get update, then reinstall rustc-web)" >&2
  exit 1
fi
[ -d /usr/lib/rustlib/$triple/lib ] || { echo "error: no $triple std in /usr/lib/rustlib" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
step "fetch the TFLite runtime"
run ./deploy/fetch-tflite.sh
export CBRD_TFLITE_LIB=$PWD/runtime/linux_arm64/libtensorflowlite_c.so

# The cross-compiling environment.
export CARGO_TARGET_DIR=$PWD/target/aarch64-ci
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc # also .cargo/config.toml
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc # cc crate (tests/fake-delegate)
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
# Test binaries run under qemu-user (no binfmt_misc needed). No `-L /usr/aarch64-linux-gnu`:
# the arm64 multiarch libc is in /lib, and mixing the two makes the test harness hang.
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER=qemu-aarch64
# ... and the integration tests start the cbrd binary under it too (tests/integration/common.rs).
export CBRD_TEST_RUNNER=qemu-aarch64
bin=$CARGO_TARGET_DIR/$triple/release/cbrd

# ---------------------------------------------------------------------------------------------
step "build the release binary for $triple"
run "$cargo" build --release --locked --target $triple --bin cbrd

# ---------------------------------------------------------------------------------------------
step "check the binary under qemu-aarch64 (version, embed, enroll + classify)"
run file "$bin"
file -b "$bin" | grep -q 'ELF 64-bit LSB .*ARM aarch64' || {
  echo "error: $bin is not an aarch64 ELF" >&2
  exit 1
}
version=$(qemu-aarch64 "$bin" --version)
echo "$version"
grep -q '^TensorFlow Lite runtime 2\.9\.0' <<<"$version" || {
  echo "error: the arm64 TFLite runtime was not loaded" >&2
  exit 1
}
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
qemu-aarch64 "$bin" -q embed tests/fixtures/golden/cat.png >"$smoke/embed.json"
dims=$(tr -cd , <"$smoke/embed.json" | wc -c)
echo "embed tests/fixtures/golden/cat.png: $((dims + 1))-d vector"
[ "$((dims + 1))" = 1280 ] || { echo "error: expected a 1280-d embedding" >&2; exit 1; }
run qemu-aarch64 "$bin" enroll-dir --index "$smoke/index" \
  tests/fixtures/photos/enroll
qemu-aarch64 "$bin" -q classify --index "$smoke/index" \
  tests/fixtures/photos/heldout >"$smoke/classify.jsonl"
# Each held-out photo is tests/fixtures/photos/heldout/<class>/…: its label must be <class>.
total=$(wc -l <"$smoke/classify.jsonl")
right=$(sed -nE 's|^\{"file":"[^"]*/heldout/([^/"]+)/[^"]*","label":"([^"]*)".*|\1\t\2|p' \
  "$smoke/classify.jsonl" | awk -F'\t' '$1 == $2' | wc -l)
echo "held-out photos classified correctly under qemu: $right/$total"
[ "$total" -gt 0 ] && [ "$right" = "$total" ] || {
  echo "error: misclassified held-out photos:" >&2
  cat "$smoke/classify.jsonl" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
step "build the workspace for $triple (the fake delegate cdylib) and the tests (${profile_dir})"
# `cargo test` does not produce cdylib files: build the fake EdgeTPU delegate plugin first
# (target/aarch64-ci/$triple/$profile_dir/libcbrd_fake_delegate.so, found by the tests next to
# their own profile folder), as deploy/test.sh does.
run "$cargo" build "${profile[@]}" --workspace --locked --target $triple
run "$cargo" test "${profile[@]}" --workspace --locked --target $triple --no-run

# ---------------------------------------------------------------------------------------------
step "run the test suite under qemu-aarch64"
# The exported-classifier check runs the host's Python (LiteRT, MediaPipe) on the files that
# the aarch64 cbrd exports: a .tflite file does not depend on the machine that made it.
CBRD_PYTHON=$(./deploy/python-env.sh | tail -n 1)
export CBRD_PYTHON
log=$CARGO_TARGET_DIR/test.log
# A bound, so that a test hung under qemu fails this run instead of eating CI's 90 minutes
# (timeout kills the whole process group: cargo, the test binaries and their qemu children).
limit=${CBRD_CI_AARCH64_TEST_TIMEOUT:-2700}
# One test does not run under qemu, by name, said here and counted in the closing line: the
# float32 accuracy test (enroll + classify 89 photos with the float32 model). qemu emulates
# floating-point SIMD in software, so it alone took ~400 of the ~780 s of this step, while all
# it checks that depends on the architecture — the arm64 runtime's float32 embeddings — is
# checked by golden::float32_matches_tf_python, which does run here (the matching is the same
# code on every machine). It runs natively in deploy/test.sh.
not_under_qemu=(accuracy::float32_model_recognises_heldout_views_and_rejects_unknowns)
skip_args=()
for t in "${not_under_qemu[@]}"; do
  echo "not run under qemu (runs in deploy/test.sh): $t"
  skip_args+=(--skip "$t")
done
# The kill -9 campaign runs its full 110 kills natively (deploy/test.sh); under qemu each
# killed command takes ~10× longer, so it runs 30 here (said in this log).
export CBRD_CRASH_KILLS=30
echo "kill -9 campaign under qemu: CBRD_CRASH_KILLS=$CBRD_CRASH_KILLS (110 in deploy/test.sh)"
set +e
echo "+ timeout $limit $cargo test ${profile[*]} --workspace --locked --target $triple -- ${skip_args[*]}"
timeout --kill-after=30 "$limit" \
  "$cargo" test "${profile[@]}" --workspace --locked --target $triple -- "${skip_args[@]}" 2>&1 |
  tee "$log"
status=${PIPESTATUS[0]}
set -e
[ "$status" != 124 ] || echo "error: the test suite did not finish within ${limit}s" >&2
step_timings "aarch64 CI"
# One closing line summing every test binary's "test result:" line.
awk '/^test result:/ {
       for (i = 1; i <= NF; i++) {
         if ($(i) ~ /^passed/) p += $(i - 1); else if ($(i) ~ /^failed/) f += $(i - 1)
         else if ($(i) ~ /^ignored/) ig += $(i - 1)
         else if ($(i) ~ /^filtered/) fo += $(i - 1)
       }
     }
     END { printf "aarch64: %d passed, %d failed, %d ignored, %d not run under qemu (named above)\n", p, f, ig, fo }' "$log"
# The one test left out must be the only one filtered out: a renamed test is not lost silently.
filtered=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^filtered/) n += $(i - 1) }
  END { print n + 0 }' "$log")
if [ "$status" = 0 ] && [ "$filtered" != "${#not_under_qemu[@]}" ]; then
  echo "error: $filtered tests were filtered out, expected ${#not_under_qemu[@]} (${not_under_qemu[*]})" >&2
  status=1
fi
exit "$status"
