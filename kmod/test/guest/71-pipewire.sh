#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 480
#
# PipeWire as a consumer: with udevd, a session D-Bus, pipewire and
# WirePlumber running, a vcam camera created afterwards (hotplug, as vcam
# cameras always are) must appear as a Video/Source node; three pipewiresrc
# clients in turn (by node name, by object serial, and after WirePlumber
# suspended the idle node) must each receive moving, non-black frames from
# it; the node must go away with the camera. Then two clients read a second
# camera's node at once (by name and by serial): both must get the same
# frames, in order (vcamctl's counter pattern), and their rates are printed.
# That camera has two capture nodes (--readers 2): reader 2 is a PipeWire
# node of its own ("LABEL #2"), and v4l2-ctl streams it directly while
# PipeWire streams reader 1.
# WirePlumber 0.4.13 shares a node among clients as it is: a client is
# refused ("target not found") only when it states no format (caps ANY,
# see pw_read below), whether it comes first or second.
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

vt_need pipewire wireplumber pw-cli pw-dump dbus-daemon udevadm gst-launch-1.0 v4l2-ctl \
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
printf '%s\n' "$props" | sed 's/^/    /' >&2
echo "$props" | grep -q '^ID_V4L_CAPABILITIES=.*:capture:' ||
	vt_fail "udev did not mark $VT_DEV as a capture device (ID_V4L_CAPABILITIES)"

# pw_wait_node DEV: wait for DEV's Video/Source node; sets id, serial, name
# and state.
pw_wait_node() {
	local t node=""
	t=$(vt_now)
	for _ in $(seq 150); do
		node=$(pw_node "$1")
		[ -n "$node" ] && break
		vt_alive "$wp" || pw_died "wireplumber exited"
		vt_alive "$pw" || pw_died "pipewire exited"
		sleep 1
	done
	if [ -z "$node" ]; then
		timeout 10 pw-cli ls Device >&2
		vt_tail wireplumber 20
		vt_fail "no PipeWire Video/Source node for $1 within 150 s"
	fi
	read -r id serial name state <<<"$node"
	vt_log "node $id (serial $serial, $name, $state) for $1 after $(vt_since "$t") s"
}

# pw_wait_gone DEV: the node must go away with the camera.
pw_wait_gone() {
	for _ in $(seq 60); do
		[ -z "$(pw_node "$1")" ] && return 0
		sleep 1
	done
	vt_fail "the PipeWire node of $1 still exists after the camera went away"
}

pw_wait_node "$VT_DEV"
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
pw_wait_gone "$VT_DEV"

# Two clients at once, as when a browser and a recorder use the camera
# through PipeWire: PipeWire opens /dev/videoN once and hands each frame to
# every linked client; WirePlumber 0.4.13 links a second client to a node
# that is already streaming like the first (no exclusive or passthrough
# link for video). Client A asks by node name, B by object serial while A
# streams, both for raw YUY2 so that the counter stamps arrive bit-exact.
# While both stream, every frame PipeWire takes from the camera must reach
# both (counter-rate --min-shared), in order with intact stamps
# (counter-check); A must go on after B leaves (it reads twice as many
# frames). Rates are printed per client: in the window both share, and for
# A alone before and after it.
SHARE_FRAMES_A=600 SHARE_FRAMES_B=300
# What a client may miss of the frames queued while both stream. On an idle
# host each gets all of them (30 fps); TCG on a loaded host starves
# PipeWire's own V4L2 reader (vcam then counts the frames it never took as
# dropped), so the bound is loose: a proxy that split the frames between its
# clients is caught by --min-shared instead (every frame PipeWire took must
# reach both clients). VCAM_PW_MAX_MISSED=5 asserts the full rate.
SHARE_MAX_MISSED=${VCAM_PW_MAX_MISSED:-50}
FRAME_BYTES=$(( ${SIZE%x*} * ${SIZE#*x} * 2 ))
COUNTER_CHECK=$VT_REPO/kmod/test/tools/counter-check
[ -x "$COUNTER_CHECK" ] || make -s -C "$VT_REPO/kmod/test/tools" >&2 ||
	vt_fail "building kmod/test/tools (counter-check) failed"
vt_start_vcamctl "$LABEL share" "$SIZE" 30 counter --readers 2
vt_find_device "$LABEL share #2" 10 || vt_fail "no capture node labelled \"$LABEL share #2\" (reader 2)"
dev2=$VT_DEV
vt_find_device "$LABEL share" 10 || vt_fail "no capture node labelled \"$LABEL share\""
# Reader 2 is a PipeWire node of its own (its nick carries the " #2").
pw_wait_node "$dev2"
nick2=$(timeout 10 pw-cli info "$id" | sed -n 's/^.*node.nick = "\(.*\)"$/\1/p')
[ "$nick2" = "$LABEL share #2" ] || vt_fail "reader 2's PipeWire node is called \"$nick2\", not \"$LABEL share #2\""
pw_wait_node "$VT_DEV"

# pw_share TAG TARGET FRAMES: a background client reading FRAMES raw frames
# into $VT_TMP/TAG.yuyv; its pid goes to VT_LAST_PID.
pw_share() {
	vt_bg "$1" gst-launch-1.0 -q pipewiresrc target-object="$2" num-buffers="$3" ! \
		"video/x-raw,format=YUY2,width=${SIZE%x*},height=${SIZE#*x}" ! \
		filesink location="$VT_TMP/$1.yuyv"
}

# pw_wait_frames TAG PID N: wait until client TAG wrote N frames.
pw_wait_frames() {
	local size
	for _ in $(seq 300); do
		size=$(stat -c %s "$VT_TMP/$1.yuyv" 2>/dev/null || echo 0)
		[ "$size" -ge $(($3 * FRAME_BYTES)) ] && return 0
		vt_alive "$2" || { vt_tail "$1"; vt_tail wireplumber 12; vt_fail "client $1 ended after $((size / FRAME_BYTES)) frames"; }
		sleep 0.2
	done
	vt_tail "$1"; vt_tail wireplumber 12
	vt_fail "client $1 wrote $((size / FRAME_BYTES)) frames in 60 s, $3 expected"
}

# pw_links NODE: the active links out of NODE, as "input-node..." ids.
pw_links() {
	timeout 20 pw-dump 2>/dev/null | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    i = o.get("info") or {}
    if o.get("type", "").endswith(":Link") and str(i.get("output-node-id")) == sys.argv[1] \
            and i.get("state") == "active":
        print(i.get("input-node-id"))' "$1"
}

t=$(vt_now)
pw_share share-a "$name" "$SHARE_FRAMES_A"
a=$VT_LAST_PID
pw_wait_frames share-a "$a" 30
pw_share share-b "$serial" "$SHARE_FRAMES_B"
b=$VT_LAST_PID
pw_wait_frames share-b "$b" 30
vt_alive "$a" || vt_fail "client share-a ended before share-b had its first frames"
# Meanwhile an application that opens V4L2 directly streams reader 2.
vt_check_stream "$dev2" 30 60 || vt_fail "v4l2-ctl got no 30 frames from reader 2 ($dev2) while PipeWire streamed reader 1"
vt_log "v4l2-ctl read 30 frames from reader 2 ($dev2) meanwhile"
links=$(pw_links "$id" | sort -u | wc -l)
vt_log "clients A and B streaming after $(vt_since "$t") s; node $id has $links active links"
[ "$links" = 2 ] || { timeout 10 pw-cli ls Link >&2; vt_fail "node $id has $links active links while two clients stream, 2 expected"; }
for c in share-b:$b share-a:$a; do
	vt_wait_pid "${c#*:}" 120
	rc=$?
	[ $rc = 0 ] || { vt_tail "${c%:*}"; vt_tail wireplumber 12; vt_fail "client ${c%:*} exited with status $rc"; }
done
vt_log "both clients done after $(vt_since "$t") s"
vt_stop_vcamctl
rates=$(python3 "$VT_WEB/counter-rate.py" "$SIZE" A="$VT_TMP/share-a.yuyv" \
	B="$VT_TMP/share-b.yuyv" --min-window 5 --max-missed "$SHARE_MAX_MISSED" --min-shared 80)
rc=$?
echo "$rates" >&2
for c in share-a:$SHARE_FRAMES_A share-b:$SHARE_FRAMES_B; do
	n=${c#*:}
	out=$("$COUNTER_CHECK" --size "$SIZE" --format YUYV --min-frames "$n" \
		--min-distinct $((n * 3 / 4)) --max-repeats $((n / 4)) --max-blank 0 \
		"$VT_TMP/${c%:*}.yuyv") || vt_fail "client ${c%:*}: $(echo "$out" | grep FAIL | head -n1)"
	vt_log "client ${c%:*}: $out"
done
[ $rc = 0 ] || vt_fail "$(echo "$rates" | grep FAIL | sed 's/^counter-rate: FAIL: //')"
rm -f "$VT_TMP"/share-?.yuyv
[ "$(vt_stat errors)" = 0 ] || vt_fail "the camera counted errors: $VT_STATS"
pw_wait_gone "$VT_DEV"
pw_wait_gone "$dev2"
fps=$(echo "$rates" | sed -n 's/^counter-rate: \([AB]\):.*(missed [0-9]*, \([0-9.]*%\)), \([0-9.]*\) fps.*/\1 \3 fps (missed \2)/p' |
	paste -sd, - | sed 's/,/, /g')
shared=$(echo "$rates" | sed -n 's/^counter-rate: \([0-9.]*%\) of the.*/\1/p')
produced=$(echo "$rates" | sed -n 's/^counter-rate: common window.*(\([0-9.]*\) fps)$/\1/p')
vt_pass "vcam camera became PipeWire node $name; three pipewiresrc clients in turn (by name, by serial, after suspend) read moving frames; two at once (by name and by serial) got the same frames ($shared shared) in order: $fps while the producer queued $produced fps; reader 2 a PipeWire node of its own, streamed directly meanwhile; nodes removed with the cameras"
