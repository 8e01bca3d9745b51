#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 60
# Smoke test: the VM runs the kernel it was asked for, vcam.ko is loaded, /dev/vcam is a
# character device and its sysfs attributes read back sane limits.
set -u
. kmod/test/lib/wait.sh

fail() { echo "FAIL: $*"; exit 1; }

[ "$(uname -r)" = "${VCAM_KVER:-}" ] || fail "running $(uname -r), expected VCAM_KVER=${VCAM_KVER:-unset}"
[ -d /sys/module/vcam ] || fail "vcam.ko is not loaded"
for m in videodev videobuf2_vmalloc; do
	[ -d "/sys/module/$m" ] || fail "$m is not loaded"
done
wait_for_node /dev/vcam 10 || fail "/dev/vcam is missing or not a character device"
misc=/sys/class/misc/vcam
[ -d "$misc" ] || fail "$misc is missing"
node=$(printf '%d:%d' "0x$(stat -c %t /dev/vcam)" "0x$(stat -c %T /dev/vcam)")
[ "$(cat "$misc/dev")" = "$node" ] ||
	fail "/dev/vcam is $node but $misc/dev says $(cat "$misc/dev")"
for a in max_width max_height max_frames max_fps; do
	v=$(cat "$misc/$a" 2>/dev/null) || fail "cannot read $misc/$a"
	{ [[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ]; } || fail "$misc/$a is '$v', expected a positive number"
	echo "# $a = $v"
done
formats=$(cat "$misc/formats" 2>/dev/null) || fail "cannot read $misc/formats"
for f in YUYV NV12 MJPG; do
	echo "$formats" | grep -qw "$f" || fail "$misc/formats lacks $f: $formats"
done
echo "# formats = $(echo "$formats" | tr '\n' ' ')"
echo "PASS: /dev/vcam on $(uname -r)"
