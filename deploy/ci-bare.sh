#!/usr/bin/env bash
# CI: the README's Quick start on a fresh machine. As root on Debian (CI's machine), builds a bare
# Debian 12 root (debootstrap --variant=minbase, with the security and updates suites a normal
# install has) and, inside it (chroot, clean environment):
#   1. as a user without root: deploy/test.sh must stop at once, naming the one
#      `apt-get install` line to run (its prerequisite check; nothing built);
#   2. as root: the README's apt line (taken from README.md), nothing else;
#   3. deploy/demo.sh: must classify 48/48 held-out views and reject 5/5 unknown photos;
#   4. deploy/test.sh: the whole test suite, installing the Debian packages it needs itself.
# Rust is the only thing brought in: the machine's rustup toolchain, mounted read-only (rustup
# cannot download a toolchain here). So are the host's extra CA certificates
# (/usr/local/share/ca-certificates: this network's TLS egress proxy), which a user's machine
# does not need. Prints timings per step.
#
# The clone it builds is left at $CBRD_BARE_DIR/src, the same path inside the root and outside:
# .ci/run packages from it, and the packaging reuses demo.sh's release build instead of
# compiling again (cargo's fingerprints hold absolute paths).
#
# Environment: CBRD_BARE_DIR (default /var/tmp/cbrd-bare; deleted and made again),
# CBRD_DEBIAN_MIRROR (default http://deb.debian.org/debian), CBRD_BARE_STEPS (default
# "nonroot apt demo test"; e.g. "nonroot apt demo" skips nothing silently: it is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

[ "$(id -u)" = 0 ] || { echo "ci-bare: run as root (debootstrap, chroot, mounts)" >&2; exit 1; }
dir=${CBRD_BARE_DIR:-/var/tmp/cbrd-bare}
mirror=${CBRD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
steps=${CBRD_BARE_STEPS:-nonroot apt demo test}
root=$dir/root
src=$dir/src
step_tag=bare
# shellcheck source=deploy/ci-steps.sh
source deploy/ci-steps.sh
fail() { echo "ci-bare: FAILED: $*" >&2; exit 1; }

unmount_all() {
  # Deepest first; --lazy so that a process still holding a file cannot keep a mount.
  local m
  for m in $(findmnt -rn -o TARGET | grep -e "^$root/" -e "^$root\$" | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
trap unmount_all EXIT

in_root() { # user command...: runs a shell command inside the root, clean environment
  local user=$1
  shift
  local home=/root
  [ "$user" = root ] || home=/home/$user
  chroot --userspec="$user:$user" "$root" /usr/bin/env -i HOME="$home" USER="$user" LANG=C.UTF-8 \
    TERM=dumb RUSTUP_HOME=/opt/rust/rustup \
    PATH=/opt/rust/cargo-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd $src && $*"
}

# ---------------------------------------------------------------------------------------------
step "bare Debian 12 root ($root)"
command -v debootstrap >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
unmount_all
if findmnt -rn -o TARGET | grep -q -e "^$root/" -e "^$root\$"; then fail "cannot unmount the old root's mounts"; fi
rm -rf "$dir"
mkdir -p "$dir"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
  { tail -n 20 "$dir/debootstrap.log"; fail "debootstrap"; }
security=${mirror%/debian}/debian-security
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
# The root is a mount point of its own, as in a container: a chroot whose / is a plain folder
# cannot make / private in a new mount namespace (unshare -m fails with EINVAL), and the
# full-disk test mounts a tmpfs in one.
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
# Rust, as rustup installs it, read-only.
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
cargo_bin=$(dirname "$(command -v cargo)")
mkdir -p "$root/opt/rust/rustup" "$root/opt/rust/cargo-bin"
mount --bind -o ro "$rustup_home" "$root/opt/rust/rustup"
mount --bind -o ro "$cargo_bin" "$root/opt/rust/cargo-bin"
# The repository as committed (a clone: no build products, no untracked files), at the same
# path inside the root as outside it.
git clone -q --no-local "$repo" "$src"
git -C "$src" log -1 --format='commit %h %s'
mkdir -p "$root$src"
mount --bind "$src" "$root$src"
chroot "$root" useradd --create-home --shell /bin/bash tester
echo "packages in the bare root: $(chroot "$root" dpkg-query -W | wc -l)"

# ---------------------------------------------------------------------------------------------
if [[ " $steps " == *" nonroot "* ]]; then
  step "test.sh without root and without the packages: stops at once with the apt-get line"
  s=$SECONDS
  set +e
  out=$(in_root tester ./deploy/test.sh 2>&1)
  status=$?
  set -e
  echo "$out"
  took=$((SECONDS - s))
  [ "$status" != 0 ] || fail "test.sh succeeded without its prerequisites"
  grep -q '^    sudo apt-get install -y .*build-essential' <<<"$out" ||
    fail "test.sh did not print the apt-get install line"
  [ "$took" -le 60 ] || fail "test.sh took ${took} s to report its prerequisites"
  echo "stopped after ${took} s with exit status $status"
else
  echo "ci-bare: step nonroot NOT RUN (CBRD_BARE_STEPS=$steps)"
fi

# ---------------------------------------------------------------------------------------------
if [[ " $steps " == *" apt "* ]]; then
  line=$(sed -n '/^## Quick start/,/^## /p' README.md | grep -m1 '^sudo apt-get install -y ' || true)
  [ -n "$line" ] || fail "README.md's Quick start has no 'sudo apt-get install -y …' line"
  step "the README's line: ${line%%#*}"
  in_root root "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && ${line#sudo } >/tmp/apt.log 2>&1" ||
    { tail -n 20 "$root/tmp/apt.log"; fail "the README's apt line"; }
else
  echo "ci-bare: step apt NOT RUN (CBRD_BARE_STEPS=$steps)"
fi

# ---------------------------------------------------------------------------------------------
if [[ " $steps " == *" demo "* ]]; then
  step "deploy/demo.sh"
  in_root root ./deploy/demo.sh | tee "$dir/demo.log"
  grep -q 'held-out views classified correctly: 48/48' "$dir/demo.log" || fail "demo.sh: held-out views"
  grep -q 'unknown photos rejected as unknown:  5/5' "$dir/demo.log" || fail "demo.sh: unknown photos"
else
  echo "ci-bare: step demo NOT RUN (CBRD_BARE_STEPS=$steps)"
fi

# ---------------------------------------------------------------------------------------------
if [[ " $steps " == *" test "* ]]; then
  step "deploy/test.sh"
  in_root root ./deploy/test.sh
else
  echo "ci-bare: step test NOT RUN (CBRD_BARE_STEPS=$steps)"
fi
step_timings "bare-root CI"
echo "the clone built in the bare root: $src"
