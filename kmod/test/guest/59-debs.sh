#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 1500
#
# The Debian packages, as a user installs them: `apt install ./vcam-dkms_*.deb
# ./vcam-tools_*.deb` (built on the host by scripts/build-debs; $VCAM_DEBS or build/debs).
# With the harness's module unloaded, DKMS must build vcam for the running kernel; modprobe
# loads it (its version from debian/changelog in modinfo and sysfs); udev gives /dev/vcam
# the group video; a normal user in group video runs `vcam-launch 'videotestsrc ! vcamsink'`
# and a consumer reads frames from its camera. `apt purge` must then leave no file of either
# package, no DKMS registration and no module (loaded or on disk).
# /lib/modules (read-only in the VM) gets a tmpfs overlay for DKMS to write to, and the
# kernel's `build` link there points at the headers in the kernel cache (a machine with
# linux-headers-KVER installed has it already).
set -u
. kmod/test/tools/guest-lib.sh
. kmod/test/lib/wait.sh

case $VCAM_KVER in 7.*) skip "DKMS builds for 7.x need the trixie toolchain (the harness builds in a chroot)" ;; esac
debs=${VCAM_DEBS:-$VCAM_REPO/build/debs}
dkms_deb=$(find "$debs" -maxdepth 1 -name 'vcam-dkms_*_all.deb' | sort | tail -n 1)
tools_deb=$(find "$debs" -maxdepth 1 -name 'vcam-tools_*.deb' | sort | tail -n 1)
{ [ -n "$dkms_deb" ] && [ -n "$tools_deb" ]; } ||
	fail "no vcam-dkms/vcam-tools .deb in $debs: run scripts/build-debs on the host first"
version=$(dpkg-deb -f "$dkms_deb" Version)
KDIR=${VCAM_CACHE:-$HOME/.cache/vcam}/kernels/$VCAM_KVER/usr/src/linux-headers-$VCAM_KVER
[ -f "$KDIR/Makefile" ] || fail "no headers for $VCAM_KVER at $KDIR"
build_tools

# DKMS writes into /lib/modules/$VCAM_KVER/updates: give it a writable layer, and the
# kernel's build link the headers (as linux-headers-$VCAM_KVER would).
{ mkdir -p /run/vcam-mods && mount -t tmpfs tmpfs /run/vcam-mods &&
	mkdir -p /run/vcam-mods/u /run/vcam-mods/w &&
	mount -t overlay overlay -o lowerdir=/lib/modules,upperdir=/run/vcam-mods/u,workdir=/run/vcam-mods/w \
		/lib/modules && ln -sfn "$KDIR" "/lib/modules/$VCAM_KVER/build"; } ||
	fail "cannot put a writable overlay on /lib/modules"
reload_test_module() {	# leave the VM as the harness expects it: the test build of vcam.ko loaded
	[ -d /sys/module/vcam ] && return 0
	# shellcheck disable=SC2046 # one module name per word
	modprobe -a $(modinfo -F depends "$VCAM_KO" | tr ',' ' ') && insmod "$VCAM_KO" ||
		echo "# could not reload $VCAM_KO"
}
trap 'rc=$?; reload_test_module; (exit $rc); cleanup' EXIT
# udevd, so that the packaged rule acts (systemd tools need this in a VM: docs/HARNESS.md)
export SYSTEMD_IGNORE_CHROOT=1
udevd=""
for d in /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd; do
	[ -x "$d" ] && { "$d" --daemon >/dev/null 2>&1 && udevd=$d; break; }
done
[ -n "$udevd" ] || fail "systemd-udevd did not start: the packaged udev rule cannot be checked"

{ [ -z "$(dkms status -m vcam 2>&1)" ] && [ ! -e /var/lib/dkms/vcam ]; } ||
	fail "DKMS knows vcam before the install (left by an earlier test?): $(dkms status -m vcam 2>&1)"
rmmod vcam || fail "cannot unload the test build of vcam"
# The user for later, made now so that the before/after comparison of /etc leaves it out.
useradd -m -G video vcamuser || fail "useradd failed"
# Where the packages and DKMS put files, to compare after the purge (with dpkg -L's lists).
# DKMS's machine owner key (/var/lib/dkms/mok.*) is made by the first build of any module and
# kept for all later ones (it may be enrolled for Secure Boot): DKMS's, not the packages'.
snapshot() {
	find /etc /usr/src /usr/share/vcam /var/lib/dkms /usr/lib/modules-load.d /lib/udev/rules.d \
		"/lib/modules/$VCAM_KVER/updates" 2>/dev/null | grep -v '^/var/lib/dkms/mok\.' | sort
}
snapshot >"$WORK/before.list"

# man-db's trigger re-indexes every manual page: minutes under TCG, and nothing this test
# looks at (the man pages themselves are checked below).
rm -f /var/lib/man-db/auto-update
t0=$SECONDS
DEBIAN_FRONTEND=noninteractive timeout 900 apt install -y --no-install-recommends \
	"$dkms_deb" "$tools_deb" >"$WORK/install.log" 2>&1 ||
	{ rc=$?; tail -n 30 "$WORK/install.log" | sed 's/^/  | /'; fail "apt install of the two packages failed (status $rc after $((SECONDS - t0)) s)"; }
note "apt install took $((SECONDS - t0)) s (DKMS build included)"
grep -E 'Building for|Installing to|^vcam(\.ko)?:|DKMS: install completed' "$WORK/install.log" | sed 's/^/  | /'
dkms status -m vcam | grep -q "vcam/$version, $VCAM_KVER, .*: installed" ||
	fail "DKMS did not install vcam/$version for $VCAM_KVER: $(dkms status -m vcam | tr '\n' ' ')"
for f in /usr/bin/vcamctl /usr/bin/vcam-launch /usr/share/vcam/vcam-launch.jar \
	/lib/udev/rules.d/60-vcam.rules /usr/lib/modules-load.d/vcam.conf \
	/usr/share/man/man1/vcamctl.1.gz /usr/share/man/man1/vcam-launch.1.gz; do
	[ -f "$f" ] || fail "the packages did not install $f"
done

# Every module of the package's Kbuild (its obj-m lines, which dkms.conf reads), built and
# installed by DKMS.
mods=$(sed -n 's/^obj-m[[:space:]]*[:+]\{0,1\}=//p' "/usr/src/vcam-$version/Kbuild") ||
	fail "cannot read /usr/src/vcam-$version/Kbuild"
[ -n "$mods" ] || fail "/usr/src/vcam-$version/Kbuild lists no obj-m module"
kos=""
for m in $mods; do
	m=${m%.o}
	kos+=" $m.ko"
	compgen -G "/lib/modules/$VCAM_KVER/updates/dkms/$m.ko*" >/dev/null ||
		fail "DKMS did not install $m.ko (listed in the package's Kbuild) for $VCAM_KVER"
done
note "DKMS installed:$kos"

modprobe vcam || fail "modprobe vcam failed after the install"
modinfo -n vcam | grep -q '/updates/dkms/' || fail "the loaded vcam is not DKMS's: $(modinfo -n vcam)"
[ "$(modinfo -F version vcam)" = "$version" ] ||
	fail "modinfo says version '$(modinfo -F version vcam)', the package $version"
[ "$(cat /sys/module/vcam/version 2>/dev/null)" = "$version" ] ||
	fail "/sys/module/vcam/version is '$(cat /sys/module/vcam/version 2>/dev/null)', the package $version"
wait_for_node /dev/vcam 5 || fail "/dev/vcam did not appear after modprobe"
# vcamsink's DMA-BUFs, for a user: vgem's /dev/dri/card* (group video) where udmabuf and
# the system heap are root's
modprobe vgem || fail "modprobe vgem failed"
udevadm trigger --action=add --subsystem-match=misc --subsystem-match=drm
udevadm settle -t 10
[ "$(stat -c %G /dev/vcam)" = video ] || fail "/dev/vcam has group $(stat -c %G /dev/vcam), the packaged rule says video"
note "/dev/vcam: $(stat -c '%A %U:%G' /dev/vcam) (packaged udev rule); modinfo version $version"

# A normal user in group video runs the packaged vcam-launch; a consumer reads its camera.
dpkg -L vcam-dkms vcam-tools >"$WORK/files.list" || fail "dpkg -L does not know the packages"
out=$WORK/launch.out
# setpriv execs vcam-launch, which execs java: $launch is the JVM, and SIGTERM reaches it
env HOME=/home/vcamuser USER=vcamuser LOGNAME=vcamuser \
	setpriv --reuid=vcamuser --regid=vcamuser --init-groups -- vcam-launch 'videotestsrc ! vcamsink' \
	>"$out" 2>&1 </dev/null &
launch=$!
BG_PIDS+=("$launch")
wait_for 120 grep -q 'camera /dev/video[0-9]* is up' "$out" ||
	{ sed 's/^/  | /' "$out"; fail "vcam-launch as vcamuser made no camera within 120 s"; }
dev=$(sed -n 's|.*camera \(/dev/video[0-9]*\) is up.*|\1|p' "$out" | head -n1)
note "vcamuser's vcam-launch: $(grep -m1 'is up' "$out")"
timeout 60 v4l2-ctl -d "$dev" --stream-mmap --stream-count=20 --stream-to="$WORK/frames.raw" \
	>"$WORK/consumer.log" 2>&1 || { cat "$WORK/consumer.log"; fail "v4l2-ctl could not read 20 frames from $dev"; }
size=$(stat -c %s "$WORK/frames.raw")
[ "$size" -gt 0 ] || fail "the consumer got no frame data from $dev"
note "a consumer read 20 frames ($size bytes) from $dev"
kill -TERM "$launch" 2>/dev/null
wait_pid "$launch" 30
[ "$WAIT_RC" = 0 ] || { sed 's/^/  | /' "$out"; fail "vcam-launch did not end with status 0 on SIGTERM (status $WAIT_RC)"; }

# Purge: nothing of either package stays behind.
modprobe -r vcam || fail "cannot unload the packaged vcam (in use?)"
t0=$SECONDS
DEBIAN_FRONTEND=noninteractive timeout 300 apt purge -y vcam-dkms vcam-tools >"$WORK/purge.log" 2>&1 ||
	{ rc=$?; tail -n 20 "$WORK/purge.log" | sed 's/^/  | /'; fail "apt purge failed (status $rc after $((SECONDS - t0)) s)"; }
note "apt purge took $((SECONDS - t0)) s"
dpkg-query -W vcam-dkms vcam-tools >/dev/null 2>&1 && fail "dpkg still knows the packages: $(dpkg-query -W vcam-dkms vcam-tools)"
[ -z "$(dkms status -m vcam 2>&1)" ] || fail "the purge left a DKMS registration: $(dkms status -m vcam 2>&1)"
[ ! -e /var/lib/dkms/vcam ] || fail "the purge left /var/lib/dkms/vcam"
for m in $mods; do
	[ ! -d "/sys/module/${m%.o}" ] || fail "the purge left ${m%.o} loaded"
done
! grep -q '/updates/dkms/vcam' "/lib/modules/$VCAM_KVER/modules.dep" ||
	fail "modules.dep still lists DKMS's vcam after the purge"
snapshot >"$WORK/after.list"
left=$(comm -13 "$WORK/before.list" "$WORK/after.list")
while read -r f; do	# the packages' own files and directories (shared directories stay)
	[ -e "$f" ] && { [ ! -d "$f" ] || [ "$(dirname "$f")" = /usr/share/doc ] || [[ $f == */vcam* ]]; } &&
		left+=$'\n'$f
done <"$WORK/files.list"
left=$(sed '/^$/d' <<<"$left")
[ -z "$left" ] || fail "the purge left files behind: $(head -n 10 <<<"$left" | tr '\n' ' ')"
echo "PASS: apt install built vcam $version with DKMS, a video-group user's vcam-launch fed a consumer, apt purge left nothing"
