#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
# Real consumers capture vcamctl's counter pattern; counter-check verifies every capture:
# stamps intact, sequence never backwards, timestamps growing, few repeats.
# YUYV: v4l2-ctl (MMAP, USERPTR), read(), GStreamer v4l2src, ffmpeg. NV12: v4l2-ctl, GStreamer.
# MJPEG: v4l2-ctl, GStreamer, ffmpeg (stream copy).
set -u
. kmod/test/tools/guest-lib.sh
build_tools
ensure_dmabuf_source
for t in v4l2-ctl gst-launch-1.0 ffmpeg; do
	command -v $t >/dev/null || fail "$t is not installed"
done

W=320 H=240
results=()

# check NAME FORMAT FILE FRAMES : counter-check a capture of FRAMES frames.
check() {
	local name=$1 fmt=$2 file=$3 n=$4 out
	[ -s "$file" ] || fail "$name: captured nothing"
	out=$("$COUNTER_CHECK" --size ${W}x$H --format "$fmt" --min-frames "$n" \
		--min-distinct $((n / 2)) --max-repeats $((n / 2)) --max-blank 2 "$file")
	local rc=$?
	echo "# $name: $out" | head -n 1
	[ "$rc" = 0 ] || fail "$name: $(echo "$out" | grep FAIL | head -n 1)"
	results+=("$name")
}

# ---- YUYV
start_producer --label "vcam consumers" --size ${W}x$H --format YUYV --fps 30 --pattern counter --quiet
run v4l2-ctl-mmap 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=30 --stream-to="$WORK/mmap.yuyv"
check v4l2-ctl-mmap YUYV "$WORK/mmap.yuyv" 30
run v4l2-ctl-user 90 v4l2-ctl -d "$VIDEO_DEV" --stream-user=4 --stream-count=30 --stream-to="$WORK/user.yuyv"
check v4l2-ctl-user YUYV "$WORK/user.yuyv" 30
timeout -k 5 90 "$V4L2_READ" "$VIDEO_DEV" 30 "$WORK/read.yuyv" >"$WORK/read.log" 2>&1
rc=$?
case $rc in
0) check "read()" YUYV "$WORK/read.yuyv" 30 ;;
3) note "read(): the device does not offer V4L2_CAP_READWRITE; not tested" ;;
*) fail "read(): v4l2-read status $rc: $(cat "$WORK/read.log")" ;;
esac
run gst-yuyv 120 gst-launch-1.0 -q v4l2src device="$VIDEO_DEV" num-buffers=60 ! filesink location="$WORK/gst.yuyv"
check gst-v4l2src-yuyv YUYV "$WORK/gst.yuyv" 60
run ffmpeg-yuyv 120 ffmpeg -nostdin -loglevel error -f v4l2 -i "$VIDEO_DEV" -frames:v 60 -c:v copy -f rawvideo -y "$WORK/ff.yuyv"
check ffmpeg-yuyv YUYV "$WORK/ff.yuyv" 60
stop_producer

# ---- NV12
start_producer --label "vcam consumers" --size ${W}x$H --format NV12 --fps 30 --pattern counter --quiet
run v4l2-ctl-nv12 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=30 --stream-to="$WORK/mmap.nv12"
check v4l2-ctl-mmap-nv12 NV12 "$WORK/mmap.nv12" 30
run gst-nv12 120 gst-launch-1.0 -q v4l2src device="$VIDEO_DEV" num-buffers=60 ! filesink location="$WORK/gst.nv12"
check gst-v4l2src-nv12 NV12 "$WORK/gst.nv12" 60
stop_producer

# ---- MJPEG
start_producer --label "vcam consumers" --size ${W}x$H --format MJPEG --fps 30 --pattern counter --quiet
run v4l2-ctl-mjpeg 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=30 --stream-to="$WORK/mmap.mjpeg"
check v4l2-ctl-mmap-mjpeg MJPEG "$WORK/mmap.mjpeg" 30
run gst-mjpeg 120 gst-launch-1.0 -q v4l2src device="$VIDEO_DEV" num-buffers=60 ! image/jpeg ! filesink location="$WORK/gst.mjpeg"
check gst-v4l2src-mjpeg MJPEG "$WORK/gst.mjpeg" 60
run ffmpeg-mjpeg 120 ffmpeg -nostdin -loglevel error -f v4l2 -input_format mjpeg -i "$VIDEO_DEV" -frames:v 60 -c:v copy -f mjpeg -y "$WORK/ff.mjpeg"
check ffmpeg-mjpeg MJPEG "$WORK/ff.mjpeg" 60
# the frames decode: GStreamer's jpegdec takes them all
run gst-jpegdec 120 gst-launch-1.0 -q v4l2src device="$VIDEO_DEV" num-buffers=30 ! image/jpeg ! jpegdec ! fakesink
stop_producer

# ---- file:PATH feeds frames byte-exact: one raw frame, then one JPEG (partial length)
head -c $((W * H * 2)) "$WORK/mmap.yuyv" >"$WORK/one.yuyv"
start_producer --label "vcam file" --size ${W}x$H --format YUYV --pattern "file:$WORK/one.yuyv" --quiet
run file-yuyv 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=5 --stream-to="$WORK/file.yuyv"
stop_producer
# (no process substitution: the guest has no /dev/fd)
for i in 0 1 2 3 4; do
	dd if="$WORK/file.yuyv" of="$WORK/frame" bs=$((W * H * 2)) skip=$i count=1 2>/dev/null
	cmp -s "$WORK/frame" "$WORK/one.yuyv" || fail "file:PATH YUYV: captured frame $i differs from the file"
done
results+=(file-yuyv)
run mkjpeg 60 ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=size=${W}x$H -frames:v 1 -y "$WORK/one.jpg"
start_producer --label "vcam file" --size ${W}x$H --format MJPEG --pattern "file:$WORK/one.jpg" --quiet
run file-mjpeg 90 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=3 --stream-to="$WORK/file.mjpeg"
stop_producer
jl=$(stat -c %s "$WORK/one.jpg")
[ "$(stat -c %s "$WORK/file.mjpeg")" = $((3 * jl)) ] ||
	fail "file:PATH MJPEG: captured $(stat -c %s "$WORK/file.mjpeg") bytes, expected 3 x $jl (bytesused must be the JPEG's length)"
head -c "$jl" "$WORK/file.mjpeg" >"$WORK/frame"
cmp -s "$WORK/frame" "$WORK/one.jpg" || fail "file:PATH MJPEG: captured JPEG differs from the file"
results+=(file-mjpeg)

# ---- every DMA-BUF source this kernel offers feeds a camera
for a in udmabuf heap vgem; do
	out=$(timeout 30 "$VCAMCTL" create --size 64x48 --alloc $a --count 20 --unthrottled 2>&1)
	rc=$?
	case $rc in
	0) echo "$out" | grep -q "alloc=$a" || fail "--alloc $a: $out"; results+=("alloc-$a") ;;
	*) echo "$out" | grep -q "no DMA-BUF source" && { note "--alloc $a: not available here: $(echo "$out" | head -n 1)"; continue; }
	   fail "--alloc $a: status $rc: $out" ;;
	esac
done

echo "PASS: ${#results[@]} captures verified: ${results[*]}"
