#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
#
# examples/screen-camera.sh: the screen of a virtual X server (Xvfb), where
# a window shows a moving ball, is a camera; ffmpeg and gst-launch v4l2src
# read moving, non-black frames from it.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need Xvfb gst-launch-1.0 gst-inspect-1.0 ffmpeg python3 setsid
gst-inspect-1.0 ximagesrc >/dev/null 2>&1 || vt_skip "ximagesrc missing (gstreamer1.0-x)"
SIZE=320x240 FPS=15 label="vcam screen"
display=:47

vt_bg xvfb Xvfb "$display" -screen 0 320x240x24 -nolisten tcp
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X${display#:}" ] || { vt_tail xvfb; vt_fail "Xvfb did not start"; }
vt_bg ball gst-launch-1.0 videotestsrc is-live=true pattern=ball ! \
	"video/x-raw,width=320,height=240,framerate=15/1" ! videoconvert ! \
	ximagesink display="$display" sync=false
start=$(vt_now)
vt_start_example screen examples/screen-camera.sh --display "$display" --size "$SIZE" \
	--fps "$FPS" --label "$label"
vt_wait_camera screen "$label" 300
vt_log "camera $VT_DEV after $(vt_since "$start") s"
why=$(vt_capture_check "$VT_DEV" "$SIZE" 30) || { vt_tail ball; vt_fail "screen: $why"; }
vt_stop_example screen
vt_pass "an X screen is a camera ffmpeg and v4l2src read"
