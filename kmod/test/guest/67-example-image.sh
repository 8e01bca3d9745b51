#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
#
# examples/image-camera.sh: a PNG (colour bars) is a camera; ffmpeg and
# gst-launch v4l2src read non-black frames of the camera's size from it at
# its frame rate.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need gst-launch-1.0 ffmpeg python3 setsid
SIZE=320x240 FPS=15 label="vcam still image"

img=$VT_TMP/bars.png
gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=1 ! \
	"video/x-raw,width=400,height=300" ! pngenc ! filesink location="$img" >/dev/null 2>&1 ||
	vt_fail "could not make the test image"
start=$(vt_now)
vt_start_example image examples/image-camera.sh --size "$SIZE" --fps "$FPS" \
	--label "$label" "$img"
vt_wait_camera image "$label" 300
vt_log "camera $VT_DEV after $(vt_since "$start") s"
why=$(vt_capture_check "$VT_DEV" "$SIZE" 30 --static) || vt_fail "still image: $why"
vt_stop_example image
vt_pass "a still image is a camera ffmpeg and v4l2src read"
