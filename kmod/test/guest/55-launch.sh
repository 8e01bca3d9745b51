#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# vcam-launch (the gst-launch for vcamsink) in the VM:
#  1. 'videotestsrc ! ... ! vcamsink label=Launch' becomes a camera that gst-launch's v4l2src
#     reads 30 frames from, and `vcam-launch --list` shows it with its label; SIGTERM ends it
#     with status 0.
#  2. --restart: with 'videotestsrc num-buffers=300' the stream ends every round (10 s) and the
#     pipeline is built again; the camera comes back under the same /dev/videoN even after a
#     lower number became free (another producer went away), and consumers read it again.
set -u
. kmod/test/tools/guest-lib.sh

JAR=$(scripts/jar-path) || fail "scripts/jar-path failed"
[ -f "$JAR" ] || skip "$JAR is not built (on the host: mvn -B -DskipTests package)"
command -v java >/dev/null || skip "java is not installed"
command -v gst-launch-1.0 >/dev/null || fail "gst-launch-1.0 is not installed"
build_tools
ensure_dmabuf_source
CAPS=video/x-raw,format=YUY2,width=320,height=240,framerate=30/1

# launch NAME ARGS... : start vcam-launch in the background; sets LAUNCH_PID, LAUNCH_OUT.
launch() {
	local name=$1
	shift
	LAUNCH_OUT=$WORK/$name.out
	./vcam-launch "$@" >"$LAUNCH_OUT" 2>"$WORK/$name.err" &
	LAUNCH_PID=$!
	BG_PIDS+=("$LAUNCH_PID")
}

# camera_lines : the "camera /dev/videoN is up" devices printed so far, one a line.
camera_lines() {
	sed -n 's|^vcam-launch: camera \(/dev/video[0-9]*\) is up.*|\1|p' "$LAUNCH_OUT"
}

# wait_cameras N SECONDS : wait until vcam-launch announced N cameras (rounds).
wait_cameras() {
	local n=$1 secs=$2
	for _ in $(seq $((secs * 10))); do
		[ "$(camera_lines | wc -l)" -ge "$n" ] && return 0
		kill -0 "$LAUNCH_PID" 2>/dev/null ||
			fail "vcam-launch exited early: $(tail -n 3 "$WORK"/*.err | tr '\n' ' ')"
		sleep 0.1
	done
	fail "vcam-launch announced $(camera_lines | wc -l) of $n cameras within $secs s: $(tail -n 5 "$LAUNCH_OUT" | tr '\n' ' ')"
}

# consume DEV FRAMES : a V4L2 consumer that must get FRAMES frames.
consume() {
	timeout -k 5 90 gst-launch-1.0 -q v4l2src device="$1" num-buffers="$2" ! fakesink >"$WORK/consumer.log" 2>&1 ||
		fail "v4l2src on $1 failed (status $?): $(tail -n 3 "$WORK/consumer.log" | tr '\n' ' ')"
}

# stop_launch : SIGTERM must end vcam-launch with status 0 within 30 s.
stop_launch() {
	kill -TERM "$LAUNCH_PID"
	wait_pid "$LAUNCH_PID" 30
	[ "$WAIT_RC" = 0 ] ||
		fail "vcam-launch did not exit 0 on SIGTERM (status $WAIT_RC): $(tail -n 3 "$WORK"/*.err | tr '\n' ' ')"
}

# ---- 1. a camera with a label, read by a consumer, listed
launch plain "videotestsrc ! $CAPS ! vcamsink label=Launch"
wait_cameras 1 180
dev=$(camera_lines | head -n 1)
[ -c "$dev" ] || fail "vcam-launch announced $dev, which is not a character device"
note "vcam-launch made $dev"
consume "$dev" 30
list=$(timeout 120 ./vcam-launch --list 2>&1) || fail "vcam-launch --list failed: $list"
echo "$list" | grep -qxF "$dev  \"Launch\"  uid 0" ||
	echo "$list" | grep -qxF "$dev  \"Launch\"" ||
	fail "vcam-launch --list does not show $dev \"Launch\": $(echo "$list" | tr '\n' ' ')"
stop_launch
[ -e "$dev" ] && fail "$dev still exists after vcam-launch ended"

# ---- 2. --restart keeps the number
start_producer --label other --size 320x240 --format YUYV --fps 30 --pattern counter --quiet
other=$VIDEO_DEV
launch restart --restart "videotestsrc num-buffers=300 ! $CAPS ! vcamsink label=Restart"
wait_cameras 1 180
first=$(camera_lines | head -n 1)
[ "$first" != "$other" ] || fail "vcam-launch got $first, which vcamctl has"
note "vcam-launch --restart made $first (vcamctl has $other)"
stop_producer                       # $other is free now: a fresh camera would take the lower number
rounds=$(camera_lines | wc -l)
wait_cameras $((rounds + 2)) 120
consume "$(camera_lines | tail -n 1)" 10
bad=$(camera_lines | grep -vxF "$first" | head -n 1)
[ -z "$bad" ] || fail "after a restart the camera came back as $bad instead of $first"
grep -q '^vcam-launch: restarting in ' "$LAUNCH_OUT" || fail "no restart was announced"
note "$(camera_lines | wc -l) rounds, all on $first"
stop_launch
echo "PASS: vcam-launch camera read by v4l2src and listed; --restart kept $first over $(camera_lines | wc -l) rounds"
