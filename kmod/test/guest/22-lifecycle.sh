#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
# Producers and consumers started, stopped and killed in every order. Consumers of a
# vanished producer must end with an error (not hang); a producer must not notice killed
# consumers; a restarted producer gets its --device-nr back; 60 create/exit cycles (31-stress does thousands in-process); two
# applications on one node at once. The harness checks the console for splats.
set -u
. kmod/test/tools/guest-lib.sh
build_tools
ensure_dmabuf_source
SIZE=320x240
done_steps=()
step() { done_steps+=("$1"); note "ok: $1"; }

# stream_bg NAME : a v4l2-ctl consumer streaming (practically) forever, in the background.
stream_bg() {
	v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=100000000 \
		>"$WORK/$1.out" 2>"$WORK/$1.err" &
	CONSUMER_PID=$!
	BG_PIDS+=("$CONSUMER_PID")
}

# capture_ok NAME N : capture N counter frames and verify them.
capture_ok() {
	timeout -k 5 60 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count="$2" \
		--stream-to="$WORK/$1.yuyv" >"$WORK/$1.log" 2>&1 ||
		fail "$1: capture of $2 frames failed: $(tail -n 2 "$WORK/$1.log" | tr '\n' ' ')"
	"$COUNTER_CHECK" --size $SIZE --format YUYV --min-frames "$2" --min-distinct $(($2 / 2)) \
		"$WORK/$1.yuyv" >"$WORK/$1.check" || fail "$1: $(grep FAIL "$WORK/$1.check" | head -n 1)"
}

# wait_streaming SECONDS : until the producer's camera has a consumer streaming.
wait_streaming() {
	local i
	for i in $(seq $(($1 * 10))); do
		# v4l2-ctl prints '<' per captured frame once it streams
		[ -s "$WORK/$2.err" ] || [ -s "$WORK/$2.out" ] && grep -q '<' "$WORK/$2.out" "$WORK/$2.err" 2>/dev/null && return 0
		kill -0 "$CONSUMER_PID" 2>/dev/null || fail "$2: consumer exited early: $(cat "$WORK/$2.err")"
		sleep 0.1
	done
	fail "$2: consumer did not start streaming within $1 s"
}

# consumer_ends_with_error NAME : the consumer of a vanished producer must end, with an error.
consumer_ends_with_error() {
	local rc
	wait_pid "$CONSUMER_PID" 15
	rc=$WAIT_RC
	[ "$rc" = timeout ] && fail "$1: consumer still running 15 s after the producer went away (hung)"
	if [ "$rc" = 0 ] && ! grep -qiE 'fail|error' "$WORK/$1.err"; then
		fail "$1: consumer exited with status 0 and no error after the producer went away"
	fi
	note "$1: consumer ended with status $rc: $(grep -m1 -iE 'fail|error' "$WORK/$1.err")"
}

command -v v4l2-ctl >/dev/null || fail "v4l2-ctl is not installed"

# 1. producer first, consumer stops first, then the producer: both clean.
start_producer --label "life 1" --size $SIZE --pattern counter --quiet
"$VCAMCTL" list | grep -q "\"life 1\"" || fail "vcamctl list does not show the camera: $("$VCAMCTL" list 2>&1)"
"$VCAMCTL" info "$VIDEO_DEV" | grep -q "driver: *vcam" || fail "vcamctl info $VIDEO_DEV: $("$VCAMCTL" info "$VIDEO_DEV" 2>&1)"
capture_ok life1 20
stop_producer
step "producer first, consumer stops first"

# 2. consumer streaming, producer stops (SIGINT) first.
start_producer --label "life 2" --size $SIZE --pattern counter --quiet
stream_bg life2
wait_streaming 30 life2
stop_producer
consumer_ends_with_error life2
[ ! -e "$VIDEO_DEV" ] || sleep 1
[ ! -e "$VIDEO_DEV" ] || fail "$VIDEO_DEV still exists after the producer and its consumer ended"
step "producer stops while a consumer streams"

# 3. producer SIGKILLed while a consumer streams (v4l2-ctl, then GStreamer).
start_producer --label "life 3" --size $SIZE --pattern counter --quiet
stream_bg life3
wait_streaming 30 life3
kill -KILL "$PRODUCER_PID"
consumer_ends_with_error life3
wait "$PRODUCER_PID" 2>/dev/null
start_producer --label "life 3b" --size $SIZE --pattern counter --quiet
gst-launch-1.0 v4l2src device="$VIDEO_DEV" ! fakesink >"$WORK/life3b.out" 2>"$WORK/life3b.err" &
CONSUMER_PID=$!
BG_PIDS+=("$CONSUMER_PID")
sleep 5
kill -0 "$CONSUMER_PID" 2>/dev/null || fail "gst-launch v4l2src ended before the producer was killed: $(tail -n 3 "$WORK/life3b.err" "$WORK/life3b.out" | tr '\n' ' ')"
kill -KILL "$PRODUCER_PID"
wait_pid "$CONSUMER_PID" 15
rc=$WAIT_RC
[ "$rc" = timeout ] && fail "gst-launch v4l2src hung after the producer was killed"
[ "$rc" != 0 ] || fail "gst-launch v4l2src exited 0 after the producer was killed (expected an ERROR)"
step "producer SIGKILLed under v4l2-ctl and GStreamer consumers"

# 4. consumer SIGKILLed mid-stream: the producer keeps feeding the next consumer.
start_producer --label "life 4" --size $SIZE --pattern counter --quiet
stream_bg life4
wait_streaming 30 life4
kill -KILL "$CONSUMER_PID"
wait "$CONSUMER_PID" 2>/dev/null
kill -0 "$PRODUCER_PID" || fail "the producer died when its consumer was killed"
capture_ok life4b 20
stop_producer
step "consumer SIGKILLed mid-stream, producer unaffected"

# 5. restart with the same --device-nr; the consumer reopens the same node.
nr=20
while [ -e /dev/video$nr ]; do nr=$((nr + 1)); done
start_producer --label "life 5" --size $SIZE --pattern counter --device-nr $nr --quiet
[ "$VIDEO_DEV" = /dev/video$nr ] || fail "--device-nr $nr gave $VIDEO_DEV"
capture_ok life5a 10
kill -KILL "$PRODUCER_PID"
wait "$PRODUCER_PID" 2>/dev/null
start_producer --label "life 5" --size $SIZE --pattern counter --device-nr $nr --quiet
[ "$VIDEO_DEV" = /dev/video$nr ] || fail "restarted producer got $VIDEO_DEV, not /dev/video$nr"
capture_ok life5b 10
# a second producer asking for the same number is refused with a clear message
"$VCAMCTL" create --size 64x48 --device-nr $nr --count 1 >/dev/null 2>"$WORK/clash.err" &&
	fail "a second camera got /dev/video$nr"
grep -q "already taken" "$WORK/clash.err" || fail "device-nr clash message: $(cat "$WORK/clash.err")"
stop_producer
step "restart with the same --device-nr, consumer reopens"

# 6. two applications on one node: one streams, the other queries.
start_producer --label "life 6" --size $SIZE --pattern counter --quiet
stream_bg life6
wait_streaming 30 life6
for i in 1 2 3; do
	timeout 20 v4l2-ctl -d "$VIDEO_DEV" --all >"$WORK/all.log" 2>&1 ||
		fail "v4l2-ctl --all while another app streams: $(tail -n 2 "$WORK/all.log")"
done
grep -q "Card type *: life 6" "$WORK/all.log" || fail "v4l2-ctl --all does not show the card name"
# v4l2-ctl exits 0 even when REQBUFS fails: judge by what it captured and printed
kill -0 "$CONSUMER_PID" 2>/dev/null || fail "the first streamer died during v4l2-ctl --all: $(tail -c 300 "$WORK/life6.err")"
timeout 20 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap --stream-count=1 --stream-to="$WORK/second.yuyv" \
	>"$WORK/second.log" 2>&1
[ ! -s "$WORK/second.yuyv" ] || fail "a second application captured a frame while the first one streams"
grep -qi "busy" "$WORK/second.log" || fail "second streamer: expected EBUSY, got: $(tail -c 200 "$WORK/second.log")"
kill -TERM "$CONSUMER_PID"	# background jobs of a script ignore SIGINT
wait_pid "$CONSUMER_PID" 10
[ "$WAIT_RC" != timeout ] || fail "v4l2-ctl did not stop on SIGTERM"
capture_ok life6b 10
stop_producer
step "two applications at once (one streams, one queries)"

# 7. 60 create/exit cycles of whole producer processes.
for i in $(seq 60); do
	timeout 20 "$VCAMCTL" create --size 64x48 --format "$(echo YUYV NV12 MJPEG | cut -d' ' -f$((i % 3 + 1)))" \
		--count 3 --unthrottled --quiet >/dev/null 2>"$WORK/cycle.err" ||
		fail "create/exit cycle $i: $(cat "$WORK/cycle.err")"
done
left=$("$VCAMCTL" list 2>/dev/null | wc -l)
[ "$left" = 0 ] || fail "$left cameras left after 60 create/exit cycles"
step "60 create/exit cycles"

echo "PASS: ${#done_steps[@]} lifecycle scenarios"
