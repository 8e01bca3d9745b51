#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
# Export mode: vcamctl --export renders its counter pattern straight into the MMAP
# buffers of the consumers people use (v4l2-ctl's mmap reader, GStreamer v4l2src,
# ffmpeg): every frame arrives in order (counter-check) and the module copies no byte
# for the frames rendered in place (its own counters). Then every way a consumer or
# the producer can go away while buffers are lent: the consumer stops, frees its
# buffers, is SIGKILLed or restarts; the producer is SIGKILLed mid-stream. The
# producer never stalls, the consumers end cleanly, nothing is left behind.
set -u
. kmod/test/tools/guest-lib.sh
. kmod/test/lib/wait.sh
. kmod/test/lib/vcam-state.sh
build_tools
ensure_dmabuf_source
for t in v4l2-ctl gst-launch-1.0 ffmpeg; do
	command -v $t >/dev/null || fail "$t is not installed"
done

W=320 H=240
# run-all scales timeouts on slow kernels (KASAN): so does the frame loss allowed
SCALE=${VCAM_TIMEOUT_SCALE:-1}

# check NAME FILE FRAMES : every frame stamped, in order, few lost
check() {
	local out
	[ -s "$2" ] || fail "$1: captured nothing"
	out=$("$COUNTER_CHECK" --size ${W}x$H --format YUYV --min-frames "$3" \
		--min-distinct $(($3 / 2)) --max-lost $(($3 * SCALE / 10)) --max-blank 2 "$2")
	local rc=$?
	note "$1: $(echo "$out" | head -n 1)"
	[ "$rc" = 0 ] || fail "$1: $(echo "$out" | grep FAIL | head -n 1)"
}

# stats_after : stop the producer and read its final counters (vcamctl prints them)
stats_after() {
	kill -INT "$PRODUCER_PID" 2>/dev/null
	wait_pid "$PRODUCER_PID" 10
	[ "$WAIT_RC" = 0 ] || fail "vcamctl --export did not exit cleanly (status $WAIT_RC): $(tr '\n' ' ' <"$PRODUCER_ERR")"
	STATS=$(grep -m1 'queued' "$PRODUCER_ERR")
	[ -n "$STATS" ] || fail "vcamctl printed no counters: $(tr '\n' ' ' <"$PRODUCER_ERR")"
	note "$1: $STATS"
}

# field NAME : a number from vcamctl's counter line ("..., delivered 12, ...")
field() { echo "$STATS" | sed -n "s/.*[:,] $1 \([0-9][0-9]*\)[ ,].*/\1/p"; }

# ---- the consumers people use, fed in place
for consumer in mmap v4l2src ffmpeg; do
	start_producer --label "vcam export" --size ${W}x$H --format YUYV --fps 30 \
		--pattern counter --export
	case $consumer in
	mmap)	run mmap 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=90 \
			--stream-to="$WORK/mmap.yuyv" ;;
	v4l2src) run v4l2src 120 gst-launch-1.0 -q v4l2src device="$VIDEO_DEV" num-buffers=90 \
			! filesink location="$WORK/v4l2src.yuyv" ;;
	ffmpeg)	run ffmpeg 120 ffmpeg -nostdin -loglevel error -f v4l2 -i "$VIDEO_DEV" \
			-frames:v 90 -c:v copy -f rawvideo -y "$WORK/ffmpeg.yuyv" ;;
	esac
	check "$consumer" "$WORK/$consumer.yuyv" 90
	stats_after "$consumer"
	delivered=$(field delivered) exported=$(field 'exported') copied=$(field copied)
	bytes=$(echo "$STATS" | sed -n 's/.*bytes copied \([0-9]*\) (repeats.*/\1/p')
	if [ -z "$delivered" ] || [ -z "$exported" ] || [ -z "$bytes" ]; then
		fail "$consumer: cannot read vcamctl's counters: $STATS"
	fi
	[ "$exported" -ge $((delivered * 3 / 4)) ] ||
		fail "$consumer: only $exported of $delivered new frames were rendered in place"
	# what was not rendered in place (no buffer free at that moment) was copied once
	[ "$bytes" = $((copied * W * H * 2)) ] ||
		fail "$consumer: $bytes bytes copied for $copied copied frames of $((W * H * 2)) bytes"
	note "$consumer: $exported of $delivered new frames in place, $copied copied ($bytes bytes)"
done

# ---- consumers that stop, free their buffers, die or come back while buffers are lent
start_producer --label "vcam export" --size ${W}x$H --format YUYV --fps 60 \
	--pattern counter --export
for round in 1 2 3 4 5 6; do
	# v4l2-ctl itself (not under timeout(1)): the signals must reach the consumer
	v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=3 --stream-count=100000 \
		--stream-to=/dev/null >"$WORK/churn$round.log" 2>&1 &
	pid=$!
	BG_PIDS+=("$pid")
	sleep 0.$((RANDOM % 9 + 1))
	kill -0 "$pid" 2>/dev/null ||
		fail "consumer of round $round ended early: $(tail -n 2 "$WORK/churn$round.log" | tr '\n' ' ')"
	case $((round % 3)) in
	0) kill -KILL "$pid" ;;		# killed with buffers lent
	1) kill -STOP "$pid"; sleep 0.5; kill -KILL "$pid" ;;	# stalled, then killed
	2) kill -TERM "$pid" ;;		# a normal stop: STREAMOFF, REQBUFS(0), close
	esac
	wait "$pid" 2>/dev/null
	kill -0 "$PRODUCER_PID" 2>/dev/null ||
		fail "vcamctl --export died when a consumer went away (round $round): $(tr '\n' ' ' <"$PRODUCER_ERR")"
done
# short streams back to back: each gets a new cookie, the old buffers go stale
for round in 1 2 3 4 5; do
	run "short$round" 30 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=2 --stream-count=5 --stream-to=/dev/null
done
run after 60 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=60 --stream-to="$WORK/after.yuyv"
check after "$WORK/after.yuyv" 60
stats_after "after consumers came and went"

# ---- the producer is killed while it has buffers on loan
start_producer --label "vcam export" --size ${W}x$H --format YUYV --fps 60 \
	--pattern counter --export --quiet
v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=100000 \
	--stream-to=/dev/null >"$WORK/orphan.log" 2>&1 &
orphan=$!
BG_PIDS+=("$orphan")
sleep 2
kill -KILL "$PRODUCER_PID"
wait_pid "$PRODUCER_PID" 10
wait_pid "$orphan" 15
[ "$WAIT_RC" != timeout ] || fail "a consumer kept streaming 15 s after its export-mode producer was killed"
note "consumer of a killed producer ended with status $WAIT_RC: $(tail -n 1 "$WORK/orphan.log")"
vcam_wait_idle 10 || fail "camera or module references left: $(vcam_cameras) cameras, refcnt $(vcam_refcnt)"
echo "PASS: export mode: mmap, v4l2src and ffmpeg get frames rendered in place, in order; consumers and producer come and go safely"
