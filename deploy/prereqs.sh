#!/usr/bin/env bash
# What deploy/demo.sh (`prereqs.sh demo`) or deploy/test.sh (`prereqs.sh test`) needs, checked
# in seconds before anything is built.
#
# Missing Debian packages are installed by name (saying which) when this runs as root or sudo
# works without a password; otherwise it stops at once and prints the one `apt-get install`
# line to run. Things that are not Debian packages (Rust ≥ the rust-version in Cargo.toml,
# its rustfmt and clippy) are reported with what to do. Exit status 0 when everything is there
# (or was installed), 1 otherwise.
#
# Knows Debian 12, Raspberry Pi OS (bookworm) and Ubuntu 24.04; on Ubuntu, Chromium is a snap.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-}
case "$what" in
  demo | test) ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

os_id=unknown os_like=""
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  os_id=$(. /etc/os-release && echo "${ID:-unknown}")
  os_like=$(. /etc/os-release && echo "${ID_LIKE:-}")
fi

packages=() # Debian packages to install
snaps=()    # snaps to install (Ubuntu's Chromium)
problems=() # what cannot be installed from here, with what to do
need_pkg() { # package: add once
  local p
  for p in "${packages[@]}"; do [ "$p" = "$1" ] && return 0; done
  packages+=("$1")
}
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

case "$(uname -m)" in
  x86_64 | aarch64 | arm64) ;;
  *) problems+=("this is $(uname -m): cbrd's TFLite runtime exists for x86_64 and aarch64 (arm64) only") ;;
esac

# --- what both commands need: Rust, a C compiler (the cc crate), npm (fetch-tflite.sh), TLS roots
need_rust=$(sed -nE 's/^rust-version = "([0-9.]+)"/\1/p' Cargo.toml)
if ! command -v cargo >/dev/null; then
  problems+=("cargo not found: install Rust ≥ $need_rust with rustup (https://rustup.rs: curl --proto '=https' -sSf https://sh.rustup.rs | sh), then open a new shell")
else
  have_rust=$(rustc --version 2>/dev/null | cut -d' ' -f2 || echo 0)
  if ! version_ge "${have_rust%%-*}" "$need_rust"; then
    problems+=("rustc is ${have_rust:-unknown}; cbrd needs ≥ $need_rust: rustup update stable (Debian's and Ubuntu's rustc are older)")
  fi
fi
command -v cc >/dev/null && [ -e /usr/include/stdio.h ] || need_pkg build-essential
command -v npm >/dev/null || need_pkg npm
[ -s /etc/ssl/certs/ca-certificates.crt ] || need_pkg ca-certificates

if [ "$what" = test ]; then
  # fmt and clippy are rustup components, not packages.
  if command -v cargo >/dev/null; then
    for c in fmt clippy; do
      if ! cargo "$c" --version >/dev/null 2>&1; then
        problems+=("cargo $c is missing: rustup component add $([ $c = fmt ] && echo rustfmt || echo clippy)")
      fi
    done
  fi
  # tests/python (LiteRT, MediaPipe) in a venv; tests/e2e (node ≥ 18 + playwright-core, curl,
  # python3 for a free port) against real headless Chromium.
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_pkg python3-venv
  command -v curl >/dev/null || need_pkg curl
  if command -v node >/dev/null; then
    node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$node_major" -ge 18 ] ||
      problems+=("node is $(node --version); the end-to-end test needs ≥ 18 (Debian 12's nodejs package is 18)")
  else
    need_pkg nodejs
  fi
  # MediaPipe's native library (tests/python/check_export.py) links OpenGL ES/EGL.
  for lib in libGLESv2.so.2 libEGL.so.1; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || need_pkg "$([ $lib = libEGL.so.1 ] && echo libegl1 || echo libgles2)"
  done
  if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ] && [ ! -x /snap/bin/chromium ]; then
    case " $os_id $os_like " in
      *" ubuntu "*) snaps+=(chromium) ;; # Ubuntu's chromium package only installs the snap
      *) need_pkg chromium ;;
    esac
  fi
fi

# --- install what can be installed, or say how
if [ ${#packages[@]} -gt 0 ] || [ ${#snaps[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      [ ${#packages[@]} -eq 0 ] || problems+=("missing Debian packages; install them with:
    sudo apt-get install -y ${packages[*]}")
      [ ${#snaps[@]} -eq 0 ] || problems+=("missing snaps; install them with:
    sudo snap install ${snaps[*]}")
      packages=() snaps=()
    fi
  fi
  if [ ${#packages[@]} -gt 0 ]; then
    echo "prereqs: installing Debian packages for deploy/$what.sh: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
  if [ ${#snaps[@]} -gt 0 ]; then
    echo "prereqs: installing snaps for deploy/$what.sh: ${snaps[*]}"
    "${sudo[@]}" snap install "${snaps[@]}"
  fi
fi

if [ ${#problems[@]} -gt 0 ]; then
  echo "deploy/$what.sh cannot run yet:" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  exit 1
fi
