#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
#
# examples/rtp-send.sh + rtp-receive.sh, RTP JPEG and RTP H.264: a local
# sender (moving test picture) on 127.0.0.1 feeds the receiver, which offers
# a camera through vcam-launch; ffmpeg and gst-launch v4l2src must read
# moving, non-black frames from it, and the camera must go away with the
# receiver.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need gst-launch-1.0 gst-inspect-1.0 ffmpeg python3 setsid
gst-inspect-1.0 x264enc >/dev/null 2>&1 || vt_skip "x264enc missing (gstreamer1.0-plugins-ugly)"
SIZE=320x240 FPS=15
port=5610

for codec in jpeg h264; do
	label="vcam rtp $codec"
	port=$((port + 2))
	start=$(vt_now)
	vt_start_example "receive-$codec" examples/rtp-receive.sh --codec "$codec" \
		--port "$port" --size "$SIZE" --fps "$FPS" --label "$label"
	vt_bg "send-$codec" examples/rtp-send.sh --codec "$codec" --test --size "$SIZE" \
		--fps "$FPS" 127.0.0.1 "$port"
	sender=$VT_LAST_PID
	vt_wait_camera "receive-$codec" "$label" 300
	vt_log "$codec: camera $VT_DEV after $(vt_since "$start") s"
	why=$(vt_capture_check "$VT_DEV" "$SIZE" 30) || { vt_tail "send-$codec"; vt_fail "rtp $codec: $why"; }
	vt_stop_example "receive-$codec"
	kill -TERM "$sender"; vt_wait_pid "$sender" 20 >/dev/null
	vt_log "$codec: passed in $(vt_since "$start") s"
done
vt_pass "RTP JPEG and H.264 relays feed a camera that ffmpeg and v4l2src read"
