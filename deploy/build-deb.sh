#!/usr/bin/env bash
# Builds the cbrd Debian package (.deb) with cargo-deb ([package.metadata.deb] in Cargo.toml).
#
#   deploy/build-deb.sh
#       for this machine's architecture (x86_64 → amd64, aarch64 → arm64): builds the release
#       binary (cargo build --release --locked), then packages it.
#   deploy/build-deb.sh --target aarch64-unknown-linux-gnu [--bin PATH]
#       arm64 package from an ALREADY cross-built binary (deploy/ci-aarch64.sh builds it);
#       nothing is compiled here.
#
# Options:
#   --target TRIPLE  x86_64-unknown-linux-gnu (amd64) or aarch64-unknown-linux-gnu (arm64)
#   --bin PATH       the cbrd binary to package, instead of building one (also $CBRD_BIN).
#                    Default with --target: TRIPLE/release/cbrd in $CARGO_TARGET_DIR, else in
#                    target/aarch64-ci (deploy/ci-aarch64.sh), else in target
#   --output DIR     where the .deb is written (default target/debian)
#   --fast           quicker compression, bigger .deb
# Environment: CBRD_BIN, CARGO_TARGET_DIR, CARGO_DEB_VERSION (default: the pinned version).
#
# Needs: cargo (installs cargo-deb into ~/.cargo/bin if missing, ~1 min), dpkg-dev
# (dpkg-shlibdeps, for the binary's library dependencies), npm the first time (TFLite runtime,
# see deploy/fetch-tflite.sh), deploy/cbrd.toml (the device config → /etc/cbrd/cbrd.toml).
# Prints the package's fields and contents; the last line of stdout is the .deb's path.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo_deb_version=${CARGO_DEB_VERSION:-3.8.0}
target=""
bin=${CBRD_BIN:-}
output=target/debian
fast=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p'; }
die() { echo "build-deb: error: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=${2:?--target needs a triple}; shift 2 ;;
    --target=*) target=${1#*=}; shift ;;
    --bin) bin=${2:?--bin needs a path}; shift 2 ;;
    --bin=*) bin=${1#*=}; shift ;;
    --output) output=${2:?--output needs a folder}; shift 2 ;;
    --output=*) output=${1#*=}; shift ;;
    --fast) fast=(--fast); shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

# --- Architecture: Rust triple → Debian architecture → cargo-deb variant -----------------------
native_triple() {
  case "$(uname -m)" in
    x86_64) echo x86_64-unknown-linux-gnu ;;
    aarch64 | arm64) echo aarch64-unknown-linux-gnu ;;
    *) die "no TFLite runtime for $(uname -m); use --target" ;;
  esac
}
triple=${target:-$(native_triple)}
case "$triple" in
  x86_64-unknown-linux-gnu) arch=amd64 elf_machine="X86-64" ;;
  aarch64-unknown-linux-gnu) arch=arm64 elf_machine="AArch64" ;;
  *) die "unsupported target $triple (x86_64-unknown-linux-gnu or aarch64-unknown-linux-gnu)" ;;
esac
cross=false
[ "$triple" = "$(native_triple)" ] || cross=true

t0=$SECONDS
step() { echo "== $* ($((SECONDS - t0)) s)" >&2; }

# --- Prerequisites ------------------------------------------------------------------------------
[ -f deploy/cbrd.toml ] ||
  die "deploy/cbrd.toml (the device config, installed as the conffile /etc/cbrd/cbrd.toml) is missing"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (apt-get install dpkg)"
command -v dpkg-shlibdeps >/dev/null ||
  die "dpkg-shlibdeps not found: the package's library dependencies need it (apt-get install dpkg-dev)"
command -v readelf >/dev/null || die "readelf not found (apt-get install binutils)"

step "TFLite runtime"
./deploy/fetch-tflite.sh >&2

if [ "$(cargo deb --version 2>/dev/null || true)" != "cargo-deb $cargo_deb_version" ]; then
  step "installing cargo-deb $cargo_deb_version into ~/.cargo/bin (once per machine, ~1 min)"
  s=$SECONDS
  cargo install cargo-deb --locked --version "$cargo_deb_version" >&2
  echo "cargo-deb installed in $((SECONDS - s)) s" >&2
fi

# --- The binary -----------------------------------------------------------------------------
deb_args=(-p cbrd --variant "$arch" --no-build --locked --output "$output" "${fast[@]}")
target_dir=${CARGO_TARGET_DIR:-target}
stage=""
trap '[ -z "$stage" ] || rm -rf "$stage"' EXIT
if [ -n "$bin" ]; then
  [ -f "$bin" ] || die "binary $bin not found"
  # cargo-deb takes the binary from <target dir>/[TRIPLE/]release/cbrd: give it one that
  # holds exactly this binary.
  stage=$(mktemp -d "${TMPDIR:-/tmp}/cbrd-deb-stage.XXXXXX")
  sub=release
  $cross && sub="$triple/release"
  mkdir -p "$stage/$sub"
  cp "$bin" "$stage/$sub/cbrd"
  target_dir=$stage
elif $cross; then
  # Where deploy/ci-aarch64.sh puts it (target/aarch64-ci), or $CARGO_TARGET_DIR / target.
  for d in ${CARGO_TARGET_DIR:+"$CARGO_TARGET_DIR"} target/aarch64-ci target; do
    if [ -f "$d/$triple/release/cbrd" ]; then target_dir=$d; break; fi
  done
  bin="$target_dir/$triple/release/cbrd"
  [ -f "$bin" ] || die "no cross-built $triple/release/cbrd in \$CARGO_TARGET_DIR, target/aarch64-ci or target: build it first (deploy/ci-aarch64.sh), or pass --bin PATH / CBRD_BIN"
else
  step "building cbrd (release)"
  s=$SECONDS
  cargo build --release --locked --bin cbrd >&2 # as deploy/demo.sh: same artifacts
  echo "release build: $((SECONDS - s)) s" >&2
  bin="$target_dir/release/cbrd"
fi
$cross && deb_args+=(--target "$triple")
[ -n "$stage" ] && bin_in_tree="$stage/${sub}/cbrd" || bin_in_tree=$bin
machine=$(readelf -h "$bin_in_tree" | sed -n 's/^ *Machine: *//p')
case "$machine" in
  *"$elf_machine"*) ;;
  *) die "$bin is built for '$machine', not $arch" ;;
esac
# cargo-deb strips with `strip`, or /usr/bin/aarch64-linux-gnu-strip when cross-packaging
# (package binutils-aarch64-linux-gnu); without it, keep the symbols rather than fail.
if $cross && ! command -v "${triple%%-*}-linux-gnu-strip" >/dev/null; then
  echo "build-deb: warning: ${triple%%-*}-linux-gnu-strip not found, packaging unstripped" >&2
  deb_args+=(--no-strip)
fi

# --- Package ------------------------------------------------------------------------------------
step "cargo deb ${deb_args[*]}"
mkdir -p "$output"
s=$SECONDS
deb=$(CARGO_TARGET_DIR=$target_dir cargo deb "${deb_args[@]}" | tail -n 1)
echo "cargo deb: $((SECONDS - s)) s" >&2
[ -f "$deb" ] || die "cargo deb did not report a .deb (got '$deb')"

# Sanity: the Architecture field and both ELF files agree.
pkg_arch=$(dpkg-deb --field "$deb" Architecture)
[ "$pkg_arch" = "$arch" ] || die "$deb has Architecture $pkg_arch, expected $arch"
check=$(mktemp -d "${TMPDIR:-/tmp}/cbrd-deb-check.XXXXXX")
dpkg-deb -x "$deb" "$check"
for f in usr/bin/cbrd usr/lib/cbrd/libtensorflowlite_c.so; do
  m=$(readelf -h "$check/$f" | sed -n 's/^ *Machine: *//p')
  case "$m" in
    *"$elf_machine"*) ;;
    *) rm -rf "$check"; die "/$f in $deb is built for '$m', not $arch" ;;
  esac
done
rm -rf "$check"

echo
dpkg-deb --info "$deb" | sed -n '/^ Package:/,$p'
echo
dpkg-deb --contents "$deb"
echo
echo "built in $((SECONDS - t0)) s: $(du -h "$deb" | cut -f1)"
echo "$deb"
