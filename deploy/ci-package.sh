#!/usr/bin/env bash
# CI for the Debian package and the systemd unit, as root on a throwaway x86_64 Debian 12 machine
# (systemd need not be PID 1):
#   1. the unit: `systemd-analyze security` under a threshold, and the settings that must stay;
#   2. builds the amd64 .deb (deploy/build-deb.sh) and checks its files, conffiles, Depends and
#      maintainer scripts;
#   3. `systemd-analyze verify` of the packaged unit with the packaged binary (in a scratch root),
#      then again once installed — it exits 0 even on unknown keys, so ANY output fails;
#   4. installs it with dpkg -i (twice: install, then the upgrade path), checks the binary finds
#      /usr/lib/cbrd/libtensorflowlite_c.so and the model on its own, the config, the cbrd user
#      and groups, the state folder, the enablement, and enrolls + classifies as user cbrd;
#   5. dpkg -r, then dpkg -P: everything goes except the kept conffile (after -r) and the user.
# Idempotent: purges a cbrd package left installed by an earlier run first. Leaves the machine
# without the package. Prints timings per step and, last, "package: N passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# The exposure that `systemd-analyze security` must not exceed, on its --threshold scale 0..100
# (ten times the 0.0..10.0 "Overall exposure level" it prints). deploy/cbrd.service prints
# "1.1 OK" (systemd 252; IP sockets allowed for the local HTTP API, loopback traffic only;
# 0.4 with no network at all). 15 (= 1.5) fails when a group of protections goes (no network
# isolation, syscall filter, PrivateUsers=, CapabilityBoundingSet=: 5.5 MEDIUM).
threshold=15

[ "$(id -u)" = 0 ] || { echo "ci-package: run as root (installs the .deb)" >&2; exit 1; }

passed=0
step_tag=package
# shellcheck source=deploy/ci-steps.sh
source deploy/ci-steps.sh
fail() {
  echo "ci-package: FAILED: $*" >&2
  echo "package: $passed passed, 1 failed" >&2
  exit 1
}
ok() { passed=$((passed + 1)); echo "  ok: $*"; }
# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local what=$1
  shift
  "$@" || fail "$what"
  ok "$what"
}
dpkg_status() { dpkg-query -W -f='${db:Status-Abbrev}' cbrd 2>/dev/null | tr -d ' ' || true; }

work=$PWD/target/ci-package
rm -rf "$work"
mkdir -p "$work"

# ------------------------------------------------------------------------------------------------
step "install missing tools"
need=()
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v readelf >/dev/null || need+=(binutils)
command -v runuser >/dev/null || need+=(util-linux)
command -v npm >/dev/null || need+=(npm)
command -v cc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  echo "+ apt-get install ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "all tools present"
fi
systemd-analyze --version | head -n 1

# ------------------------------------------------------------------------------------------------
step "unit: systemd-analyze security (threshold $threshold)"
unit=deploy/cbrd.service
systemd-analyze security --offline=yes --threshold="$threshold" "$unit" >"$work/security.txt" 2>&1 ||
  { cat "$work/security.txt"; fail "systemd-analyze security: exposure above $threshold"; }
grep '✗' "$work/security.txt" || true
score=$(grep -o 'Overall exposure level for cbrd.service: .*' "$work/security.txt")
echo "$score"
ok "exposure within $threshold"
# The settings the daemon's contract and the hardware depend on (a drop-in may change them on a
# device; the shipped unit must have them).
for line in 'Type=notify' 'NotifyAccess=main' 'WatchdogSec=' 'Restart=on-failure' \
  'RestartPreventExitStatus=2' 'ExecStartPre=/usr/bin/cbrd check-config /etc/cbrd/cbrd.toml' \
  'ExecStart=/usr/bin/cbrd run --config /etc/cbrd/cbrd.toml' 'ExecReload=/bin/kill -HUP $MAINPID' \
  'User=cbrd' 'StateDirectory=cbrd' 'DevicePolicy=closed' 'DeviceAllow=char-video4linux rw' \
  'DeviceAllow=char-gpiochip rw' 'SupplementaryGroups=video gpio' 'MemoryDenyWriteExecute=yes' \
  'WantedBy=multi-user.target'; do
  if [[ $line == *= ]]; then
    grep -q "^$line." "$unit" || fail "$unit does not set $line"
  else
    grep -qxF "$line" "$unit" || fail "$unit lacks the line: $line"
  fi
done
# PrivateDevices=yes would hide /dev/video* and /dev/gpiochip*; ProcSubset=pid hides /proc/cpuinfo
# from XNNPACK.
! grep -qE '^(PrivateDevices=(yes|true|1)|ProcSubset=pid)' "$unit" ||
  fail "$unit sets PrivateDevices=yes or ProcSubset=pid (see the comments in it)"
ok "unit has the required settings"

# ------------------------------------------------------------------------------------------------
step "build the amd64 .deb"
s=$SECONDS
./deploy/build-deb.sh --output "$work/deb" >"$work/build.txt"
echo "deploy/build-deb.sh: $((SECONDS - s)) s"
deb=$(tail -n 1 "$work/build.txt")
[ -f "$deb" ] || fail "no .deb built"
echo "$deb ($(du -h "$deb" | cut -f1))"
sed -n '/^ Package:/,/^ Description:/p' "$work/build.txt"

# ------------------------------------------------------------------------------------------------
step "package contents"
dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/contents.txt"
for f in /usr/bin/cbrd /usr/lib/systemd/system/cbrd.service /usr/lib/sysusers.d/cbrd.conf \
  /usr/lib/tmpfiles.d/cbrd.conf /etc/cbrd/cbrd.toml \
  /usr/share/cbrd/models/efficientnet_lite0_int8.tflite \
  /usr/share/cbrd/models/efficientnet_lite0_float32.tflite /usr/share/cbrd/models/README.md \
  /usr/share/cbrd/models/manifest.json /usr/lib/cbrd/libtensorflowlite_c.so \
  /usr/share/doc/cbrd/copyright /usr/share/doc/cbrd/README.md /usr/share/doc/cbrd/cbrd.toml; do
  grep -qxF "$f" "$work/contents.txt" || fail "$f missing from the package"
done
ok "binary, unit, sysusers/tmpfiles, conffile, models, TFLite runtime and docs packaged"
dpkg-deb -x "$deb" "$work/root"
cmp -s "$work/root/etc/cbrd/cbrd.toml" deploy/cbrd.toml || fail "/etc/cbrd/cbrd.toml is not deploy/cbrd.toml"
cmp -s "$work/root/usr/lib/cbrd/libtensorflowlite_c.so" runtime/linux_amd64/libtensorflowlite_c.so ||
  fail "/usr/lib/cbrd/libtensorflowlite_c.so is not the amd64 TFLite runtime"
for m in efficientnet_lite0_int8.tflite efficientnet_lite0_float32.tflite; do
  cmp -s "$work/root/usr/share/cbrd/models/$m" "models/$m" || fail "packaged $m differs from models/$m"
done
ok "conffile, runtime and models are the repository's files"
dpkg-deb -e "$deb" "$work/control"
grep -qxF /etc/cbrd/cbrd.toml "$work/control/conffiles" || fail "/etc/cbrd/cbrd.toml is not a conffile"
ok "conffiles: /etc/cbrd/cbrd.toml"
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
for d in 'libc6 (>= 2.29)' 'libstdc++6 (>= 9)' 'systemd | systemd-standalone-sysusers'; do
  grep -qF "$d" <<<"$depends" || fail "Depends lacks $d"
done
ok "Depends covers the TFLite runtime and systemd-sysusers/tmpfiles"
for s in postinst prerm postrm; do
  [ -x "$work/control/$s" ] || fail "no executable $s"
  ! grep -q '#DEBHELPER#' "$work/control/$s" || fail "$s still contains the DEBHELPER token"
  sh -n "$work/control/$s" || fail "$s is not valid sh"
done
grep -q 'systemd-sysusers .*cbrd.conf' "$work/control/postinst" || fail "postinst does not run systemd-sysusers"
grep -q 'deb-systemd-helper enable cbrd.service' "$work/control/postinst" || fail "postinst does not enable cbrd.service"
! grep -q 'deb-systemd-invoke start' "$work/control/postinst" || fail "postinst starts cbrd.service (it must only enable it)"
ok "maintainer scripts: generated fragments in place, enable without start"

# ------------------------------------------------------------------------------------------------
step "systemd-analyze verify (packaged unit and binary, scratch root)"
# verify needs the unit's executables and systemd's own units (sysinit.target, …) under --root.
vroot=$work/verify-root
mkdir -p "$vroot/usr/lib/systemd" "$vroot/usr/bin" "$vroot/bin"
cp -a /usr/lib/systemd/system "$vroot/usr/lib/systemd/"
cp "$work/root/usr/lib/systemd/system/cbrd.service" "$vroot/usr/lib/systemd/system/"
cp "$work/root/usr/bin/cbrd" "$vroot/usr/bin/"
cp "$(readlink -f /bin/kill)" "$vroot/bin/kill"
out=$(systemd-analyze verify --root="$vroot" cbrd.service 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify printed: $out"
ok "systemd-analyze verify: silent"

# ------------------------------------------------------------------------------------------------
step "install (dpkg -i), then reinstall (upgrade path)"
if [ -n "$(dpkg_status)" ] && [ "$(dpkg_status)" != un ]; then
  echo "purging a cbrd package left by an earlier run ($(dpkg_status))"
  dpkg -P cbrd
fi
dpkg -i "$deb"
[ "$(dpkg_status)" = ii ] || fail "cbrd not installed after dpkg -i ($(dpkg_status))"
dpkg -i "$deb"
[ "$(dpkg_status)" = ii ] || fail "cbrd not installed after reinstalling ($(dpkg_status))"
ok "dpkg -i (install and upgrade path) without systemd as PID 1"

# ------------------------------------------------------------------------------------------------
step "installed package"
out=$(systemd-analyze verify cbrd.service 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify printed: $out"
ok "systemd-analyze verify cbrd.service (installed): silent"

version=$(cd / && env -u CBRD_TFLITE_LIB -u CBRD_CONFIG /usr/bin/cbrd --version)
echo "$version"
grep -qxF 'TensorFlow Lite runtime 2.9.0 (/usr/lib/cbrd/libtensorflowlite_c.so)' <<<"$version" ||
  fail "/usr/bin/cbrd --version did not load /usr/lib/cbrd/libtensorflowlite_c.so"
ok "cbrd --version finds TensorFlow Lite runtime 2.9.0 in /usr/lib/cbrd without CBRD_TFLITE_LIB"

check "cbrd check-config /etc/cbrd/cbrd.toml" /usr/bin/cbrd check-config /etc/cbrd/cbrd.toml

IFS=: read -r _ _ uid _ _ home shell < <(getent passwd cbrd) || fail "no user cbrd"
[ "$uid" -lt 1000 ] && [ "$home" = /var/lib/cbrd ] && [ "$shell" = /usr/sbin/nologin ] ||
  fail "user cbrd: uid $uid, home $home, shell $shell"
getent group cbrd >/dev/null || fail "no group cbrd"
getent group gpio >/dev/null || fail "no group gpio"
groups=" $(id -nG cbrd) "
[[ $groups == *" video "* && $groups == *" gpio "* ]] || fail "cbrd is in groups$groups, not video and gpio"
ok "system user cbrd (uid $uid, nologin), groups cbrd, video, gpio"

[ "$(stat -c '%U:%G %a' /var/lib/cbrd)" = "cbrd:cbrd 750" ] ||
  fail "/var/lib/cbrd is $(stat -c '%U:%G %a' /var/lib/cbrd 2>&1)"
ok "/var/lib/cbrd: cbrd:cbrd 750"

link=/etc/systemd/system/multi-user.target.wants/cbrd.service
# (deb-systemd-helper links to /lib/systemd/system/cbrd.service = /usr/lib/… on merged /usr.)
[ -L "$link" ] && [ "$(readlink -f "$link")" = "$(readlink -f /usr/lib/systemd/system/cbrd.service)" ] ||
  fail "cbrd.service not enabled ($link)"
ok "cbrd.service enabled (multi-user.target.wants)"

# End to end, as the service's user, with the installed files only (model from
# /usr/share/cbrd/models, runtime from /usr/lib/cbrd, index in the state folder).
# (In /tmp: the checkout's folders may not be searchable by other users.)
photos=$(mktemp -d /tmp/cbrd-ci-package.XXXXXX)
trap 'rm -rf "$photos"' EXIT
chmod 755 "$photos"
cls=$(ls tests/fixtures/photos/enroll | head -n 1)
cp tests/fixtures/photos/enroll/"$cls"/* "$photos/"
held=$(ls tests/fixtures/photos/heldout/"$cls"/* | head -n 1)
cp "$held" "$photos/query.jpg"
chmod 644 "$photos"/*
as_cbrd() { (cd / && runuser -u cbrd -- env -u CBRD_TFLITE_LIB -u CBRD_CONFIG /usr/bin/cbrd "$@"); }
as_cbrd -q enroll --index /var/lib/cbrd/index --class "$cls" $(ls "$photos"/* | grep -v query.jpg) ||
  fail "enroll as cbrd"
result=$(as_cbrd -q classify --index /var/lib/cbrd/index "$photos/query.jpg") || fail "classify as cbrd"
echo "$result"
grep -qF "\"label\":\"$cls\"" <<<"$result" || fail "held-out photo not classified as $cls"
ok "enroll + classify as user cbrd with the packaged model and runtime"

# ------------------------------------------------------------------------------------------------
step "packaged daemon: notify, watchdog, fake camera and button (LD_PRELOAD), clean stop"
# The packaged /usr/bin/cbrd run as user cbrd, speaking sd_notify to a socket that plays systemd
# (READY=1, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1), with the fake V4L2 camera and
# GPIO chip of tests/fake-devices: a scripted button press enrolls a class from the camera.
cargo build -q --locked -p cbrd-fake-devices
fake=$photos/libcbrd_fake_devices.so
cp target/debug/libcbrd_fake_devices.so "$fake"
mkdir -p "$photos/frames" && chmod 755 "$photos/frames"
other=$(ls tests/fixtures/photos/heldout | grep -vxF "$cls" | head -n 1)
cp tests/fixtures/photos/heldout/"$other"/*.jpg "$photos/frames/"
printf '2500 falling\n2650 rising\n' >"$photos/button.script"
cat >"$photos/daemon.toml" <<TOML
[index]
path = "/var/lib/cbrd/index"
[camera]
device = "fake camera"
formats = ["MJPG"]
[decision]
window = 3
hold = 2
[button]
enabled = true
chip = "cbrd-fake-gpio"
line = 17
[led]
enabled = true
line = 27
[enroll]
burst_frames = 3
spacing_ms = 100
labels = ["from-button"]
TOML
chmod -R a+rX "$photos"
python3 - "$photos" <<'PY' || fail "packaged daemon under sd_notify"
import json, os, signal, socket, subprocess, sys, threading, time
d = sys.argv[1]
sock_path = os.path.join(d, "notify.sock")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock_path)
os.chmod(sock_path, 0o777)
s.settimeout(0.2)
env = {"PATH": "/usr/bin:/bin", "NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "2000000",
       "LD_PRELOAD": os.path.join(d, "libcbrd_fake_devices.so"),
       "CBRD_FAKE_VIDEO_FRAMES": os.path.join(d, "frames"), "CBRD_FAKE_VIDEO_FORMATS": "MJPG",
       "CBRD_FAKE_GPIO_SCRIPT": os.path.join(d, "button.script"), "CBRD_FAKE_LOG": os.path.join(d, "fake.log")}
# Started as user cbrd with its groups directly (not through runuser, which would answer
# SIGTERM itself), so that the signal reaches cbrd as systemd would send it.
p = subprocess.Popen(["/usr/bin/cbrd", "run", "--config", os.path.join(d, "daemon.toml")],
                     cwd="/", env=env, stdout=subprocess.PIPE, text=True,
                     user="cbrd", group="cbrd", extra_groups=["video", "gpio"])
events = []
def read_events():
    for line in p.stdout:
        if line.startswith("{"):
            events.append(json.loads(line))
threading.Thread(target=read_events, daemon=True).start()
notes = []
def pump():
    try:
        while True:
            notes.append(s.recv(4096).decode().strip())
    except socket.timeout:
        pass
try:
    end = time.time() + 120
    while True:
        pump()
        enrolled = any(e["event"] == "enrolled" for e in events)
        known = any(e["event"] == "decision" and e.get("label") == "from-button" for e in events)
        if "READY=1" in "\n".join(notes) and notes.count("WATCHDOG=1") >= 2 and enrolled and known:
            break
        if time.time() > end or p.poll() is not None:
            print("notifications:", notes, "\nevents:", events, file=sys.stderr)
            sys.exit("the packaged daemon did not get ready, ping the watchdog, enroll and recognise in 120 s")
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=20)
    pump()
    if not any("STOPPING=1" in n for n in notes) or rc != 0:
        sys.exit(f"no clean stop: exit {rc}, notifications {notes}")
    print(f"  READY, {notes.count('WATCHDOG=1')} watchdog pings, enrolled + recognised, STOPPING, exit 0")
finally:
    if p.poll() is None:
        p.kill()
        p.wait()
PY
ok "packaged daemon as cbrd: READY, WATCHDOG, enrolled from the fake button, recognised, STOPPING"
as_cbrd classes list --index /var/lib/cbrd/index | grep -q "from-button" || fail "button class not in the index"
ok "the button enrollment is in /var/lib/cbrd/index"

# ------------------------------------------------------------------------------------------------
step "remove (dpkg -r)"
dpkg -r cbrd
[ "$(dpkg_status)" = rc ] || fail "after dpkg -r the status is $(dpkg_status), expected rc"
for f in /usr/bin/cbrd /usr/lib/cbrd /usr/share/cbrd /usr/lib/systemd/system/cbrd.service \
  /usr/lib/sysusers.d/cbrd.conf /usr/lib/tmpfiles.d/cbrd.conf; do
  [ ! -e "$f" ] || fail "$f left after dpkg -r"
done
[ -f /etc/cbrd/cbrd.toml ] || fail "conffile /etc/cbrd/cbrd.toml removed by dpkg -r (kept until purge)"
[ -f /var/lib/cbrd/index/catalogue.sqlite ] || fail "the index was removed by dpkg -r (kept until purge)"
ok "dpkg -r: files gone; conffile and index kept"

# ------------------------------------------------------------------------------------------------
step "purge (dpkg -P)"
dpkg -P cbrd
[ -z "$(dpkg_status)" ] || [ "$(dpkg_status)" = un ] || fail "after dpkg -P the status is $(dpkg_status)"
for f in /etc/cbrd /var/lib/cbrd "$link" /etc/systemd/system/cbrd.service \
  /var/lib/systemd/deb-systemd-helper-enabled/cbrd.service.dsh-also \
  /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/cbrd.service \
  /var/lib/systemd/deb-systemd-helper-masked/cbrd.service; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f left after dpkg -P"
done
ok "dpkg -P: conffile, state, enablement and mask gone (the cbrd user stays, by policy)"
step_timings "package CI"
echo "$score"
echo "package: $passed passed, 0 failed"
