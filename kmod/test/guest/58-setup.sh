#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
# tags: long
#
# scripts/setup, the documented install, end to end in the VM: with the
# module unloaded, `scripts/setup install` builds vcam with DKMS for the
# running kernel, installs the udev rule, the load-at-boot file, vcamctl and
# the vcam-launch link, and loads the module; /dev/vcam then gets group video
# from the rule (udevd running), and the installed vcamctl makes a camera a
# consumer reads. `scripts/setup uninstall` must unload the module and leave
# nothing behind: no DKMS registration, no file it installed.
# /lib/modules (read-only in the VM) gets a tmpfs overlay for DKMS to write to.
# Tagged long: DKMS compiling under TCG takes minutes (./run-tests --long runs it).
set -u
. kmod/test/tools/guest-lib.sh
. kmod/test/lib/wait.sh

case $VCAM_KVER in 7.*) skip "DKMS builds for 7.x need the trixie toolchain (the harness builds in a chroot)" ;; esac
command -v dkms >/dev/null || skip "dkms is not installed (scripts/install-deps installs it)"
KDIR=${VCAM_CACHE:-$HOME/.cache/vcam}/kernels/$VCAM_KVER/usr/src/linux-headers-$VCAM_KVER
[ -f "$KDIR/Makefile" ] || fail "no headers for $VCAM_KVER at $KDIR"
build_tools
ensure_dmabuf_source

# DKMS writes into /lib/modules/$VCAM_KVER/updates: give it a writable layer.
{ mkdir -p /run/vcam-mods && mount -t tmpfs tmpfs /run/vcam-mods &&
	mkdir -p /run/vcam-mods/u /run/vcam-mods/w &&
	mount -t overlay overlay -o lowerdir=/lib/modules,upperdir=/run/vcam-mods/u,workdir=/run/vcam-mods/w \
		/lib/modules; } || fail "cannot put a writable overlay on /lib/modules"
reload_test_module() {	# leave the VM as the harness expects it: the test build of vcam.ko loaded
	[ -d /sys/module/vcam ] && return 0
	# uninstall's `modprobe -r vcam` also removed the media modules vcam used
	# shellcheck disable=SC2046 # one module name per word
	modprobe -a $(modinfo -F depends "$VCAM_KO" | tr ',' ' ') &&
		insmod "$VCAM_KO" || echo "# could not reload $VCAM_KO"
}
trap 'rc=$?; reload_test_module; (exit $rc); cleanup' EXIT
# udevd, so that the installed rule can act (see ../../../docs/HARNESS.md: systemd tools need this in a VM)
export SYSTEMD_IGNORE_CHROOT=1
udevd=""
for d in /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd; do
	[ -x "$d" ] && { "$d" --daemon >/dev/null 2>&1 && udevd=$d; break; }
done

rmmod vcam || fail "cannot unload the test build of vcam"
t0=$SECONDS
scripts/setup install --kernelsourcedir "$KDIR" >"$WORK/install.log" 2>&1 ||
	{ tail -n 25 "$WORK/install.log" | sed 's/^/  | /'; fail "scripts/setup install failed"; }
note "install took $((SECONDS - t0)) s"
sed 's/^/  | /' "$WORK/install.log"
[ -d /sys/module/vcam ] || fail "install did not load the module"
modinfo -n vcam | grep -q '/updates/' || fail "the loaded vcam is not DKMS's: $(modinfo -n vcam)"
wait_for_node /dev/vcam 5 || fail "/dev/vcam did not appear after install"
for f in /etc/udev/rules.d/60-vcam.rules /etc/modules-load.d/vcam.conf /usr/local/bin/vcamctl; do
	[ -f "$f" ] || fail "install did not create $f"
done
[ "$(readlink -f /usr/local/bin/vcam-launch)" = "$VCAM_REPO/vcam-launch" ] ||
	fail "/usr/local/bin/vcam-launch does not lead to $VCAM_REPO/vcam-launch"
dkms status -m vcam | grep -q "installed" || fail "dkms does not list vcam as installed: $(dkms status -m vcam)"
if [ -n "$udevd" ]; then
	udevadm settle -t 10
	group=$(stat -c %G /dev/vcam)
	[ "$group" = video ] || fail "/dev/vcam has group $group after install, the rule says video"
	note "/dev/vcam: $(stat -c '%A %U:%G' /dev/vcam) (udev rule applied)"
else
	note "no systemd-udevd here: the rule's group was not checked"
fi
scripts/setup status >"$WORK/status.log" 2>&1 || fail "scripts/setup status failed"
grep -q '^module: loaded' "$WORK/status.log" || fail "status does not say loaded: $(tr '\n' ' ' <"$WORK/status.log")"

# The installed vcamctl makes a camera that a consumer reads.
VCAMCTL=/usr/local/bin/vcamctl
start_producer --label setup --size 320x240 --format YUYV --fps 30 --pattern counter --quiet
timeout 60 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap --stream-count=10 --stream-to=/dev/null ||
	fail "v4l2-ctl could not read the installed module's camera"
stop_producer

scripts/setup uninstall >"$WORK/uninstall.log" 2>&1 ||
	{ sed 's/^/  | /' "$WORK/uninstall.log"; fail "scripts/setup uninstall failed"; }
[ ! -d /sys/module/vcam ] || fail "uninstall left the module loaded"
[ -z "$(dkms status -m vcam 2>&1)" ] || fail "uninstall left a DKMS registration: $(dkms status -m vcam 2>&1)"
[ ! -e /var/lib/dkms/vcam ] || fail "uninstall left /var/lib/dkms/vcam"
for f in /etc/udev/rules.d/60-vcam.rules /etc/modules-load.d/vcam.conf /usr/local/bin/vcamctl \
	/usr/local/bin/vcam-launch /var/lib/vcam/installed; do
	{ [ ! -e "$f" ] && [ ! -L "$f" ]; } || fail "uninstall left $f"
done
ls -d /usr/src/vcam-* >/dev/null 2>&1 && fail "uninstall left $(ls -d /usr/src/vcam-*)"
find "/lib/modules/$VCAM_KVER" -name 'vcam.ko*' | grep -q . &&
	fail "uninstall left $(find "/lib/modules/$VCAM_KVER" -name 'vcam.ko*' | head -n1)"
echo "PASS: scripts/setup installed (DKMS build, rule, tools, load) and uninstalled without leftovers"
