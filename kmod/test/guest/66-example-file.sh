#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
#
# examples/file-camera.sh: a 1.5 s clip (moving ball) loops as a camera;
# ffmpeg reads 60 frames (4 s, more than two passes of the clip) that move
# and are not black.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need gst-launch-1.0 gst-inspect-1.0 ffmpeg python3 setsid
gst-inspect-1.0 x264enc >/dev/null 2>&1 || vt_skip "x264enc missing (gstreamer1.0-plugins-ugly)"
SIZE=320x240 FPS=15 label="vcam file loop"

clip=$VT_TMP/clip.mp4
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=22 ! \
	"video/x-raw,width=320,height=240,framerate=15/1" ! x264enc ! mp4mux ! \
	filesink location="$clip" >"$VT_TMP/clip.log" 2>&1 || { vt_tail clip; vt_fail "could not make the test clip"; }
start=$(vt_now)
HOME=$VT_TMP vt_start_example file examples/file-camera.sh --size "$SIZE" --fps "$FPS" \
	--label "$label" "$clip"
vt_wait_camera file "$label" 300
vt_log "camera $VT_DEV after $(vt_since "$start") s"
why=$(vt_capture_check "$VT_DEV" "$SIZE" 60) || vt_fail "file loop: $why"
vt_stop_example file
vt_pass "a looping clip is a camera ffmpeg and v4l2src read"
