#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
# tags: slow
#
# 51-vcamsink-export: vcamsink in export mode (its default when the module offers it) against the
# real module. One vcam-launch runs
#   videotestsrc is-live=true pattern=smpte100 ! YUY2 320x240 30/1 ! vcamsink
# and prints its counters every second (--status: the module's own kernel new / bytes-copied /
# exported). For each MMAP consumer people use (GStreamer v4l2src, ffmpeg, v4l2-ctl's mmap
# reader), while it streams:
#   - every frame equals videotestsrc's own frame, pixel for pixel (upstream rendered it straight
#     into the consumer's buffer, in the camera's layout);
#   - over a window of at least 2 s inside the stream the module delivered new frames, at least
#     3/4 of them rendered in the consumer's own buffer (kernel exported), and copied at most
#     one frame in four (frames due while the consumer held all its buffers).
# Then a consumer is SIGKILLed and another one stops while buffers are lent: the producer carries
# on (own buffers, then the next consumer's), and its --stats line at the end shows the exported
# frames in the element's and in the module's counters.
#
# Needs: the runnable jar (scripts/jar-path; mvn -B package) or $VCAM_SINK_JAR.
set -u

NAME=51-vcamsink-export
. kmod/test/lib/vcamsink-test.sh
for c in java gst-launch-1.0 ffmpeg v4l2-ctl python3 timeout; do
	command -v "$c" >/dev/null || skip "$c missing"
done
[ -c /dev/vcam ] || fail "/dev/vcam missing: the vcam module is not loaded"

export HOME=$TMP/home
mkdir -p "$HOME"
for r in /root/.cache/gstreamer-1.0/registry.x86_64.bin "${SUDO_HOME:-/nonexistent}/.cache/gstreamer-1.0/registry.x86_64.bin"; do
	if [ -r "$r" ]; then cp "$r" "$TMP/registry.bin" && export GST_REGISTRY=$TMP/registry.bin; break; fi
done

W=320 H=240
FRAME=$((W * H * 2))
CAPS="video/x-raw,format=YUY2,width=$W,height=$H,framerate=30/1"
LABEL=vcamsink-51-export

# --- the reference: smpte100 is the same picture in every frame ---------------------------------
out=$(timeout 120 gst-launch-1.0 -q videotestsrc pattern=smpte100 num-buffers=1 ! "$CAPS" \
	! filesink location="$TMP/ref" 2>&1) || fail "reference frame: $out"
[ "$(stat -c %s "$TMP/ref")" = $FRAME ] || fail "reference frame is not $FRAME bytes"

# --- the producer ----------------------------------------------------------------------------------
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" org.vcam.gst.launch.VcamLaunch -e --status --stats -- \
	videotestsrc is-live=true pattern=smpte100 ! "$CAPS" ! vcamsink name=x label=$LABEL \
	>"$TMP/producer.log" 2>&1 &
producer=$!
PIDS+=("$producer")
dev=
for ((i = 0; i < 3000; i++)); do
	for n in /sys/class/video4linux/video*; do
		[ "$(cat "$n/name" 2>/dev/null)" = $LABEL ] && dev=/dev/${n##*/}
	done
	[ -n "$dev" ] && break
	kill -0 "$producer" 2>/dev/null || fail "the producer exited before its camera appeared"
	sleep 0.1
done
[ -n "$dev" ] || fail "camera $LABEL did not appear within 300 s"
say "camera $dev"

# counters NAME: "new copied exported" from the producer's latest status line
counters() {
	local line
	line=$(grep '^status:' "$TMP/producer.log" | tail -n 1)
	echo "$line" | sed -n 's/.*kernel new \([0-9]*\) bytes-copied \([0-9]*\) exported \([0-9]*\).*/\1 \2 \3/p'
}
# next_status: wait for the producer's next status line (at most 10 s)
next_status() {
	local n i
	n=$(grep -c '^status:' "$TMP/producer.log")
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c '^status:' "$TMP/producer.log")" -gt "$n" ] && return 0
		sleep 0.1
	done
	fail "the producer printed no status line for 10 s"
}

# compare FILE: every whole frame in FILE equals the reference
compare() {
	python3 - "$TMP/ref" "$1" $FRAME <<'PY'
import sys
ref = open(sys.argv[1], "rb").read()
data = open(sys.argv[2], "rb").read()
size = int(sys.argv[3])
n = len(data) // size
if n == 0:
    sys.exit("no frame captured")
bad = [i for i in range(n) if data[i * size:(i + 1) * size] != ref]
if bad:
    sys.exit(f"{len(bad)} of {n} frames differ from videotestsrc's (first: frame {bad[0]})")
print(f"{n} frames equal videotestsrc's")
PY
}

# consume NAME CMD...: the consumer streams (in the background) into $TMP/NAME.yuyv; inside its
# stream, two status lines at least 2 s apart must show new frames, nearly all rendered in place
consume() {
	local name=$1 c a b
	shift
	"$@" >"$TMP/$name.log" 2>&1 &
	c=$!
	PIDS+=("$c")
	for ((i = 0; i < 600; i++)); do
		[ -s "$TMP/$name.yuyv" ] && break
		kill -0 $c 2>/dev/null || fail "$name ended before its first frame: $(tail -n 2 "$TMP/$name.log" | tr '\n' ' ')"
		sleep 0.1
	done
	[ -s "$TMP/$name.yuyv" ] || fail "$name: no frame within 60 s"
	next_status
	next_status
	a=$(counters)
	next_status
	next_status
	next_status
	b=$(counters)
	kill -0 $c 2>/dev/null || fail "$name ended inside the measuring window: stream longer (it got $(($(stat -c %s "$TMP/$name.yuyv") / FRAME)) frames)"
	read -r n0 c0 x0 <<<"$a"
	read -r n1 c1 x1 <<<"$b"
	if [ -z "$n0" ] || [ -z "$n1" ]; then
		fail "$name: cannot read the kernel counters from the status lines"
	fi
	say "$name: in the window: $((n1 - n0)) new frames, $((x1 - x0)) exported, $((c1 - c0)) bytes copied"
	[ $((n1 - n0)) -gt 0 ] || fail "$name: no new frame delivered in the window"
	# A frame is copied when the consumer held every one of its buffers as it was due
	# (vcamsink then renders into its own DMA-BUF rather than wait), or when a frame
	# rendered into one consumer buffer is delivered into another: at least 3/4 of the new
	# frames rendered in place, and at most 1/4 of them copied.
	local new=$((n1 - n0)) copied=$((c1 - c0)) exported=$((x1 - x0))
	[ $((copied * 4)) -le $((new * FRAME)) ] ||
		fail "$name: the module copied $copied bytes for $new new frames: more than one frame in four"
	[ $((exported * 4)) -ge $((new * 3)) ] ||
		fail "$name: only $exported of $new new frames rendered in the consumer's buffer (at least 3/4 expected)"
	timeout 300 tail --pid=$c -f /dev/null
	wait $c || fail "$name exited with an error: $(tail -n 2 "$TMP/$name.log" | tr '\n' ' ')"
	why=$(compare "$TMP/$name.yuyv") || fail "$name: $why"
	say "$name: $why"
	RESULTS+=("$name $new new / $exported in place / $copied B copied")
}

RESULTS=()
consume v4l2src timeout 300 gst-launch-1.0 -q v4l2src device="$dev" num-buffers=300 ! "$CAPS" \
	! filesink location="$TMP/v4l2src.yuyv"
consume ffmpeg timeout 300 ffmpeg -nostdin -loglevel error -f v4l2 -i "$dev" -frames:v 300 -c:v copy \
	-f rawvideo -y "$TMP/ffmpeg.yuyv"
consume mmap timeout 300 v4l2-ctl -d "$dev" --stream-mmap=4 --stream-count=300 --stream-to="$TMP/mmap.yuyv"

# --- consumers that go away with buffers lent --------------------------------------------------------
for sig in KILL TERM KILL; do
	v4l2-ctl -d "$dev" --stream-mmap=3 --stream-count=100000 --stream-to=/dev/null >/dev/null 2>&1 &
	k=$!
	PIDS+=("$k")
	sleep 2
	kill -$sig $k 2>/dev/null
	wait $k 2>/dev/null
	kill -0 "$producer" 2>/dev/null || fail "the producer exited when a consumer went away (SIG$sig)"
done
before=$(grep '^status:' "$TMP/producer.log" | tail -n 1 | sed -n 's/.*queued \([0-9]*\).*/\1/p')
next_status
next_status
after=$(grep '^status:' "$TMP/producer.log" | tail -n 1 | sed -n 's/.*queued \([0-9]*\).*/\1/p')
[ "${after:-0}" -gt "${before:-0}" ] || fail "the producer stopped queueing frames after the consumers went away"
rm -f "$TMP/again.yuyv"
timeout 120 gst-launch-1.0 -q v4l2src device="$dev" num-buffers=30 ! "$CAPS" ! filesink location="$TMP/again.yuyv" \
	>"$TMP/again.log" 2>&1 || fail "v4l2src after killed consumers: $(tail -n 1 "$TMP/again.log")"
why=$(compare "$TMP/again.yuyv") || fail "after killed consumers: $why"

# --- the end: the counters of the element and of the module -----------------------------------------
# SIGTERM: a background job of a script ignores SIGINT, and vcam-launch leaves an ignored
# signal ignored; SIGTERM ends it the same way (EOS with -e, then the --stats line).
kill -TERM "$producer"
timeout 120 tail --pid="$producer" -f /dev/null
kill -0 "$producer" 2>/dev/null && fail "the producer did not end within 120 s of SIGTERM"
wait "$producer"; rc=$?
[ $rc = 0 ] || fail "the producer exited with status $rc"
final=$(grep '^x: ' "$TMP/producer.log")
[ -n "$final" ] || fail "no --stats line"
say "$final"
field() { echo "$final" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
[ "$(field frames-exported)" -gt 0 ] || fail "frames-exported is 0"
[ "$(field kernel-exported)" -gt 0 ] || fail "kernel-exported is 0"
[ "$(field frames-dropped)" = 0 ] || fail "frames dropped: $(field frames-dropped)"
pass "vcamsink export mode: ${RESULTS[*]}; pixel-exact; consumers killed with buffers lent"
