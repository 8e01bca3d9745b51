#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 360
#
# PipeWire as a consumer: with udevd, a session D-Bus, pipewire and
# WirePlumber running, a vcam camera created afterwards (hotplug, as vcam
# cameras always are) must appear as a Video/Source node; three pipewiresrc
# clients in turn (by node name, by object serial, and after WirePlumber
# suspended the idle node) must each receive moving, non-black frames from
# it; the node must go away with the camera.
#
# What PipeWire 0.3.65 / WirePlumber 0.4.13 need (spa/plugins/v4l2):
#  - udevd running: the monitor learns of new /dev/videoN from udev's
#    netlink events (libudev), not from the kernel's; without udevd a camera
#    created after WirePlumber started is never seen.
#  - access(/dev/videoN, R_OK|W_OK) for the PipeWire user (root here; on a
#    desktop the uaccess tag or group "video").
#  - VIDIOC_QUERYCAP reporting V4L2_CAP_VIDEO_CAPTURE when the device is
#    probed: only then is a node (not just a Video/Device) created. udev's
#    ID_V4L_CAPABILITIES is only copied into device.capabilities.
#  - WirePlumber itself must start: without systemd-logind its Bluetooth
#    monitor's logind plugin fails and WirePlumber exits (see
#    kmod/test/web/wireplumber/).
# The guest runs in a chroot (of the initramfs), so systemd tools need
# SYSTEMD_IGNORE_CHROOT=1, or udevadm trigger/settle do nothing.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

LABEL="vcam pipewire test"
SIZE=320x240
UDEVD=/lib/systemd/systemd-udevd

vt_need pipewire wireplumber pw-cli pw-dump dbus-daemon udevadm gst-launch-1.0 \
	gst-inspect-1.0 python3 setsid
[ -x "$UDEVD" ] || vt_skip "$UDEVD missing (apt-get install udev)"
gst-inspect-1.0 pipewiresrc >/dev/null 2>&1 ||
	vt_skip "pipewiresrc missing (apt-get install gstreamer1.0-pipewire)"
export SYSTEMD_IGNORE_CHROOT=1

# Wait on udevd's answer, not on its control socket: an earlier test's udevd
# (32-limits) leaves /run/udev/control behind when it exits, so the socket
# can exist long before the new udevd listens on it.
if ! udevadm control --ping --timeout=2 2>/dev/null; then
	for _ in $(seq 50); do pgrep -x systemd-udevd >/dev/null || break; sleep 0.1; done
	vt_bg udevd "$UDEVD"
	udevd_ok=
	for _ in $(seq 60); do
		udevadm control --ping --timeout=1 2>/dev/null && { udevd_ok=1; break; }
		vt_alive "$VT_LAST_PID" || break
		sleep 0.2
	done
	[ -n "$udevd_ok" ] || { vt_tail udevd; vt_fail "udevd did not answer udevadm control --ping within 20 s"; }
fi

export XDG_RUNTIME_DIR=$VT_TMP/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
export DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/bus
vt_bg dbus dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS"
PIPEWIRE_DEBUG=${PIPEWIRE_DEBUG:-3} vt_bg pipewire pipewire
pw=$VT_LAST_PID
for _ in $(seq 300); do [ -S "$XDG_RUNTIME_DIR/pipewire-0" ] && break; sleep 0.1; done
[ -S "$XDG_RUNTIME_DIR/pipewire-0" ] || { vt_tail pipewire; vt_fail "pipewire did not start"; }
start=$(vt_now)
# No logind here: kmod/test/web/wireplumber/ turns off the Bluetooth monitor,
# whose logind plugin would otherwise end WirePlumber.
[ -d /run/systemd/seats ] || wp_conf=$VT_WEB
XDG_CONFIG_HOME=${wp_conf:-${XDG_CONFIG_HOME:-$HOME/.config}} \
	WIREPLUMBER_DEBUG=${WIREPLUMBER_DEBUG:-3} vt_bg wireplumber wireplumber
wp=$VT_LAST_PID

# Report why the PipeWire side went away.
pw_died() {
	vt_alive "$pw" && echo "pipewire is alive" >&2 || echo "pipewire exited" >&2
	vt_tail pipewire 15
	vt_tail wireplumber 15
	vt_fail "$1"
}

# pw_node DEV: the Video/Source node of DEV as "id serial node.name state",
# or nothing.
pw_node() {
	timeout 20 pw-dump 2>/dev/null | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    i = o.get("info") or {}
    p = i.get("props", {}) if o.get("type", "").endswith(":Node") else {}
    if p.get("media.class") == "Video/Source" and p.get("object.path") == "v4l2:" + sys.argv[1]:
        print(o["id"], p.get("object.serial"), p.get("node.name"), i.get("state"))
        break' "$1"
}

# Let WirePlumber's V4L2 monitor start first, so the camera is a hotplug.
for _ in $(seq 150); do
	timeout 10 pw-cli ls Client 2>/dev/null | grep -i wireplumber >/dev/null && break
	vt_alive "$wp" || pw_died "wireplumber exited"
	vt_alive "$pw" || pw_died "pipewire exited"
	sleep 1
done
vt_log "wireplumber connected after $(vt_since "$start") s"

vt_start_vcamctl "$LABEL" "$SIZE" 30 bars
udevadm settle --timeout=60
props=$(udevadm info -q property "$VT_DEV")
echo "udevadm info -q property $VT_DEV:" >&2
echo "    ${props//$'\n'/$'\n'    }" >&2
echo "$props" | grep -q '^ID_V4L_CAPABILITIES=.*:capture:' ||
	vt_fail "udev did not mark $VT_DEV as a capture device (ID_V4L_CAPABILITIES)"

t=$(vt_now)
node=""
for _ in $(seq 150); do
	node=$(pw_node "$VT_DEV")
	[ -n "$node" ] && break
	vt_alive "$wp" || pw_died "wireplumber exited"
	vt_alive "$pw" || pw_died "pipewire exited"
	sleep 1
done
if [ -z "$node" ]; then
	timeout 10 pw-cli ls Device >&2
	vt_tail wireplumber 20
	vt_fail "no PipeWire Video/Source node for $VT_DEV within 150 s"
fi
read -r id serial name state <<<"$node"
vt_log "node $id (serial $serial, $name, $state) for $VT_DEV after $(vt_since "$t") s"
timeout 10 pw-cli info "$id" | grep -E 'node.description|node.nick|media.class|object.path' >&2

# pw_read TAG TARGET: a PipeWire client (pipewiresrc, as GStreamer apps use
# it) asks WirePlumber for node TARGET (a node.name or an object.serial) and
# reads 30 frames, converted to grey; they must be neither black nor frozen.
# The client must state the video format it wants (here through videoconvert):
# pipewiresrc with unconstrained caps ("! fakesink") announces no format, so
# its stream's class is Stream/Input/Unknown, WirePlumber 0.4.13 finds no
# target of the same media type ("target not found, reconnect:false") and
# destroys it; with bare "video/x-raw" the link fails with "no more input
# formats". Neither is about the camera.
pw_read() {
	local tag=$1 target=$2 out=$VT_TMP/$1.gray t check
	t=$(vt_now)
	timeout 90 gst-launch-1.0 pipewiresrc target-object="$target" num-buffers=30 ! \
		videoconvert ! video/x-raw,format=GRAY8 ! filesink location="$out" \
		>"$VT_TMP/$tag.log" 2>&1 || {
		vt_tail "$tag"
		vt_tail wireplumber 12
		vt_fail "pipewiresrc ($tag) got no frames from node $target"
	}
	check=$(python3 "$VT_WEB/frame-check.py" "$out" "$SIZE" --min-frames 30) ||
		vt_fail "pipewiresrc ($tag) frames: $check"
	vt_log "pipewiresrc ($tag, target $target): $check ($(vt_since "$t") s)"
}

# Three clients one after another, as an app opens the camera again: by
# name; at once by serial; and after WirePlumber suspended the idle node
# (which closes /dev/videoN), by name again.
pw_read pwsrc-1 "$name"
pw_read pwsrc-2 "$serial"
t=$(vt_now)
for _ in $(seq 30); do
	read -r _ _ _ state <<<"$(pw_node "$VT_DEV")"
	[ "$state" = suspended ] && break
	sleep 1
done
[ "$state" = suspended ] || vt_fail "node $name was not suspended within 30 s of its last client (state $state)"
vt_log "node suspended $(vt_since "$t") s after its last client"
pw_read pwsrc-3 "$name"

vt_stop_vcamctl
[ "$(vt_stat errors)" = 0 ] || vt_fail "the camera counted errors: $VT_STATS"
for _ in $(seq 60); do
	[ -z "$(pw_node "$VT_DEV")" ] && break
	sleep 1
done
[ -z "$(pw_node "$VT_DEV")" ] || vt_fail "node $name still exists after the camera went away"
vt_pass "vcam camera became PipeWire node $name; three pipewiresrc clients in turn (by name, by serial, after suspend) read moving frames; node removed with the camera"
