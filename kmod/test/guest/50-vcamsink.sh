#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 1500
# tags: slow
#
# 50-vcamsink: the Java GStreamer element vcamsink against the real module.
#
# One JVM (vcam-launch: org.vcam.gst.launch.VcamLaunch from the gst-vcamsink jar) runs four chains:
#   yuy2   videotestsrc pattern=smpte100 ! YUY2 642x480 ! vcamsink
#   nv12   videotestsrc pattern=smpte100 ! I420 642x480 ! videoconvert ! NV12 ! vcamsink
#   jpeg   videotestsrc pattern=smpte100 ! 320x240 ! jpegenc ! vcamsink
#   recaps concat of YUY2 320x240 then 640x360 ! vcamsink (caps change mid-stream)
# While it runs, gst-launch-1.0 v4l2src reads each camera; every frame must equal, pixel for
# pixel, what the same videotestsrc chain gives without the camera. Consumers are killed
# (SIGKILL, SIGINT) while streaming and the cameras must keep delivering. The caps change must
# keep the same /dev/videoN. At the end the element's counters must show the zero-copy path
# for YUY2 and NV12 (frames-zero-copy + frames-copied = frames-queued): vcam-launch --stats
# prints them when the pipeline ends. In export mode (the default) a frame upstream rendered
# into a consumer's buffer that went away meanwhile (the killed consumers) is copied into the
# sink's own DMA-BUF: those few copies, at most 1 % of the frames, are the only ones allowed.
#
# Needs: the jar scripts/jar-path names (mvn -B package) or $VCAM_SINK_JAR.
set -u

NAME=50-vcamsink
. kmod/test/lib/vcamsink-test.sh
for c in java gst-launch-1.0 v4l2-ctl python3 timeout; do
	command -v "$c" >/dev/null || skip "$c missing"
done
[ -c /dev/vcam ] || fail "/dev/vcam missing: the vcam module is not loaded"

export HOME=$TMP/home
mkdir -p "$HOME"
# A copy of the host's plugin registry spares a full plugin scan under emulation.
for r in /root/.cache/gstreamer-1.0/registry.x86_64.bin "${SUDO_HOME:-/nonexistent}/.cache/gstreamer-1.0/registry.x86_64.bin"; do
	if [ -r "$r" ]; then cp "$r" "$TMP/registry.bin" && export GST_REGISTRY=$TMP/registry.bin; break; fi
done

N=1500       # frames per fixed chain: 100 s at 15 fps (more when the VM is slow); the consumer checks
             # must finish while it runs, which took up to ~100 s on a loaded host
H=750        # frames per half of the caps-change chain
YUY2="video/x-raw,format=YUY2,width=642,height=480,framerate=15/1"
I420="video/x-raw,format=I420,width=642,height=480,framerate=15/1"
SMALL="video/x-raw,width=320,height=240,framerate=15/1"

# --- references: the same chains without the camera --------------------------------------
ref() { # FILE CHAIN...
	local f=$1; shift
	timeout 120 gst-launch-1.0 -q videotestsrc pattern=smpte100 num-buffers=1 ! "$@" ! filesink location="$f" \
		>"$TMP/ref.log" 2>&1 || fail "reference $f: $(tail -n 1 "$TMP/ref.log")"
}
ref "$TMP/ref-yuy2" "$YUY2"
ref "$TMP/ref-nv12" "$I420" ! videoconvert ! video/x-raw,format=NV12
ref "$TMP/ref-jpeg" "$SMALL" ! jpegenc

# --- the producer --------------------------------------------------------------------------
say "starting the producer (java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2))"
start=$(date +%s)
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" org.vcam.gst.launch.VcamLaunch --stats -- \
	videotestsrc pattern=smpte100 num-buffers=$N ! "$YUY2" ! vcamsink name=yuy2 label=vcamsink-50-yuy2 \
	videotestsrc pattern=smpte100 num-buffers=$N ! "$I420" ! videoconvert ! video/x-raw,format=NV12 \
		! vcamsink name=nv12 label=vcamsink-50-nv12 \
	videotestsrc pattern=smpte100 num-buffers=$N ! "$SMALL" ! jpegenc ! vcamsink name=jpeg label=vcamsink-50-jpeg \
	concat name=c ! vcamsink name=recaps label=vcamsink-50-recaps \
	videotestsrc pattern=smpte100 num-buffers=$H ! video/x-raw,format=YUY2,width=320,height=240,framerate=30/1 ! c. \
	videotestsrc pattern=ball num-buffers=$H ! video/x-raw,format=YUY2,width=640,height=360,framerate=30/1 ! c. \
	>"$TMP/producer.log" 2>&1 &
producer=$!
PIDS+=("$producer")

# find_dev LABEL SECONDS: the /dev/videoN whose name is LABEL
find_dev() {
	local i n
	for ((i = 0; i < $2 * 10; i++)); do
		for n in /sys/class/video4linux/video*; do
			[ "$(cat "$n/name" 2>/dev/null)" = "$1" ] && { echo "/dev/${n##*/}"; return 0; }
		done
		kill -0 "$producer" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
declare -A DEV
for k in yuy2 nv12 jpeg recaps; do
	DEV[$k]=$(find_dev "vcamsink-50-$k" 300) || fail "camera vcamsink-50-$k did not appear (producer $(kill -0 $producer 2>/dev/null && echo running || echo exited))"
done
say "cameras after $(( $(date +%s) - start )) s: ${DEV[yuy2]} ${DEV[nv12]} ${DEV[jpeg]} ${DEV[recaps]}"

# --- consumers: capture and compare ----------------------------------------------------------
capture() { # KEY FRAMES: frames of camera KEY into $TMP/KEY-NN
	rm -f "$TMP/$1"-[0-9]*
	timeout 120 gst-launch-1.0 -q v4l2src device="${DEV[$1]}" num-buffers="$2" ! \
		multifilesink location="$TMP/$1-%02d" >"$TMP/consumer-$1.log" 2>&1
}
compare() { # KEY FORMAT WIDTH HEIGHT: frames equal the reference (raw: pixels only)
	python3 - "$TMP" "$@" <<'PY'
import glob, sys
tmp, key, fmt, w, h = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ref = open(f"{tmp}/ref-{key}", "rb").read()
frames = [open(f, "rb").read() for f in sorted(glob.glob(f"{tmp}/{key}-[0-9]*"))]
if not frames:
    sys.exit(f"{key}: no frame captured")
def rows(buf):
    """the pixel bytes of each row, whatever the stride"""
    if fmt == "YUY2":
        stride = len(buf) // h
        return [buf[y * stride:y * stride + 2 * w] for y in range(h)]
    stride = len(buf) * 2 // (h * 3)
    luma = [buf[y * stride:y * stride + w] for y in range(h)]
    chroma = [buf[stride * h + y * stride:stride * h + y * stride + w] for y in range(h // 2)]
    return luma + chroma
good = 0
for i, f in enumerate(frames):
    same = f == ref if fmt == "JPEG" else rows(f) == rows(ref)
    good += same
    if not same and i == len(frames) - 1:
        sys.exit(f"{key}: last frame ({len(f)} bytes) differs from the reference ({len(ref)} bytes)")
if good * 2 < len(frames):
    sys.exit(f"{key}: only {good} of {len(frames)} frames equal the reference")
print(f"{key}: {good} of {len(frames)} frames equal the reference")
PY
}
capture yuy2 8 & c1=$!
capture nv12 8 & c2=$!
capture jpeg 8 & c3=$!
wait $c1 || fail "v4l2src could not read ${DEV[yuy2]}: $(tail -n 1 "$TMP/consumer-yuy2.log")"
wait $c2 || fail "v4l2src could not read ${DEV[nv12]}: $(tail -n 1 "$TMP/consumer-nv12.log")"
wait $c3 || fail "v4l2src could not read ${DEV[jpeg]}: $(tail -n 1 "$TMP/consumer-jpeg.log")"

# --- consumers that go away abruptly -----------------------------------------------------------
killed_consumer() { # SIGNAL SECONDS COMMAND...: a consumer that streams, then gets SIGNAL
	local sig=$1 secs=$2 k
	shift 2
	"$@" >/dev/null 2>&1 &
	k=$!
	PIDS+=("$k")
	sleep "$secs"
	kill -"$sig" "$k" 2>/dev/null
	wait "$k" 2>/dev/null
}
killed_consumer KILL 4 gst-launch-1.0 -q v4l2src device="${DEV[yuy2]}" ! fakesink
killed_consumer INT 4 gst-launch-1.0 -q v4l2src device="${DEV[nv12]}" ! fakesink
killed_consumer KILL 3 v4l2-ctl -d "${DEV[yuy2]}" --stream-mmap --stream-count=100000
sleep 1
kill -0 "$producer" 2>/dev/null || fail "the producer exited while consumers came and went"
capture yuy2 4 || fail "${DEV[yuy2]} unreadable after killed consumers: $(tail -n 1 "$TMP/consumer-yuy2.log")"

# --- caps change: the camera comes back as 640x360 on the same node ------------------------------
recaps=${DEV[recaps]}
for ((i = 0; i < 3000; i++)); do
	fmt=$(v4l2-ctl -d "$recaps" --get-fmt-video 2>/dev/null)
	echo "$fmt" | grep -q "Width/Height *: *640/360" && break
	kill -0 "$producer" 2>/dev/null || break
	sleep 0.2
done
echo "$fmt" | grep -q "Width/Height *: *640/360" || fail "the recaps camera never became 640x360 on $recaps"
[ "$(find_dev vcamsink-50-recaps 5)" = "$recaps" ] || fail "the camera moved away from $recaps on a caps change"
say "caps change: $recaps is now 640x360"

# --- the captures against their references (CPU-heavy: done once the live checks are over; the
# --- yuy2 capture is the one taken after the killed consumers) ---------------------------------
why=$(compare yuy2 YUY2 642 480 2>&1) || fail "after killed consumers: $why"; say "after killed consumers: $why"
why=$(compare nv12 NV12 642 480 2>&1) || fail "$why"; say "$why"
why=$(compare jpeg JPEG 320 240 2>&1) || fail "$why"; say "$why"

# --- the producer ends by itself; its counters ----------------------------------------------------
for ((i = 0; i < 9000; i++)); do kill -0 "$producer" 2>/dev/null || break; sleep 0.1; done
kill -0 "$producer" 2>/dev/null && fail "the producer did not end within 900 s after the checks"
wait "$producer"; rc=$?
[ $rc = 0 ] || fail "the producer exited with status $rc: $(grep -m1 ERROR "$TMP/producer.log")"
counter() { sed -n "s/^$1: .*$2=\([0-9]*\).*/\1/p" "$TMP/producer.log"; }
for k in yuy2 nv12 jpeg; do
	q=$(counter $k frames-queued) z=$(counter $k frames-zero-copy) c=$(counter $k frames-copied) d=$(counter $k frames-dropped)
	[ -n "$q" ] || fail "no counters for $k in the producer output"
	say "$k: queued $q zero-copy $z copied $c dropped $d"
	[ $((q + d)) = $N ] || fail "$k: queued $q + dropped $d != $N buffers"
	[ "$q" -gt 0 ] || fail "$k: nothing queued"
	if [ $k = jpeg ]; then
		[ "$c" = "$q" ] || fail "jpeg: $c of $q frames copied"
	else
		{ [ $((z + c)) = "$q" ] && [ $((c * 100)) -le "$q" ]; } ||
			fail "$k: zero-copy $z, copied $c of $q frames: not the zero-copy path"
	fi
done
v=$(sed -n 's/^recaps: video-device=\([^ ]*\).*/\1/p' "$TMP/producer.log")
[ "$v" = "$recaps" ] || fail "recaps ended on ${v:-no camera}, not $recaps"
pass "vcamsink: YUY2/NV12 642x480 zero-copy and JPEG equal to their references, consumers killed, caps change on $recaps ($(( $(date +%s) - start )) s)"
